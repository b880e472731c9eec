"""Several writers at once: every write lands, none fails with "database is locked", keys stay unique."""

from __future__ import annotations

import sqlite3
import threading

from etiquette.tracker import db as store
from etiquette.tracker import service as tracker

WRITERS = 6
WRITES_EACH = 25


def run_threads(target, count):
    errors: list[BaseException] = []

    def guarded(n):
        try:
            target(n)
        except BaseException as exc:  # collected and asserted on below, in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=guarded, args=(n,)) for n in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a writer hung"
    assert errors == []


def test_writer_threads_with_their_own_connections_lose_nothing(tmp_path):
    path = str(tmp_path / "tracker.sqlite3")
    setup = store.connect(path)
    interview_id = tracker.create_interview(setup, {"company": "Acme"})["id"]
    setup.close()
    acknowledged: list[int] = []
    lock = threading.Lock()

    def writer(n):
        conn = store.connect(path)  # each thread is its own client, as waitress threads are
        try:
            for i in range(WRITES_EACH):
                # Alternate between a new interview and a message: two tables, interleaved writers.
                if i % 2:
                    new_id = tracker.create_interview(conn, {"company": f"Writer {n} #{i}"})["id"]
                else:
                    new_id = -tracker.add_message(conn, interview_id, {"kind": "other", "note": f"{n}/{i}"})[
                        0
                    ]["id"]
                with lock:
                    acknowledged.append(new_id)
        finally:
            conn.close()

    run_threads(writer, WRITERS)
    conn = sqlite3.connect(path)
    try:
        interviews = {r[0] for r in conn.execute("SELECT id FROM interviews")}
        messages = {r[0] for r in conn.execute("SELECT id FROM messages")}
        notes = {r[0] for r in conn.execute("SELECT note FROM messages")}
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert len(acknowledged) == WRITERS * WRITES_EACH == len(set(acknowledged))
    assert {i for i in acknowledged if i > 0} <= interviews
    assert {-i for i in acknowledged if i < 0} <= messages
    assert notes == {f"{n}/{i}" for n in range(WRITERS) for i in range(0, WRITES_EACH, 2)}


def test_racing_retries_of_one_send_log_one_message(tmp_path, make_app):
    """The same Idempotency-Key arriving on several threads at once still makes a single row."""
    app = make_app(DATABASE=str(tmp_path / "tracker.sqlite3"))
    interview_id = app.test_client().post("/api/v1/interviews", json={"company": "Acme"}).get_json()["id"]
    barrier = threading.Barrier(WRITERS)
    answers: list[tuple[int, int]] = []
    lock = threading.Lock()

    def retry(n):
        client = app.test_client()
        barrier.wait(timeout=30)
        response = client.post(
            f"/api/v1/interviews/{interview_id}/messages",
            json={"kind": "follow_up"},
            headers={"Idempotency-Key": "one-send"},
        )
        with lock:
            answers.append((response.status_code, response.get_json()["id"]))

    run_threads(retry, WRITERS)
    statuses = sorted(status for status, _ in answers)
    assert statuses == [200] * (WRITERS - 1) + [201]
    assert len({message_id for _, message_id in answers}) == 1
    listed = app.test_client().get(f"/api/v1/interviews/{interview_id}/messages").get_json()
    assert len(listed) == 1


def test_many_first_connections_to_a_new_file_migrate_it_once(tmp_path):
    """A fresh install gets several requests at once: all of them open it, the schema is built once."""
    (tmp_path / "fresh").mkdir()  # a --db folder is never created for it (issue 10)
    path = str(tmp_path / "fresh" / "tracker.sqlite3")
    barrier = threading.Barrier(WRITERS)

    def opener(n):
        barrier.wait(timeout=30)
        conn = store.connect(path)
        try:
            tracker.create_interview(conn, {"company": f"Company {n}"})
        finally:
            conn.close()

    run_threads(opener, WRITERS)
    conn = store.connect(path)
    try:
        assert store.schema_version(conn) == store.SCHEMA_VERSION
        assert conn.execute("SELECT COUNT(*) FROM interviews").fetchone()[0] == WRITERS
    finally:
        conn.close()
