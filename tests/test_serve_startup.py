"""`etiquette serve` says what is wrong with the tracker at once, keeps checking, and reports the
tracker's state in /api/v1/health (no file paths there: a web page may read it). New files are 0600."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from etiquette.app import create_app
from etiquette.live_server import LiveServer
from etiquette.tracker import db as store

CLI = [sys.executable, "-m", "etiquette"]


@contextlib.contextmanager
def serving(tmp_path, *args):
    server = LiveServer(*args, port=0, command=CLI, env={"ETIQUETTE_DATA_DIR": str(tmp_path / "data")})
    server.spawn()
    result = {"stderr": None}
    try:
        banner = server.first_line()
        assert " on http://127.0.0.1:" in banner, (
            banner,
            server.proc.poll(),
            server.tail() if server.proc.poll() else "",
        )
        yield banner.split(" on ", 1)[1].split()[0].rstrip("/"), result
    finally:
        server.stop()
        result["stderr"] = "\n".join(server.stderr)


def get(url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"} if data else {})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_a_damaged_database_is_reported_at_start_and_in_health_while_checking_goes_on(tmp_path):
    db = tmp_path / "tracker.sqlite3"
    db.write_bytes(b"my notes, not a database\n" * 300)
    before = db.read_bytes()
    with serving(tmp_path, "--db", str(db)) as (base, out):
        status, health = get(base + "/api/v1/health")
        assert status == 200 and health["status"] == "ok"
        assert health["tracker"] == "unavailable"
        assert "damaged" in health["reasons"]["tracker"]
        assert str(tmp_path) not in json.dumps(health)  # no file-system paths for the page
        status, result = get(base + "/api/v1/check", {"text": "What is the salary?"})
        assert status == 200 and result["verdict"] == "fix"
        status, body = get(base + "/api/v1/interviews")
        assert status == 503 and body["error"]["code"] == "database_unavailable"
    lines = [ln for ln in out["stderr"].splitlines() if ln.startswith("etiquette:")]
    assert len(lines) == 1 and "tracker unavailable" in lines[0] and "damaged" in lines[0], out["stderr"]
    assert "Traceback" not in out["stderr"]
    assert db.read_bytes() == before


def test_a_locked_database_is_reported_and_health_recovers_when_the_lock_goes(tmp_path):
    db = tmp_path / "tracker.sqlite3"
    store.connect(str(db)).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with serving(tmp_path, "--db", str(db)) as (base, out):
            _, health = get(base + "/api/v1/health")
            assert health["tracker"] == "unavailable" and "busy" in health["reasons"]["tracker"]
            holder.execute("ROLLBACK")
            holder.close()
            holder = None
            _, health = get(base + "/api/v1/health")
            assert health["tracker"] == "ok" and "tracker" not in health["reasons"]
    finally:
        if holder is not None:
            holder.close()
    assert "tracker unavailable" in out["stderr"] and "busy" in out["stderr"]


def _make_read_only(path):
    """chmod is no obstacle to root; the immutable flag is (the test is skipped where root has no chattr)."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        path.parent.chmod(0o555)
        return lambda: (path.parent.chmod(0o755), path.chmod(0o644))
    if (
        shutil.which("chattr")
        and subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0
    ):
        return lambda: subprocess.run(["chattr", "-i", str(path)], capture_output=True)
    pytest.fail("running as root and chattr +i failed: no way to make a file read-only here")


@pytest.mark.skipif(
    os.geteuid() == 0 and not shutil.which("chattr"),
    reason="running as root without chattr: no way to make a file read-only here",
)
def test_a_read_only_database_is_reported_at_start(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "tracker.sqlite3"
    conn = store.connect(str(db))
    conn.execute("PRAGMA journal_mode = DELETE")  # no -wal/-shm beside it: the file alone decides
    conn.close()
    undo = _make_read_only(db)
    try:
        with serving(tmp_path, "--db", str(db)) as (base, out):
            _, health = get(base + "/api/v1/health")
            assert health["tracker"] == "unavailable" and "read-only" in health["reasons"]["tracker"]
    finally:
        undo()
    assert "tracker unavailable" in out["stderr"] and "read-only" in out["stderr"], out["stderr"]


def test_port_0_prints_the_port_actually_bound_and_health_says_the_tracker_is_ok(tmp_path):
    with serving(tmp_path, "--db", str(tmp_path / "t.sqlite3")) as (base, out):
        assert not base.endswith(":0")
        _, health = get(base + "/api/v1/health")
        assert (
            health["tracker"] == "ok"
            and health["layers"]["rules"] == "on"
            and "tracker" not in health["reasons"]
        )
    assert "tracker unavailable" not in out["stderr"]


def test_new_database_files_are_0600_and_the_default_data_directory_0700(tmp_path, monkeypatch):
    monkeypatch.setenv("ETIQUETTE_DATA_DIR", str(tmp_path / "data"))
    old = os.umask(0o022)
    try:
        app = create_app({"TESTING": True})
        assert app.test_client().get("/api/v1/interviews").status_code == 200
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o700
    for name in ("etiquette.sqlite3", "etiquette.sqlite3-wal", "etiquette.sqlite3-shm"):
        path = tmp_path / "data" / name
        if path.exists():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, name


def test_a_db_in_a_missing_folder_is_not_created_by_the_api_either(tmp_path, make_app):
    db = tmp_path / "nowhere" / "tracker.sqlite3"
    client = make_app(DATABASE=str(db)).test_client()
    health = client.get("/api/v1/health").get_json()
    assert health["tracker"] == "unavailable"
    assert health["reasons"]["tracker"] == "the folder of the tracker database does not exist"
    assert client.get("/api/v1/interviews").status_code == 503
    assert not db.parent.exists()
