"""`etiquette interviews list|add|show`, `etiquette export`, `etiquette import`: backup and move history."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest
from etiquette import cli
from etiquette.app import create_app

API = "/api/v1/interviews"


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def seed(db):
    """Two interviews with history, made the way the extension makes them: over the API."""
    client = create_app({"TESTING": True, "DATABASE": str(db)}).test_client()
    acme = client.post(
        API,
        json={
            "company": "Acme Analytics",
            "position": "Data Engineer",
            "interviewer": "Siobhan O'Donnell",
            "interviewer_email": "siobhan@acme.example",
            "interview_at": "2026-11-10T10:00:00+00:00",
            "decision_by": "2026-11-20",
            "notes": "Panel: Siobhan, Raj. Asked about dbt.\nSecond line — ünïcode",
        },
    ).get_json()
    client.delete(f"{API}/{client.post(API, json={'company': 'Deleted Co'}).get_json()['id']}")  # an id gap
    globex = client.post(API, json={"company": "Globex", "stage": "applied"}).get_json()
    client.post(
        f"{API}/{acme['id']}/messages",
        json={"kind": "thank_you", "sent_at": "2026-11-10T16:00:00+00:00"},
        headers={"Idempotency-Key": "send-1"},
    )
    client.post(
        f"{API}/{acme['id']}/messages",
        json={"kind": "follow_up", "sent_at": "2026-11-21T09:00:00", "note": "short nudge"},
    )
    return acme, globex


def export_of(capsys, db):
    code, out, _ = run(capsys, "export", "--db", str(db))
    assert code == 0
    data = json.loads(out)
    data.pop("exported_at")
    return data


def test_add_list_and_show(capsys, tmp_path):
    db = tmp_path / "t.sqlite3"
    code, out, _ = run(
        capsys,
        "interviews",
        "add",
        "--company",
        "Acme Analytics",
        "--position",
        "Data Engineer",
        "--interviewer",
        "Siobhan O'Donnell",
        "--email",
        "siobhan@acme.example",
        "--at",
        "2026-11-10T10:00:00+00:00",
        "--db",
        str(db),
    )
    assert code == 0 and "#1 Acme Analytics" in out
    code, out, _ = run(capsys, "interviews", "list", "--db", str(db))
    assert code == 0
    assert out.splitlines() == [
        "#1 Acme Analytics — Data Engineer  (interviewed, Siobhan O'Donnell <siobhan@acme.example>, "
        "interview 2026-11-10T10:00:00+00:00)"
    ]
    code, out, _ = run(capsys, "interviews", "show", "1", "--json", "--db", str(db))
    shown = json.loads(out)
    assert shown["company"] == "Acme Analytics" and shown["messages"] == []
    code, out, _ = run(
        capsys, "interviews", "list", "--email", "SIOBHAN@acme.example", "--json", "--db", str(db)
    )
    assert [i["id"] for i in json.loads(out)] == [1]


def test_show_lists_the_messages(capsys, tmp_path):
    db = tmp_path / "t.sqlite3"
    acme, _ = seed(db)
    code, out, _ = run(capsys, "interviews", "show", str(acme["id"]), "--db", str(db))
    assert code == 0
    assert "2026-11-10T16:00:00+00:00  thank-you" in out
    assert "2026-11-21T09:00:00  follow-up — short nudge" in out


def test_cli_errors_are_one_line_and_exit_1(capsys, tmp_path):
    db = tmp_path / "t.sqlite3"
    code, _, err = run(capsys, "interviews", "show", "9", "--db", str(db))
    assert code == 1 and "No interview with id 9" in err
    code, _, err = run(capsys, "interviews", "add", "--company", "Acme", "--at", "next week", "--db", str(db))
    assert code == 2 and "interview_at" in err  # a usage error since issue 10 (was 1)
    with pytest.raises(SystemExit) as info:
        cli.main(["interviews", "add", "--stage", "hired", "--company", "Acme", "--db", str(db)])
    assert info.value.code == 2
    broken = tmp_path / "broken.sqlite3"
    broken.write_text("not a database " * 100)
    code, _, err = run(capsys, "interviews", "list", "--db", str(broken))
    assert code == 1 and "damaged" in err
    assert broken.read_text() == "not a database " * 100


def test_export_then_import_into_an_empty_database_round_trips_everything(capsys, tmp_path, make_app):
    source, target = tmp_path / "a.sqlite3", tmp_path / "new" / "b.sqlite3"
    target.parent.mkdir()  # --db never creates its folder (issue 10)
    seed(source)
    backup = tmp_path / "backup.json"
    code, _, err = run(capsys, "export", str(backup), "--db", str(source))
    assert code == 0 and "2 interview(s) and 2 message(s)" in err
    code, out, _ = run(capsys, "import", str(backup), "--db", str(target))
    assert code == 0 and "Imported 2 new interview(s)" in out and "added 2 message(s)" in out
    assert export_of(capsys, target) == export_of(capsys, source)  # ids, times, notes, keys, uids: all of it
    # The idempotency key came along: the same Send retried against the new database is not doubled.
    client = make_app(DATABASE=str(target)).test_client()
    acme_id = export_of(capsys, target)["interviews"][0]["id"]
    retry = client.post(
        f"{API}/{acme_id}/messages", json={"kind": "thank_you"}, headers={"Idempotency-Key": "send-1"}
    )
    assert retry.status_code == 200


def test_importing_twice_or_into_the_source_adds_nothing(capsys, tmp_path):
    source = tmp_path / "a.sqlite3"
    seed(source)
    backup = tmp_path / "backup.json"
    run(capsys, "export", str(backup), "--db", str(source))
    before = export_of(capsys, source)
    for _ in range(2):
        code, out, _ = run(capsys, "import", str(backup), "--db", str(source))
        assert code == 0 and "Imported 0 new interview(s), updated 0, added 0 message(s)" in out
    assert export_of(capsys, source) == before


def test_import_merges_into_a_database_that_has_its_own_history(capsys, tmp_path, make_app):
    laptop, desktop = tmp_path / "laptop.sqlite3", tmp_path / "desktop.sqlite3"
    seed(laptop)
    client = make_app(DATABASE=str(desktop)).test_client()
    own = client.post(
        API, json={"company": "Initech", "interviewer_email": "bill@initech.example"}
    ).get_json()
    client.post(f"{API}/{own['id']}/messages", json={"kind": "thank_you"})
    backup = tmp_path / "laptop.json"
    run(capsys, "export", str(backup), "--db", str(laptop))
    assert run(capsys, "import", str(backup), "--db", str(desktop))[0] == 0

    merged = export_of(capsys, desktop)["interviews"]
    by_company = {i["company"]: i for i in merged}
    assert sorted(by_company) == ["Acme Analytics", "Globex", "Initech"]
    assert by_company["Initech"]["id"] == own["id"]  # the desktop's own rows keep their ids
    assert [m["kind"] for m in by_company["Acme Analytics"]["messages"]] == ["thank_you", "follow_up"]
    assert [m["kind"] for m in by_company["Initech"]["messages"]] == ["thank_you"]
    # Renumbered rows still hang together: Acme's history reaches the checker through the new id.
    acme_id = by_company["Acme Analytics"]["id"]
    assert len(client.get(f"{API}/{acme_id}/messages").get_json()) == 2


def test_a_newer_copy_in_the_file_updates_the_interview_only_with_replace(capsys, tmp_path):
    """Issue 11 changed this: import used to overwrite a record whose copy in the file was newer (the
    README promised existing records are skipped); now only --replace does."""
    db = tmp_path / "a.sqlite3"
    acme, _ = seed(db)
    backup = tmp_path / "backup.json"
    run(capsys, "export", str(backup), "--db", str(db))
    data = json.loads(backup.read_text())
    data["interviews"][0]["stage"] = "offer"
    data["interviews"][0]["updated_at"] = "2030-01-01T00:00:00+00:00"
    backup.write_text(json.dumps(data))
    code, out, _ = run(capsys, "import", str(backup), "--db", str(db))
    assert code == 0 and "updated 0" in out
    assert (
        f"skipped interview Acme Analytics (uid {data['interviews'][0]['uid']}): already here as #{acme['id']}"
        in out
    )
    assert export_of(capsys, db)["interviews"][0]["stage"] == "interviewed"
    code, out, _ = run(capsys, "import", str(backup), "--db", str(db), "--replace")
    assert code == 0 and "updated 2" in out
    assert export_of(capsys, db)["interviews"][0]["stage"] == "offer"


@pytest.mark.parametrize(
    "content",
    [
        "{ not json",
        '["a list"]',
        '{"format": "something-else", "version": 1, "interviews": []}',
        '{"format": "follow-up-etiquette", "version": 1, "interviews": [{"uid": "u", "company": "A", '
        '"stage": "applied", "messages": [{"uid": "m", "kind": "telegram", "sent_at": "2026-01-01"}]}]}',
    ],
)
def test_a_bad_import_file_changes_nothing(capsys, tmp_path, content):
    db = tmp_path / "a.sqlite3"
    seed(db)
    before = hashlib.sha256(json.dumps(export_of(capsys, db)).encode()).hexdigest()
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    code, _, err = run(capsys, "import", str(bad), "--db", str(db))
    assert code == 1 and err.startswith("etiquette: ")
    assert hashlib.sha256(json.dumps(export_of(capsys, db)).encode()).hexdigest() == before


def test_the_installed_command_exports_to_stdout(tmp_path):
    """The console script a user types, not just main(): stdout carries only the JSON."""
    db = tmp_path / "a.sqlite3"
    seed(db)
    result = subprocess.run(
        [sys.executable, "-m", "etiquette", "export", "-", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    exported = json.loads(result.stdout)
    assert [i["company"] for i in exported["interviews"]] == ["Acme Analytics", "Globex"]
