"""Schema migrations: an older database is brought up to date with its data kept, atomically."""

from __future__ import annotations

import sqlite3

import pytest
from etiquette.tracker import db as store

# Schema 1 exactly as that version created it, written out here by hand (not taken from MIGRATIONS)
# so the test keeps describing real old files even if someone edits the migration list.
SCHEMA_1 = """
CREATE TABLE interviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company TEXT NOT NULL,
    position TEXT,
    interviewer TEXT,
    interviewer_email TEXT COLLATE NOCASE,
    interview_at TEXT,
    decision_by TEXT,
    stage TEXT NOT NULL DEFAULT 'interviewed',
    notes TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    interview_id INTEGER NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('thank_you', 'follow_up', 'other')),
    sent_at TEXT NOT NULL,
    note TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX messages_by_interview ON messages(interview_id);
INSERT INTO interviews VALUES
    (1, 'Acme Analytics', 'Data Engineer', 'Siobhan O''Donnell', 'Siobhan@Acme.example',
     '2026-11-10T10:00:00+00:00', '2026-11-20', 'interviewed', 'panel of three',
     '2026-11-10T18:00:00+00:00', '2026-11-10T18:00:00+00:00'),
    (3, 'Globex', NULL, NULL, NULL, NULL, NULL, 'applied', NULL,
     '2026-11-11T08:00:00+00:00', '2026-11-11T08:00:00+00:00');
INSERT INTO messages VALUES
    (1, 1, 'thank_you', '2026-11-10T16:00:00+00:00', NULL, '2026-11-10T16:00:01+00:00'),
    (2, 1, 'follow_up', '2026-11-21T09:00:00+00:00', 'polite nudge', '2026-11-21T09:00:01+00:00');
PRAGMA user_version = 1;
"""


@pytest.fixture()
def old_db(tmp_path):
    path = tmp_path / "tracker.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA_1)
    conn.close()
    return path


def test_schema_1_is_migrated_and_keeps_every_row(old_db):
    conn = store.connect(str(old_db))
    try:
        assert store.schema_version(conn) == store.SCHEMA_VERSION > 1
        interviews = conn.execute(
            "SELECT id, company, interviewer, notes, stage, uid FROM interviews ORDER BY id"
        ).fetchall()
        assert [tuple(r)[:5] for r in interviews] == [
            (1, "Acme Analytics", "Siobhan O'Donnell", "panel of three", "interviewed"),
            (3, "Globex", None, None, "applied"),
        ]
        messages = conn.execute(
            "SELECT id, interview_id, kind, note, idempotency_key, uid FROM messages ORDER BY id"
        ).fetchall()
        assert [tuple(r)[:5] for r in messages] == [
            (1, 1, "thank_you", None, None),
            (2, 1, "follow_up", "polite nudge", None),
        ]
        # Rows from before schema 2 get their export identity during the migration, all distinct.
        uids = [r["uid"] for r in interviews] + [r["uid"] for r in messages]
        assert all(uids) and len(set(uids)) == len(uids)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


def test_the_migrated_database_works_through_the_api(old_db, make_app):
    client = make_app(DATABASE=str(old_db)).test_client()
    found = client.get("/api/v1/interviews", query_string={"email": "siobhan@acme.example"}).get_json()
    assert [i["id"] for i in found] == [1]
    history = client.get("/api/v1/interviews/1/messages").get_json()
    assert [m["kind"] for m in history] == ["thank_you", "follow_up"]
    # Idempotency keys are new in schema 2 and work on the migrated file.
    url = "/api/v1/interviews/1/messages"
    first = client.post(url, json={"kind": "follow_up"}, headers={"Idempotency-Key": "after-upgrade"})
    retry = client.post(url, json={"kind": "follow_up"}, headers={"Idempotency-Key": "after-upgrade"})
    assert (first.status_code, retry.status_code) == (201, 200)
    # AUTOINCREMENT survives: a new interview never reuses an id an older row had.
    assert client.post("/api/v1/interviews", json={"company": "Initech"}).get_json()["id"] == 4


def test_reopening_does_not_migrate_twice(old_db):
    store.connect(str(old_db)).close()
    conn = store.connect(str(old_db))
    try:
        before = [tuple(r) for r in conn.execute("SELECT uid FROM interviews ORDER BY id")]
        conn.close()
        conn = store.connect(str(old_db))
        assert [tuple(r) for r in conn.execute("SELECT uid FROM interviews ORDER BY id")] == before
    finally:
        conn.close()


def test_a_failing_step_leaves_the_old_version_and_data(old_db, monkeypatch):
    """A migration is one IMMEDIATE transaction: half of one is never left behind."""
    broken = store.MIGRATIONS[:1] + (
        "ALTER TABLE messages ADD COLUMN idempotency_key TEXT;\n"
        "CREATE TABLE half_done (x INTEGER);\n"
        "INSERT INTO no_such_table VALUES (1);\n",
    )
    monkeypatch.setattr(store, "MIGRATIONS", broken)
    monkeypatch.setattr(store, "SCHEMA_VERSION", len(broken))
    with pytest.raises(store.StoreUnavailable):
        store.connect(str(old_db))
    conn = sqlite3.connect(old_db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'").fetchall() == []
        columns = [r[1] for r in conn.execute("PRAGMA table_info(messages)")]
        assert "idempotency_key" not in columns
        assert conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 2
    finally:
        conn.close()


def test_an_empty_file_gets_the_whole_schema(tmp_path):
    path = tmp_path / "tracker.sqlite3"
    path.write_bytes(b"")
    conn = store.connect(str(path))
    try:
        assert store.schema_version(conn) == store.SCHEMA_VERSION
    finally:
        conn.close()
