"""The tracker's SQLite store: durability settings, damaged files, transactions, the checker's context."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime

import pytest
from etiquette.api.database import stored_context
from etiquette.tracker import db as store
from etiquette.tracker import service as tracker


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def db_path(tmp_path):
    # The folder exists, as for any --db: only the default data directory is created (issue 10).
    (tmp_path / "data").mkdir()
    return tmp_path / "data" / "tracker.sqlite3"


@pytest.fixture()
def db(db_path):
    conn = store.connect(str(db_path))
    yield conn
    conn.close()


def test_first_use_creates_the_data_directory_and_a_current_schema(tmp_path):
    db_path = tmp_path / "data" / "tracker.sqlite3"
    assert not db_path.parent.exists()
    conn = store.connect(str(db_path), create_dir=True)  # the default data directory's case
    try:
        assert db_path.is_file()
        assert store.schema_version(conn) == store.SCHEMA_VERSION
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"interviews", "messages"} <= tables
    finally:
        conn.close()


def test_every_connection_gets_the_durability_settings(db_path):
    # journal_mode persists in the file; the others are per connection, so check a second one too.
    for _ in range(2):
        conn = store.connect(str(db_path))
        try:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
            assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
        finally:
            conn.close()


def test_write_tx_holds_the_write_lock_from_begin(db_path, db):
    """BEGIN IMMEDIATE: a second writer is refused at BEGIN, not half-way through its transaction."""
    other = store.connect(str(db_path), timeout=0)
    try:
        with store.write_tx(db):
            tracker_id = db.execute(
                "INSERT INTO interviews (company, stage, uid, created_at, updated_at)"
                " VALUES ('Acme', 'interviewed', 'u1', 'x', 'x')"
            ).lastrowid
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        assert (
            other.execute("SELECT company FROM interviews WHERE id = ?", (tracker_id,)).fetchone()[0]
            == "Acme"
        )
    finally:
        other.close()


def test_write_tx_rolls_back_everything_on_error(db):
    with pytest.raises(RuntimeError), store.write_tx(db):
        db.execute(
            "INSERT INTO interviews (company, stage, uid, created_at, updated_at)"
            " VALUES ('Half', 'interviewed', 'u2', 'x', 'x')"
        )
        raise RuntimeError("crash between two rows of one unit")
    assert db.execute("SELECT COUNT(*) FROM interviews").fetchone()[0] == 0
    assert not db.in_transaction


def test_a_file_that_is_not_a_database_is_reported_and_left_alone(tmp_path, make_app):
    path = tmp_path / "tracker.sqlite3"
    path.write_bytes(b"these are my notes, not a database\n" * 200)
    before = digest(path)
    with pytest.raises(store.StoreUnavailable) as info:
        store.connect(str(path))
    assert str(path) in info.value.message and "untouched" in info.value.message
    assert digest(path) == before

    client = make_app(DATABASE=str(path)).test_client()
    for method, url, body in (
        ("get", "/api/v1/interviews", None),
        ("post", "/api/v1/interviews", {"company": "Acme"}),
    ):
        response = getattr(client, method)(url, json=body)
        assert response.status_code == 503
        assert response.get_json()["error"]["code"] == "database_unavailable"
        assert "damaged" in response.get_json()["error"]["message"]
    assert digest(path) == before


def test_damage_inside_the_file_is_a_503_not_a_500(tmp_path, make_app):
    path = tmp_path / "tracker.sqlite3"
    conn = store.connect(str(path))
    for n in range(300):
        tracker.create_interview(conn, {"company": f"Company {n}", "notes": "x" * 500})
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    raw = bytearray(path.read_bytes())
    page = 4096
    # Scribble over every page after the schema page: the header still reads, the rows do not.
    for start in range(2 * page, len(raw), page):
        raw[start : start + 64] = b"\xff" * 64
    path.write_bytes(bytes(raw))
    before = digest(path)
    response = make_app(DATABASE=str(path)).test_client().get("/api/v1/interviews")
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "database_unavailable"
    assert digest(path) == before


def test_a_directory_where_the_file_should_be_is_reported(tmp_path, make_app):
    (tmp_path / "tracker.sqlite3").mkdir()
    response = make_app(DATABASE=str(tmp_path / "tracker.sqlite3")).test_client().get("/api/v1/interviews")
    assert response.status_code == 503
    assert "not a file" in response.get_json()["error"]["message"]


def test_a_database_from_a_newer_version_is_not_touched(db_path, db):
    tracker.create_interview(db, {"company": "Acme"})
    db.execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 1}")
    db.close()
    before = digest(db_path)
    with pytest.raises(store.StoreUnavailable, match="newer version"):
        store.connect(str(db_path))
    assert digest(db_path) == before


def test_a_locked_database_answers_503_busy_with_retry_after(db_path, db, make_app):
    app = make_app(DATABASE=str(db_path), DATABASE_BUSY_TIMEOUT=0.05)
    client = app.test_client()
    with store.write_tx(db):  # another process mid-write, holding the lock
        response = client.post("/api/v1/interviews", json={"company": "Acme"})
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "database_busy"
    assert response.headers["Retry-After"] == "1"
    # Once the lock is gone the same request succeeds: nothing was damaged or reset.
    assert client.post("/api/v1/interviews", json={"company": "Acme"}).status_code == 201


def test_stored_context_gathers_what_the_checker_needs(db_path, db, make_app):
    acme = tracker.create_interview(
        db,
        {
            "company": "Acme Analytics",
            "position": "Data Engineer",
            "interviewer": "Siobhan O'Donnell",
            "interviewer_email": "siobhan@acme.example",
            "interview_at": datetime(2026, 11, 10, 10, tzinfo=UTC),
            "decision_by": "2026-11-20",
        },
    )
    tracker.create_interview(db, {"company": "Globex"})
    tracker.create_interview(db, {"company": "globex "})  # the same company typed differently
    tracker.create_interview(db, {"company": "ACME ANALYTICS"})  # a second round at the same firm
    for kind, when in (
        ("thank_you", datetime(2026, 11, 10, 16, tzinfo=UTC)),
        ("follow_up", datetime(2026, 11, 21, 9, tzinfo=UTC)),
        ("follow_up", datetime(2026, 11, 28, 9, tzinfo=UTC)),
        ("other", datetime(2026, 11, 29, 12, tzinfo=UTC)),
    ):
        tracker.add_message(db, acme["id"], {"kind": kind, "sent_at": when})

    app = make_app(DATABASE=str(db_path))
    with app.app_context():
        context = stored_context(acme["id"])
    assert context["company"] == "Acme Analytics"
    assert context["interviewer"] == "Siobhan O'Donnell"
    assert context["interview_at"] == datetime(2026, 11, 10, 10, tzinfo=UTC)
    assert context["decision_by"] == "2026-11-20"
    assert context["stage"] == "interviewed"
    assert context["previous_follow_ups"] == [
        datetime(2026, 11, 21, 9, tzinfo=UTC),
        datetime(2026, 11, 28, 9, tzinfo=UTC),
    ]
    assert context["last_message_at"] == datetime(2026, 11, 29, 12, tzinfo=UTC)
    assert context["thank_you_sent"] is True
    assert context["other_companies"] == ["Globex"]


def test_stored_context_of_an_unknown_interview_is_a_404(db_path, make_app):
    # The tracker raises its own NotFound; the app's error handlers (errors.init_app) make it the 404.
    app = make_app(DATABASE=str(db_path))
    with app.app_context(), pytest.raises(tracker.NotFound) as info:
        stored_context(4242)
    with app.test_request_context():
        assert app.handle_user_exception(info.value).status_code == 404


def test_deleting_an_interview_takes_its_messages(db):
    interview = tracker.create_interview(db, {"company": "Acme"})
    tracker.add_message(db, interview["id"], {"kind": "thank_you"})
    tracker.delete_interview(db, interview["id"])
    assert db.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 0
