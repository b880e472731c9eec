"""The tracker behind a real ``etiquette serve`` process: history over HTTP, and a kill -9 mid-write.

Kill -9 the real server while four clients are logging messages: nothing acknowledged is lost.

The scaled-down copy of SQLite's own crash testing (shared/research/security.md §5): a real
``etiquette serve`` process, real HTTP over loopback, a SIGKILL at a point the test does not choose,
then the file on disk must pass ``PRAGMA integrity_check`` and hold every message that got a 201.
This covers process crashes; power loss is what ``synchronous=FULL`` is for, per SQLite's docs.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import sqlite3
import threading

import pytest
from etiquette.live_server import LiveServer
from etiquette.tracker import db as store

WRITERS = 4
MAX_POSTS_EACH = 2000  # an upper bound only: the kill comes long before
KILL_AFTER_ACKS = 120  # enough acknowledged writes to mean something, then pull the plug
TOKEN = "crash-test-token-0123456789"
HEADERS = {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"}


def request(port, method, path, body=None, headers=None, timeout=10.0):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(
            method,
            path,
            body=None if body is None else json.dumps(body),
            headers={**HEADERS, **(headers or {})},
        )
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.fixture()
def server(tmp_path):
    db = tmp_path / "data" / "tracker.sqlite3"
    db.parent.mkdir()  # serve --db never creates a folder (issue 10)
    server = LiveServer(db=db, env={"ETIQUETTE_TOKEN": TOKEN})
    try:
        server.start()  # bounded wait for the first answer (start-up speed is a benchmark, not asserted here)
        yield server.proc, server.port, db
    finally:
        server.kill()
        server.stop(timeout=30)


def test_sigkill_mid_write_loses_no_acknowledged_message(server):
    proc, port, db = server
    status, body = request(port, "POST", "/api/v1/interviews", {"company": "Acme Analytics"})
    assert status == 201
    interview_id = json.loads(body)["id"]

    acknowledged: dict[int, tuple[str, str]] = {}  # message id -> (idempotency key, note)
    lock = threading.Lock()
    enough = threading.Event()
    unexpected: list[str] = []

    def writer(n):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            for i in range(MAX_POSTS_EACH):
                key, note = f"w{n}-{i}", f"writer {n} message {i}"
                payload = json.dumps(
                    {"kind": "follow_up", "note": note, "sent_at": "2026-11-20T09:00:00+00:00"}
                )
                try:
                    conn.request(
                        "POST",
                        f"/api/v1/interviews/{interview_id}/messages",
                        body=payload,
                        headers={**HEADERS, "Idempotency-Key": key},
                    )
                    response = conn.getresponse()
                    answer = response.read()
                except (OSError, http.client.HTTPException):
                    return  # the server died under us: this write was never acknowledged
                if response.status != 201:
                    unexpected.append(f"{response.status} {answer[:200]!r}")
                    return
                with lock:
                    acknowledged[json.loads(answer)["id"]] = (key, note)
                    if len(acknowledged) >= KILL_AFTER_ACKS:
                        enough.set()
        finally:
            conn.close()

    threads = [threading.Thread(target=writer, args=(n,), daemon=True) for n in range(WRITERS)]
    for t in threads:
        t.start()
    assert enough.wait(timeout=120), f"writers stalled at {len(acknowledged)} acks: {unexpected}"
    assert all(t.is_alive() for t in threads), "the kill must land while all writers are mid-flight"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    for t in threads:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in threads)
    assert unexpected == []
    assert proc.returncode == -signal.SIGKILL

    # Read the file as any SQLite client would after the crash (WAL recovery happens on open).
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = {
            row[0]: (row[1], row[2])
            for row in conn.execute(
                "SELECT id, idempotency_key, note FROM messages WHERE interview_id = ?", (interview_id,)
            )
        }
    finally:
        conn.close()
    missing = {i: v for i, v in acknowledged.items() if stored.get(i) != v}
    assert missing == {}, f"{len(missing)} acknowledged messages lost or changed"
    assert len(stored) >= len(acknowledged)  # unacknowledged in-flight writes may or may not have landed

    # And the tracker opens it again as it is: no repair, no reset.
    reopened = store.connect(str(db))
    try:
        assert reopened.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == len(stored)
    finally:
        reopened.close()


def test_follow_ups_logged_over_http_drive_the_persistence_warning(server):
    """What the extension does: log each Send, then check the next draft with only interview_id."""
    _, port, _ = server
    status, body = request(
        port,
        "POST",
        "/api/v1/interviews",
        {
            "company": "Acme Analytics",
            "interviewer": "Siobhan O'Donnell",
            "interviewer_email": "siobhan@acme.example",
            "interview_at": "2026-10-20T10:00:00+00:00",
        },
    )
    assert status == 201
    interview_id = json.loads(body)["id"]
    draft = {
        "text": "Dear Siobhan,\n\nI wanted to follow up on my interview for the Data Engineer role at "
        "Acme Analytics. I remain very interested in the position and would be glad to share "
        "anything else that helps your decision.\n\nBest regards,\nJordan Lee",
        "kind": "follow_up",
        "interview_id": interview_id,
        "now": "2026-11-20T09:00:00+00:00",
    }
    status, body = request(port, "POST", "/api/v1/check", draft)
    assert status == 200
    assert "persistence" not in {w["category"] for w in json.loads(body)["warnings"]}
    for n, sent_at in enumerate(("2026-10-28T09:00:00+00:00", "2026-11-05T09:00:00+00:00")):
        status, _ = request(
            port,
            "POST",
            f"/api/v1/interviews/{interview_id}/messages",
            {"kind": "follow_up", "sent_at": sent_at},
            headers={"Idempotency-Key": f"send-{n}"},
        )
        assert status == 201
        # The extension's retry of the same Send: still two follow-ups, not three.
        status, _ = request(
            port,
            "POST",
            f"/api/v1/interviews/{interview_id}/messages",
            {"kind": "follow_up", "sent_at": sent_at},
            headers={"Idempotency-Key": f"send-{n}"},
        )
        assert status == 200
    status, body = request(port, "POST", "/api/v1/check", draft)
    assert status == 200
    persistence = [w for w in json.loads(body)["warnings"] if w["category"] == "persistence"]
    assert persistence, "two logged follow-ups must make the third draft a persistence warning"
