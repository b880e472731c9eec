"""`etiquette import` keeps what the README promises: an existing record is never overwritten (only with
--replace), every skipped record is reported with its reason, ids stay JavaScript-safe (<= 2**53 - 1)
in the file, the store and the API, and a file nested deeper than any export is refused in one line.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest
from etiquette import cli
from etiquette.app import create_app
from etiquette.vocab import MAX_ID
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

API = "/api/v1/interviews"


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def export_file(tmp_path, interviews, name="backup.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"format": "follow-up-etiquette", "version": 1, "interviews": interviews}))
    return str(path)


def interview(uid, company="Acme", **fields):
    return {"uid": uid, "company": company, "stage": "interviewed", **fields}


def message(uid, key=None, **fields):
    return {
        "uid": uid,
        "kind": "follow_up",
        "sent_at": "2026-11-25T10:00:00+00:00",
        "idempotency_key": key,
        **fields,
    }


def rows(db, sql):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_an_existing_record_is_never_overwritten_even_by_a_newer_copy_with_fields_missing(capsys, tmp_path):
    db = str(tmp_path / "t.sqlite3")
    first = export_file(
        tmp_path,
        [interview("i1", position="Data Engineer", notes="keep me", updated_at="2026-11-01T00:00:00+00:00")],
        "first.json",
    )
    assert run(capsys, "import", first, "--db", db)[0] == 0
    newer = export_file(
        tmp_path, [interview("i1", company="Acme Renamed", updated_at="2030-01-01T00:00:00+00:00")]
    )
    code, out, _ = run(capsys, "import", newer, "--db", db)
    assert code == 0
    assert (
        "skipped 1 record(s)" in out and "skipped interview Acme Renamed (uid i1): already here as #" in out
    )
    assert rows(db, "SELECT company, position, notes FROM interviews") == [
        ("Acme", "Data Engineer", "keep me")
    ]


def test_a_file_without_timestamps_changes_nothing_the_second_time(capsys, tmp_path):
    db = str(tmp_path / "t.sqlite3")
    path = export_file(tmp_path, [interview("i1", messages=[message("m1")])])
    assert "Imported 1 new interview(s)" in run(capsys, "import", path, "--db", db)[1]
    before = rows(db, "SELECT * FROM interviews") + rows(db, "SELECT * FROM messages")
    code, out, _ = run(capsys, "import", path, "--db", db)
    assert (
        code == 0 and "Imported 0 new interview(s), updated 0, added 0 message(s); skipped 2 record(s)" in out
    )
    assert "skipped message follow-up of 2026-11-25 for Acme (uid m1): already here as message 1" in out
    assert rows(db, "SELECT * FROM interviews") + rows(db, "SELECT * FROM messages") == before


def test_two_messages_sharing_an_idempotency_key_keep_one_and_report_the_other(capsys, tmp_path):
    db = str(tmp_path / "t.sqlite3")
    path = export_file(
        tmp_path, [interview("i1", messages=[message("m1", "send-1"), message("m2", "send-1")])]
    )
    code, out, _ = run(capsys, "import", path, "--db", db)
    assert code == 0 and "added 1 message(s)" in out
    assert (
        "skipped message follow-up of 2026-11-25 for Acme (uid m2): its idempotency key 'send-1' is already "
        "used by message 1" in out
    )
    # A key already used in the database is reported the same way.
    other = export_file(
        tmp_path, [interview("i2", "Globex", messages=[message("m3", "send-1")])], "other.json"
    )
    code, out, _ = run(capsys, "import", other, "--db", db)
    assert code == 0 and "(uid m3): its idempotency key 'send-1'" in out
    assert rows(db, "SELECT uid FROM messages ORDER BY id") == [("m1",)]


def test_replace_overwrites_only_the_fields_the_file_gives(capsys, tmp_path):
    db = str(tmp_path / "t.sqlite3")
    run(
        capsys,
        "import",
        export_file(
            tmp_path,
            [
                interview(
                    "i1", position="Data Engineer", notes="keep me", messages=[message("m1", note="first")]
                )
            ],
            "a.json",
        ),
        "--db",
        db,
    )
    path = export_file(
        tmp_path,
        [
            {
                "uid": "i1",
                "company": "Acme Analytics",
                "stage": "offer",
                "messages": [message("m1", note="edited")],
            }
        ],
    )
    code, out, _ = run(capsys, "import", path, "--db", db, "--replace")
    assert code == 0 and "updated 1" in out and "replaced 1 message(s)" in out
    assert rows(db, "SELECT company, stage, position, notes FROM interviews") == [
        ("Acme Analytics", "offer", "Data Engineer", "keep me")
    ]
    assert rows(db, "SELECT note FROM messages") == [("edited",)]


def test_replace_is_documented_in_the_help_and_the_readme():
    help_text = subprocess.run(
        [sys.executable, "-m", "etiquette", "import", "--help"], capture_output=True, text=True, timeout=60
    ).stdout
    assert "--replace" in help_text
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "--replace" in readme


@pytest.mark.parametrize(
    "body",
    [
        "[" * 200_000 + "]" * 200_000,
        '{"format": "follow-up-etiquette", "version": 1, "interviews": [{"uid": "i", "company": "A", "stage": '
        '"applied", "notes": ' + "[" * 50_000 + "]" * 50_000 + "}]}",
        '{"format": "follow-up-etiquette", "version": 1, "interviews": [{"uid": "i", "company": "A", "stage": '
        '"applied", "messages": [{"uid": "m", "kind": "other", "sent_at": "2026-01-01", "note": [[1]]}]}]}',
    ],
)
def test_a_file_nested_deeper_than_an_export_is_refused_in_one_line(tmp_path, body):
    path = tmp_path / "deep.json"
    path.write_text(body)
    db = tmp_path / "t.sqlite3"
    r = subprocess.run(
        [sys.executable, "-m", "etiquette", "import", str(path), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 1
    assert (
        len(r.stderr.strip().splitlines()) == 1
        and "Traceback" not in r.stderr
        and "Recursion" not in r.stderr
    )
    assert "nest" in r.stderr
    assert not db.exists() or rows(db, "SELECT COUNT(*) FROM interviews") == [(0,)]


def test_a_real_export_is_not_too_deep(capsys, tmp_path, make_app):
    db = str(tmp_path / "t.sqlite3")
    client = make_app(DATABASE=db).test_client()
    made = client.post(API, json={"company": "Acme"}).get_json()
    client.post(f"{API}/{made['id']}/messages", json={"kind": "thank_you"})
    backup = str(tmp_path / "b.json")
    assert run(capsys, "export", backup, "--db", db)[0] == 0
    code, out, _ = run(capsys, "import", backup, "--db", str(tmp_path / "other.sqlite3"))
    assert code == 0 and "Imported 1 new interview(s)" in out


@pytest.mark.parametrize("bad_id", [MAX_ID + 1, 2**62, 2**63 - 1, 0, -1])
def test_ids_past_javascripts_safe_integers_are_refused_in_a_file(capsys, tmp_path, bad_id):
    db = str(tmp_path / "t.sqlite3")
    for item in [interview("i1", id=bad_id), interview("i1", messages=[message("m1", id=bad_id)])]:
        code, _, err = run(capsys, "import", export_file(tmp_path, [item]), "--db", db)
        assert code == 1 and "id" in err


def test_after_importing_the_largest_safe_id_new_records_still_get_safe_ids(capsys, tmp_path, make_app):
    db = str(tmp_path / "t.sqlite3")
    path = export_file(tmp_path, [interview("i1", id=MAX_ID, messages=[message("m1", id=MAX_ID)])])
    code, _out, _ = run(capsys, "import", path, "--db", db)
    assert code == 0
    client = make_app(DATABASE=db).test_client()
    assert client.get(f"{API}/{MAX_ID}").status_code == 200
    made = client.post(API, json={"company": "Globex"})
    assert made.status_code == 201 and made.get_json()["id"] <= MAX_ID
    second = client.post(API, json={"company": "Initech"}).get_json()["id"]
    assert second <= MAX_ID and second != made.get_json()["id"]
    logged = client.post(f"{API}/{MAX_ID}/messages", json={"kind": "thank_you"})
    assert logged.status_code == 201 and logged.get_json()["id"] <= MAX_ID
    checked = client.post("/api/v1/check", json={"text": "Thank you", "interview_id": MAX_ID})
    assert checked.status_code == 200


def test_ids_past_the_safe_range_are_404_in_paths_and_422_in_bodies(tmp_path, make_app):
    client = make_app(DATABASE=str(tmp_path / "t.sqlite3")).test_client()
    for too_big in (MAX_ID + 1, 2**62, 2**63, 2**70):
        assert client.get(f"{API}/{too_big}").status_code == 404
        assert client.post(f"{API}/{too_big}/messages", json={"kind": "other"}).status_code == 404
        for path, body in [
            ("/api/v1/check", {"text": "hi", "interview_id": too_big}),
            ("/api/v1/templates/thank_you/render", {"interview_id": too_big}),
        ]:
            reply = client.post(path, json=body)
            assert reply.status_code == 422 and "interview_id" in reply.get_json()["error"]["fields"], path
    reply = client.post("/api/v1/check", json={"text": "hi", "interview_id": MAX_ID})
    assert reply.status_code == 404  # in range, just not there


_fuzz_client = None


def fuzz_client():
    global _fuzz_client
    if _fuzz_client is None:
        import tempfile

        _fuzz_client = create_app(
            {"DATABASE": tempfile.mkdtemp(prefix="etq-ids-") + "/t.sqlite3"}
        ).test_client()
        _fuzz_client.post(API, json={"company": "Acme"})
    return _fuzz_client


ids = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, 1, MAX_ID, MAX_ID + 1, 2**62, 2**63 - 1, 2**63, 2**64]),
)


@settings(
    max_examples=60, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
@given(interview_id=ids, body_id=ids | st.floats() | st.text(max_size=5) | st.booleans() | st.none())
def test_any_id_in_a_path_or_a_body_is_answered_never_a_500(interview_id, body_id):
    c = fuzz_client()
    for method, path, body in [
        ("GET", f"{API}/{interview_id}", None),
        ("PATCH", f"{API}/{interview_id}", {"stage": "offer"}),
        ("GET", f"{API}/{interview_id}/messages", None),
        ("POST", f"{API}/{interview_id}/messages", {"kind": "other"}),
        ("DELETE", f"{API}/{interview_id + 10**6 if interview_id > 1 else interview_id}", None),
        ("POST", "/api/v1/check", {"text": "Thank you", "interview_id": body_id}),
        ("POST", "/api/v1/templates/thank_you/render", {"interview_id": body_id}),
    ]:
        reply = c.open(
            path,
            method=method,
            data=None if body is None else json.dumps(body),
            headers={"Content-Type": "application/json"} if body is not None else {},
        )
        assert reply.status_code in (200, 201, 204, 404, 422), (method, path, body, reply.get_data()[:200])
        if reply.status_code in (200, 201) and reply.is_json and isinstance(reply.get_json(), dict):
            assert reply.get_json().get("id", 0) <= MAX_ID


def test_a_database_holding_ids_past_2_53_from_an_older_import_is_renumbered_once(tmp_path, make_app):
    from etiquette.tracker import db as store

    db = tmp_path / "old.sqlite3"
    conn = store.connect(str(db))
    conn.execute("PRAGMA user_version = 2")  # as the version before this migration left it
    conn.executemany(
        "INSERT INTO interviews (id, company, uid, created_at, updated_at) VALUES (?, ?, ?, 'x', 'x')",
        [(3, "Acme", "u3"), (2**62, "Globex", "u62"), (2**62 + 5, "Initech", "u67")],
    )
    conn.executemany(
        "INSERT INTO messages (id, interview_id, kind, sent_at, uid, created_at) "
        "VALUES (?, ?, 'follow_up', '2026-11-25T10:00:00+00:00', ?, 'x')",
        [(7, 3, "m7"), (2**62, 2**62, "m62"), (2**62 + 1, 2**62 + 5, "m63")],
    )
    conn.close()
    conn = store.connect(str(db))
    try:
        assert store.schema_version(conn) == store.SCHEMA_VERSION
        assert [tuple(r) for r in conn.execute("SELECT id, company FROM interviews ORDER BY id")] == [
            (3, "Acme"),
            (4, "Globex"),
            (5, "Initech"),
        ]
        assert [tuple(r) for r in conn.execute("SELECT id, interview_id, uid FROM messages ORDER BY id")] == [
            (7, 3, "m7"),
            (8, 4, "m62"),
            (9, 5, "m63"),
        ]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
    client = make_app(DATABASE=str(db)).test_client()
    assert client.post(API, json={"company": "Umbrella"}).get_json()["id"] == 6
    assert len(client.get(f"{API}/4/messages").get_json()) == 1
