"""Private to the user (issue 11): the data directory 0700, the database 0600, a token never on argv and
never taken from a file someone else could have planted, no file-system path in any API answer, and
no "another company you applied to" answer for a draft that is not matched to a tracked interview.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from argparse import Namespace

import pytest
from etiquette import tokens
from etiquette.app import create_app
from etiquette.live_server import LiveServer

POSIX = os.name == "posix"
ROOT = POSIX and os.getuid() == 0
TOKEN = "private-token-" + "p" * 32
CHROME = "chrome-extension://" + "abcdefghijklmnop" * 2


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def token_file(tmp_path, name="token", file_mode=0o600, content=TOKEN):
    path = tmp_path / name
    path.write_text(content + "\n")
    path.chmod(file_mode)
    return path


# --------------------------------------------------------------------------------- files and modes


@pytest.mark.skipif(not POSIX, reason="POSIX modes")
def test_a_new_data_directory_is_0700_and_the_database_and_its_journals_0600(tmp_path, monkeypatch):
    from etiquette.tracker import db as store
    from etiquette.tracker import service as tracker

    data = tmp_path / "new-data"
    monkeypatch.setenv("ETIQUETTE_DATA_DIR", str(data))
    client = create_app({"TESTING": True}).test_client()
    assert client.post("/api/v1/interviews", json={"company": "Acme"}).status_code == 201
    assert mode(data) == 0o700
    held = store.connect(str(data / "etiquette.sqlite3"))  # while a connection is open the WAL files exist
    try:
        tracker.create_interview(held, {"company": "Globex"})
        for name in ("etiquette.sqlite3", "etiquette.sqlite3-wal", "etiquette.sqlite3-shm"):
            assert mode(data / name) == 0o600, name
    finally:
        held.close()


@pytest.mark.skipif(not POSIX, reason="POSIX modes")
def test_an_older_0644_database_and_0755_default_data_directory_are_tightened(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    sqlite3.connect(data / "etiquette.sqlite3").close()
    (data / "etiquette.sqlite3").chmod(0o644)
    monkeypatch.setenv("ETIQUETTE_DATA_DIR", str(data))
    client = create_app({"TESTING": True}).test_client()
    assert client.get("/api/v1/interviews").status_code == 200
    assert mode(data) == 0o700
    assert mode(data / "etiquette.sqlite3") == 0o600


@pytest.mark.skipif(not POSIX, reason="POSIX modes")
def test_a_folder_that_db_merely_points_into_is_left_alone_but_the_file_is_private(tmp_path, make_app):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    client = make_app(DATABASE=str(shared / "t.sqlite3")).test_client()
    assert client.post("/api/v1/interviews", json={"company": "Acme"}).status_code == 201
    assert mode(shared) == 0o755
    assert mode(shared / "t.sqlite3") == 0o600


@pytest.mark.skipif(not POSIX, reason="POSIX modes")
def test_a_read_only_database_is_not_made_writable(tmp_path, make_app):
    db = tmp_path / "t.sqlite3"
    sqlite3.connect(db).close()
    db.chmod(0o444)
    make_app(DATABASE=str(db)).test_client().get("/api/v1/interviews")
    assert mode(db) == 0o400


# ------------------------------------------------------------------------------------------ tokens


def test_token_on_the_command_line_is_a_usage_error_pointing_at_token_file():
    r = subprocess.run(
        [sys.executable, "-m", "etiquette", "serve", "--token", TOKEN],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2
    assert "--token-file" in r.stderr and "ETIQUETTE_TOKEN" in r.stderr and TOKEN not in r.stdout


def test_a_private_token_file_of_ours_is_read(tmp_path):
    args = Namespace(token_file=str(token_file(tmp_path)), require_token=False, db=None)
    assert tokens.token_from_args(args) == TOKEN


@pytest.mark.skipif(not POSIX, reason="POSIX modes")
@pytest.mark.parametrize(
    "file_mode, words",
    [
        (0o620, "written by other users"),
        (0o602, "written by other users"),
        (0o640, "read by other users"),
        (0o604, "read by other users"),
    ],
)
def test_a_token_file_others_can_write_or_read_is_refused_and_left_as_it_is(tmp_path, file_mode, words):
    path = token_file(tmp_path, file_mode=file_mode)
    with pytest.raises(SystemExit) as info:
        tokens.token_from_args(Namespace(token_file=str(path), require_token=False, db=None))
    assert words in str(info.value) and str(path) in str(info.value) and TOKEN not in str(info.value)
    assert mode(path) == file_mode


@pytest.mark.skipif(not ROOT, reason="needs root to make a file owned by another user")
def test_a_token_file_owned_by_another_user_is_refused_not_chmoded(tmp_path):
    path = token_file(tmp_path)
    os.chown(path, 65534, 65534)
    with pytest.raises(SystemExit) as info:
        tokens.token_from_args(Namespace(token_file=str(path), require_token=False, db=None))
    assert "belongs to another user" in str(info.value)
    # --require-token's own file planted by someone else beside --db: refused, never adopted or chmod'ed.
    planted = token_file(tmp_path, name="api-token", file_mode=0o644)
    os.chown(planted, 65534, 65534)
    with pytest.raises(SystemExit) as info:
        tokens.token_from_args(Namespace(token_file=None, require_token=True, db=str(tmp_path / "t.sqlite3")))
    assert "belongs to another user" in str(info.value)
    assert mode(planted) == 0o644 and os.stat(planted).st_uid == 65534


@pytest.mark.skipif(not POSIX, reason="symlinks")
def test_a_token_file_that_is_a_symlink_is_refused(tmp_path):
    real = token_file(tmp_path, name="real")
    link = tmp_path / "link"
    link.symlink_to(real)
    with pytest.raises(SystemExit) as info:
        tokens.token_from_args(Namespace(token_file=str(link), require_token=False, db=None))
    assert "symbolic link" in str(info.value)


@pytest.mark.skipif(not POSIX, reason="group-writable planted file")
def test_a_generated_token_file_made_writable_by_others_is_refused(tmp_path):
    args = Namespace(token_file=None, require_token=True, db=str(tmp_path / "t.sqlite3"))
    tokens.token_from_args(args)
    (tmp_path / "api-token").chmod(0o666)
    with pytest.raises(SystemExit):
        tokens.token_from_args(args)


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs /proc")
def test_a_token_from_the_environment_is_not_in_the_process_arguments(tmp_path):
    server = LiveServer(
        db=tmp_path / "data" / "t.sqlite3",
        env={"ETIQUETTE_TOKEN": TOKEN, "ETIQUETTE_DATA_DIR": str(tmp_path / "data")},
        merge_stderr=True,
    ).spawn()
    proc = server.proc
    try:
        # a start-up guard, not a speed assertion
        lines = server.read_until(lambda line: line.startswith("Pairing code: "))
        assert any("ETIQUETTE_TOKEN" in line for line in lines), lines
        assert not any(TOKEN in line for line in lines)
        with open(f"/proc/{proc.pid}/cmdline", "rb") as fh:
            assert TOKEN.encode() not in fh.read()
    finally:
        server.stop()


# ------------------------------------------------------------------------- no paths in API answers


def _answers(client):
    for method, path, body in [
        ("GET", "/api/v1/interviews", None),
        ("POST", "/api/v1/interviews", {"company": "A"}),
        ("POST", "/api/v1/check", {"text": "Thanks", "interview_id": 1}),
    ]:
        yield client.open(path, method=method, json=body)


@pytest.mark.parametrize("damage", ["not-a-database", "directory", "newer-schema", "locked"])
def test_no_database_error_the_api_returns_names_a_file_system_path(tmp_path, damage, make_app):
    folder = tmp_path / "home-of-someuser"
    folder.mkdir()
    db = folder / "tracker.sqlite3"
    holder = None
    if damage == "not-a-database":
        db.write_bytes(b"my notes, not a database\n" * 100)
    elif damage == "directory":
        db.mkdir()
    elif damage == "newer-schema":
        with sqlite3.connect(db) as conn:
            conn.execute("PRAGMA user_version = 999")
    else:
        make_app(DATABASE=str(db)).test_client().get("/api/v1/interviews")
        holder = sqlite3.connect(db, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
    try:
        client = make_app(DATABASE=str(db), DATABASE_BUSY_TIMEOUT=0.05).test_client()
        seen = 0
        for reply in _answers(client):
            body = reply.get_data(as_text=True)
            if reply.status_code == 503:
                seen += 1
                assert reply.get_json()["error"]["code"].startswith("database_")
            assert (
                str(tmp_path) not in body and "home-of-someuser" not in body and "tracker.sqlite3" not in body
            ), body
        assert seen
    finally:
        if holder is not None:
            holder.execute("ROLLBACK")
            holder.close()


def test_the_cli_still_names_the_file(tmp_path):
    db = tmp_path / "broken.sqlite3"
    db.write_bytes(b"not a database " * 100)
    r = subprocess.run(
        [sys.executable, "-m", "etiquette", "interviews", "list", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 1 and str(db) in r.stderr  # the user's own terminal may say where the file is


# ------------------------------------------------------------- "another company you applied to"


DRAFT = "Hi Sam, thank you for the interview today. I really enjoyed meeting the Globex team. Best, Jo"


def other_company_warnings(reply):
    assert reply.status_code == 200, reply.get_json()
    return [w for w in reply.get_json()["warnings"] if w["rule"] == "personalisation.other_company"]


def test_tracked_companies_never_reach_a_check_that_names_no_interview(client):
    for company in ("Acme", "Globex", "Initech"):
        client.post("/api/v1/interviews", json={"company": company})
    for headers in ({}, {"Origin": CHROME}):
        reply = client.post(
            "/api/v1/check", json={"text": DRAFT, "context": {"company": "Acme"}}, headers=headers
        )
        assert other_company_warnings(reply) == []


def test_the_other_company_warning_needs_a_tracked_interview_and_names_only_the_draft_s_companies(client):
    acme = client.post("/api/v1/interviews", json={"company": "Acme"}).get_json()["id"]
    for company in ("Globex", "Initech"):
        client.post("/api/v1/interviews", json={"company": company})
    warned = other_company_warnings(client.post("/api/v1/check", json={"text": DRAFT, "interview_id": acme}))
    assert [w["excerpt"] for w in warned] == ["Globex"]
    assert all("Initech" not in w["message"] for w in warned)
    quiet = "Hi Sam, thank you for the interview today. I enjoyed meeting the team at Umbrella. Best, Jo"
    assert (
        other_company_warnings(client.post("/api/v1/check", json={"text": quiet, "interview_id": acme})) == []
    )


def test_no_api_error_in_the_source_is_built_from_a_path():
    """Every message an HTTP client can get is an ApiError, a 503's path-free reason, or a fixed text:
    none may interpolate a path, a folder or the database's name."""
    import ast
    from pathlib import Path

    import etiquette

    suspicious = {"path", "directory", "data_dir", "db", "database", "folder", "file", "filename"}
    found = []
    for source in Path(etiquette.__file__).parent.rglob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None))
                in ("ApiError", "error_response", "Conflict", "NotFound")
            ):
                continue
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                for sub in ast.walk(arg):
                    if isinstance(sub, ast.Name) and sub.id.lower() in suspicious:
                        found.append(f"{source.name}:{node.lineno} uses {sub.id}")
                    if isinstance(sub, ast.Subscript) and "DATABASE" in ast.unparse(sub):
                        found.append(f"{source.name}:{node.lineno} uses {ast.unparse(sub)}")
    assert not found, found
