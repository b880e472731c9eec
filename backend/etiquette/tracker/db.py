"""The tracker's SQLite file: connections, durability settings, migrations, and what stands in the way.

Durability choices (shared/research/security.md §5): WAL journal, ``synchronous=FULL`` so an
acknowledged "message sent" survives a power cut as well as a crash, foreign keys on, a busy timeout,
and every write inside ``BEGIN IMMEDIATE`` (a deferred transaction that reads then writes can fail at
once with SQLITE_BUSY under WAL, whatever the timeout says).

The schema is versioned with ``PRAGMA user_version``; each step of :data:`MIGRATIONS` runs inside one
IMMEDIATE transaction together with the version bump, so a crash mid-migration leaves the old version.

A file that is not a database, is damaged, cannot be opened or was written by a newer version is
reported (:class:`StoreUnavailable`: the API answers 503 ``database_unavailable``, see
:mod:`etiquette.errors`; the command line one line and exit 1) and left exactly as it is: never
recreated, never "repaired" by us. The user's history is the one thing here that cannot be regenerated.

No Flask here: the API's per-request connection is :mod:`etiquette.api.database`.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from contextlib import contextmanager

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 5.0

# Numbered steps; index + 1 is the user_version a step produces. Never edit a released step: add one.
MIGRATIONS: tuple[str, ...] = (
    # 1: interviews and the messages sent for them.
    """
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
    """,
    # 2: one Send logged once (idempotency keys), stable ids across machines for export/import,
    #    and the lookup the extension does on every compose window (by interviewer address).
    """
    ALTER TABLE messages ADD COLUMN idempotency_key TEXT;
    CREATE UNIQUE INDEX messages_idempotency ON messages(idempotency_key)
        WHERE idempotency_key IS NOT NULL;
    ALTER TABLE interviews ADD COLUMN uid TEXT;
    UPDATE interviews SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
    CREATE UNIQUE INDEX interviews_uid ON interviews(uid);
    ALTER TABLE messages ADD COLUMN uid TEXT;
    UPDATE messages SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
    CREATE UNIQUE INDEX messages_uid ON messages(uid);
    CREATE INDEX interviews_by_email ON interviews(interviewer_email);
    """,
    # 3: ids the extension can read exactly. An import before issue 11 could keep an id near 2**62;
    #    JavaScript rounds anything past 2**53 - 1 (9007199254740991), so every check then failed.
    #    Such rows get the next ids above the others, and the sequences follow (service.MAX_ID keeps
    #    new ones below the limit). Foreign keys are checked at COMMIT, when they hang together again.
    """
    PRAGMA defer_foreign_keys = ON;
    CREATE TEMP TABLE renumbered_interviews AS
        SELECT id AS old, (SELECT coalesce(max(id), 0) FROM interviews WHERE id <= 9007199254740991)
                          + row_number() OVER (ORDER BY id) AS new
        FROM interviews WHERE id > 9007199254740991;
    UPDATE messages SET interview_id = (SELECT new FROM renumbered_interviews WHERE old = messages.interview_id)
        WHERE interview_id IN (SELECT old FROM renumbered_interviews);
    UPDATE interviews SET id = (SELECT new FROM renumbered_interviews WHERE old = interviews.id)
        WHERE id IN (SELECT old FROM renumbered_interviews);
    DROP TABLE renumbered_interviews;
    CREATE TEMP TABLE renumbered_messages AS
        SELECT id AS old, (SELECT coalesce(max(id), 0) FROM messages WHERE id <= 9007199254740991)
                          + row_number() OVER (ORDER BY id) AS new
        FROM messages WHERE id > 9007199254740991;
    UPDATE messages SET id = (SELECT new FROM renumbered_messages WHERE old = messages.id)
        WHERE id IN (SELECT old FROM renumbered_messages);
    DROP TABLE renumbered_messages;
    UPDATE sqlite_sequence SET seq = (SELECT coalesce(max(id), 0) FROM interviews) WHERE name = 'interviews';
    UPDATE sqlite_sequence SET seq = (SELECT coalesce(max(id), 0) FROM messages) WHERE name = 'messages';
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class StoreUnavailable(Exception):
    """The database cannot be used; ``code`` tells clients whether retrying can help.

    ``message`` names the file, for the user at the terminal and in the log; ``reason`` says the same
    without any path, for everything a web page may read: ``/api/v1/health`` and the API's 503 (a path
    gives away the user name, and the extension's panel shows these messages; issue 11).
    """

    def __init__(
        self,
        message: str,
        code: str = "database_unavailable",
        retry: bool = False,
        reason: str = "the tracker database cannot be used",
    ):
        super().__init__(message)
        self.message = message
        self.code = code
        self.retry = retry
        self.reason = reason


def describe(exc: sqlite3.Error, path: str) -> StoreUnavailable:
    """Turn a driver error into a message a user can act on."""
    text = str(exc)
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        return StoreUnavailable(
            f"The tracker database {path} is busy (another program holds a lock on it); try again.",
            code="database_busy",
            retry=True,
            reason="the tracker database is busy: another program holds a lock on it",
        )
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return StoreUnavailable(
            f"The tracker database {path} is damaged ({text}). It has been left untouched: move it "
            "aside and restore a backup ('etiquette import FILE'), or start the server with --db "
            "pointing elsewhere.",
            reason="the tracker database is damaged; it has been left untouched",
        )
    if "readonly" in lowered or "read-only" in lowered:
        return StoreUnavailable(
            f"The tracker database {path} is read-only ({text}); give yourself write access to it and "
            "its folder, or use --db to point elsewhere.",
            reason="the tracker database is read-only",
        )
    return StoreUnavailable(
        f"The tracker database {path} cannot be used ({text}). It has been left untouched.",
        reason="the tracker database cannot be opened",
    )


def connect(
    path: str, migrate: bool = True, timeout: float = BUSY_TIMEOUT_S, create_dir: bool = False
) -> sqlite3.Connection:
    """Open ``path`` with the durability settings and bring its schema up to date.

    A new file is made 0600 (it holds a person's job search). Its folder must exist, unless
    ``create_dir`` (only for the default data directory, which is then made 0700): a mistyped ``--db``
    must not grow folders. Raises :class:`StoreUnavailable` for anything that would otherwise tempt a
    caller to delete the file and start again.
    """
    path = os.fspath(path)
    if path != ":memory:":
        _prepare_file(path, create_dir)
    conn = None
    try:
        # isolation_level=None: no implicit DEFERRED transactions; we say BEGIN IMMEDIATE ourselves.
        conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000):d}")
        # Reading the journal mode is the first touch of the file header: a non-database fails here.
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal" and path != ":memory:":
            _switch_to_wal(conn, timeout)
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        if migrate:
            run_migrations(conn, path)
        return conn
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        raise describe(exc, path) from None
    except StoreUnavailable:
        if conn is not None:
            conn.close()
        raise


def _prepare_file(path: str, create_dir: bool) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    if create_dir:
        from ..private import ensure_dir

        try:
            ensure_dir(directory)
        except OSError as exc:
            raise StoreUnavailable(
                f"Cannot create the data directory {directory}: {exc.strerror}.",
                reason="the data directory cannot be created",
            ) from None
    elif not os.path.isdir(directory):
        raise StoreUnavailable(
            f"The folder {directory} of the tracker database does not exist; create it "
            "first, or leave out --db to use the default data directory.",
            reason="the folder of the tracker database does not exist",
        )
    if os.path.exists(path) and not os.path.isfile(path):
        raise StoreUnavailable(
            f"The tracker database path {path} exists but is not a file.",
            reason="the tracker database path is not a file",
        )
    try:
        # Create it ourselves so the mode is 0600 whatever the umask; SQLite gives its -wal and -shm
        # files the database file's mode. An empty file is a valid, empty database.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        # An older version made it 0644: ours loses the group and other bits (none is ever added, so
        # a read-only file stays read-only); someone else's file is not ours to change.
        from ..private import tighten_own_file

        tighten_own_file(path)
    except OSError as exc:
        raise StoreUnavailable(
            f"Cannot create the tracker database {path}: {exc.strerror}.",
            reason="the tracker database cannot be created",
        ) from None


def probe(path: str, timeout: float = 1.0, create_dir: bool = False) -> StoreUnavailable | None:
    """None when ``path`` can be opened, migrated and written now; else what stands in the way.

    The write test takes the write lock and rewrites the schema version inside a transaction that
    is rolled back, so nothing changes; it tells a read-only or locked file from a good one.
    """
    try:
        conn = connect(path, timeout=timeout, create_dir=create_dir)
    except StoreUnavailable as exc:
        return exc
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(f"PRAGMA user_version = {schema_version(conn):d}")
        conn.execute("ROLLBACK")
        return None
    except sqlite3.Error as exc:
        return describe(exc, path)
    finally:
        conn.close()


def _switch_to_wal(conn: sqlite3.Connection, timeout: float) -> None:
    """Switching the journal mode needs the file to itself, and SQLite answers "locked" at once rather
    than waiting on the busy timeout; several first connections to a new file race for it. Retry until
    the timeout, then let the error through."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() and "busy" not in str(exc).lower():
                raise
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def run_migrations(conn: sqlite3.Connection, path: str = "") -> int:
    """Apply the missing steps, each in its own IMMEDIATE transaction; return the final version."""
    version = schema_version(conn)
    if version > SCHEMA_VERSION:
        raise StoreUnavailable(
            f"The tracker database {path} was written by a newer version of Follow-up Etiquette "
            f"(schema {version}, this version knows {SCHEMA_VERSION}). It has been left untouched; "
            "upgrade, or export from the newer version.",
            reason="the tracker database was written by a newer version of Follow-up Etiquette; "
            "it has been left untouched",
        )
    while version < SCHEMA_VERSION:
        with write_tx(conn):
            # Re-read under the write lock: another process may have migrated in the meantime.
            version = schema_version(conn)
            if version >= SCHEMA_VERSION:
                break
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            version += 1
            # PRAGMA takes no parameters; version is our own integer.
            conn.execute(f"PRAGMA user_version = {version:d}")
            log.info("tracker database %s migrated to schema %d", path, version)
    return version


def _statements(script: str):
    """Split a migration into statements (executescript would COMMIT our transaction behind our back)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()


@contextmanager
def write_tx(conn: sqlite3.Connection):
    """``BEGIN IMMEDIATE`` … ``COMMIT``; rolled back on any exception. The only way we write."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def state(path: str, timeout: float, create_dir: bool = False) -> tuple[str, str | None]:
    """``("ok", None)`` or ``("unavailable", reason)`` for ``/api/v1/health``; the reason names no path."""
    problem = probe(path, timeout=timeout, create_dir=create_dir)
    return ("ok", None) if problem is None else ("unavailable", problem.reason)


def public_message(exc: StoreUnavailable) -> str:
    """What an HTTP client is told: the path-free reason as a sentence, and where the details are."""
    return f"{exc.reason[:1].upper()}{exc.reason[1:]} (the backend's terminal says which file)."
