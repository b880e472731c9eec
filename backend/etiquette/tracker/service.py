"""The interview tracker: what the user applied for and what they already sent.

Plain functions over a connection from :mod:`etiquette.tracker.db`, shared by the HTTP API, the
command line and the checker (``interview_id``: :func:`loaded_context`). Every write runs in
``db.write_tx`` (BEGIN IMMEDIATE).

Failures are the tracker's own: :class:`NotFound`, :class:`Conflict` (both :class:`TrackerError`) and
:class:`~etiquette.tracker.db.StoreUnavailable`. The API maps them to its JSON errors once
(:func:`etiquette.errors.init_app`: 404, 409, 503) and the command line to one line and exit 1
(:mod:`etiquette.tracker.cli`); nothing here knows about HTTP or Flask.
"""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime

from marshmallow import ValidationError

from ..date_window import range_problem
from ..vocab import DEFAULT_STAGE, MAX_ID
from .db import StoreUnavailable, write_tx
from .schemas import EXPORT_FORMAT, EXPORT_VERSION

INTERVIEW_FIELDS = (
    "company",
    "position",
    "interviewer",
    "interviewer_email",
    "interview_at",
    "decision_by",
    "stage",
    "notes",
)
# ContextSchema's caps (the engine's context must always validate).
MAX_FOLLOW_UPS = 100
MAX_OTHER_COMPANIES = 200


class TrackerError(Exception):
    """A request the tracker cannot carry out; ``message`` says why, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(TrackerError):
    """No interview with that id (the API's 404)."""


class Conflict(TrackerError):
    """The request clashes with what is stored: an idempotency key reused for another message (409)."""


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _iso(value):
    """Stored form of a time: ISO 8601 as given (offset kept; no offset = local time, per DESIGN.md)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _instant(value: str) -> datetime:
    """For ordering only: naive times are local time, as everywhere in the API."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        # Only a hand-edited database holds a time that does not parse: list it first, never fail.
        return datetime.min.replace(tzinfo=UTC)
    if moment.tzinfo is None:
        try:
            return moment.astimezone()
        except (ValueError, OverflowError, OSError):
            # Year 1 or 9999 cannot be shifted to local time; the order barely matters out there.
            return moment.replace(tzinfo=UTC)
    return moment


def _not_found(interview_id) -> NotFound:
    return NotFound(f"No interview with id {interview_id}.")


def _valid_id(interview_id) -> bool:
    return isinstance(interview_id, int) and 0 < interview_id <= MAX_ID


def interview_row(row: sqlite3.Row) -> dict:
    return {
        "id": row["id"],
        **{k: row[k] for k in INTERVIEW_FIELDS},
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def message_row(row: sqlite3.Row) -> dict:
    return {
        "id": row["id"],
        "interview_id": row["interview_id"],
        "kind": row["kind"],
        "sent_at": row["sent_at"],
        "note": row["note"],
        "idempotency_key": row["idempotency_key"],
        "created_at": row["created_at"],
    }


# --- interviews -------------------------------------------------------------------------------------


def create_interview(db: sqlite3.Connection, data: dict) -> dict:
    values = {k: _iso(data.get(k)) for k in INTERVIEW_FIELDS}
    values["stage"] = values["stage"] or DEFAULT_STAGE
    stamp = now_iso()
    with write_tx(db):
        cursor = db.execute(
            "INSERT INTO interviews (id, company, position, interviewer, interviewer_email, interview_at,"
            " decision_by, stage, notes, uid, created_at, updated_at)"
            " VALUES (:id, :company, :position, :interviewer, :interviewer_email, :interview_at,"
            " :decision_by, :stage, :notes, :uid, :stamp, :stamp)",
            {**values, "id": _safe_next_id(db, "interviews"), "uid": uuid.uuid4().hex, "stamp": stamp},
        )
        row = db.execute("SELECT * FROM interviews WHERE id = ?", (cursor.lastrowid,)).fetchone()
    return interview_row(row)


def list_interviews(db: sqlite3.Connection, email: str | None = None) -> list[dict]:
    if email is not None:
        # interviewer_email is COLLATE NOCASE: the case of a To chip never hides a match.
        rows = db.execute(
            "SELECT * FROM interviews WHERE interviewer_email = ? ORDER BY id", (email.strip(),)
        ).fetchall()
    else:
        rows = db.execute("SELECT * FROM interviews ORDER BY id").fetchall()
    return [interview_row(r) for r in rows]


def get_interview(db: sqlite3.Connection, interview_id: int) -> dict:
    if not _valid_id(interview_id):
        raise _not_found(interview_id)
    row = db.execute("SELECT * FROM interviews WHERE id = ?", (interview_id,)).fetchone()
    if row is None:
        raise _not_found(interview_id)
    return interview_row(row)


def update_interview(db: sqlite3.Connection, interview_id: int, changes: dict) -> dict:
    if not _valid_id(interview_id):
        raise _not_found(interview_id)
    columns = [k for k in INTERVIEW_FIELDS if k in changes]
    with write_tx(db):
        if db.execute("SELECT 1 FROM interviews WHERE id = ?", (interview_id,)).fetchone() is None:
            raise _not_found(interview_id)
        if columns:
            assignments = ", ".join(f"{c} = :{c}" for c in columns)  # names from our own tuple
            db.execute(
                f"UPDATE interviews SET {assignments}, updated_at = :stamp WHERE id = :id",
                {**{c: _iso(changes[c]) for c in columns}, "stamp": now_iso(), "id": interview_id},
            )
        row = db.execute("SELECT * FROM interviews WHERE id = ?", (interview_id,)).fetchone()
    return interview_row(row)


def delete_interview(db: sqlite3.Connection, interview_id: int) -> None:
    if not _valid_id(interview_id):
        raise _not_found(interview_id)
    with write_tx(db):
        # Messages go with it (ON DELETE CASCADE; foreign_keys is on for every connection).
        if db.execute("DELETE FROM interviews WHERE id = ?", (interview_id,)).rowcount == 0:
            raise _not_found(interview_id)


# --- messages ---------------------------------------------------------------------------------------


def add_message(
    db: sqlite3.Connection, interview_id: int, data: dict, idempotency_key: str | None = None
) -> tuple[dict, bool]:
    """Log a sent message; returns ``(message, created)``.

    With an idempotency key, a retry (same key, same interview) returns the first message and
    ``created=False``; the key used for another interview is a 409. The lookup and the insert share
    one IMMEDIATE transaction, so two racing retries cannot both insert.
    """
    if not _valid_id(interview_id):
        raise _not_found(interview_id)
    sent_at = data.get("sent_at") or datetime.now().astimezone()
    with write_tx(db):
        if db.execute("SELECT 1 FROM interviews WHERE id = ?", (interview_id,)).fetchone() is None:
            raise _not_found(interview_id)
        if idempotency_key is not None:
            row = db.execute(
                "SELECT * FROM messages WHERE idempotency_key = ?", (idempotency_key,)
            ).fetchone()
            if row is not None:
                if row["interview_id"] != interview_id or row["kind"] != data["kind"]:
                    raise Conflict(
                        "This idempotency key was already used for a different message "
                        f"(id {row['id']}); use a new key for a new message."
                    )
                return message_row(row), False
        cursor = db.execute(
            "INSERT INTO messages (id, interview_id, kind, sent_at, note, idempotency_key, uid, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                _safe_next_id(db, "messages"),
                interview_id,
                data["kind"],
                _iso(sent_at),
                data.get("note"),
                idempotency_key,
                uuid.uuid4().hex,
                now_iso(),
            ),
        )
        row = db.execute("SELECT * FROM messages WHERE id = ?", (cursor.lastrowid,)).fetchone()
    return message_row(row), True


def list_messages(db: sqlite3.Connection, interview_id: int) -> list[dict]:
    get_interview(db, interview_id)
    rows = db.execute("SELECT * FROM messages WHERE interview_id = ? ORDER BY id", (interview_id,)).fetchall()
    return sorted((message_row(r) for r in rows), key=lambda m: _instant(m["sent_at"]))


# --- what the checker gets -------------------------------------------------------------------------


def context_for(db: sqlite3.Connection, interview_id: int) -> dict:
    """The checker's context for one interview, from the store alone (see :func:`loaded_context`)."""
    interview = get_interview(db, interview_id)
    messages = list_messages(db, interview_id)
    context = {
        k: interview[k]
        for k in (
            "interview_at",
            "decision_by",
            "stage",
            "company",
            "position",
            "interviewer",
            "interviewer_email",
        )
        if interview[k] is not None
    }
    # A database written before dates were limited to 1970-2100 may hold year 1 or 9999: such a time
    # is no time to the checker (it would only be refused by the context schema below).
    messages = [m for m in messages if range_problem(m["sent_at"]) is None]
    follow_ups = [m["sent_at"] for m in messages if m["kind"] == "follow_up"]
    # The most recent ones matter for timing; the cap only bites on absurd histories.
    context["previous_follow_ups"] = follow_ups[-MAX_FOLLOW_UPS:]
    if messages:
        context["last_message_at"] = messages[-1]["sent_at"]
    context["thank_you_sent"] = any(m["kind"] == "thank_you" for m in messages)
    own = (interview["company"] or "").strip().casefold()
    others: dict[str, str] = {}
    for (company,) in db.execute("SELECT company FROM interviews WHERE id != ? ORDER BY id", (interview_id,)):
        name = (company or "").strip()
        key = name.casefold()
        if name and key != own and key not in others:
            others[key] = name
    context["other_companies"] = list(others.values())[:MAX_OTHER_COMPANIES]
    return context


def loaded_context(db: sqlite3.Connection, interview_id: int) -> dict:
    """:func:`context_for` as :class:`etiquette.schemas.ContextSchema` produces it from a request
    (datetimes for the time fields), so the engine sees the same types whichever way a fact arrived.
    A stored value the schema refuses (a hand-edited or older database: year 9999) is left out.
    :raise NotFound: no such interview.
    """
    from ..schemas import ContextSchema

    raw = context_for(db, interview_id)
    try:
        return ContextSchema().load(raw)
    except ValidationError as exc:
        # Only a hand-edited or older database gets here; drop what does not fit rather than fail the check.
        bad = set(exc.messages) if isinstance(exc.messages, dict) else set(raw)
        return ContextSchema().load({k: v for k, v in raw.items() if k not in bad})


# --- backup ------------------------------------------------------------------------------------------


def export_all(db: sqlite3.Connection) -> dict:
    """Everything, in a JSON-ready dict that :func:`import_all` takes back."""
    interviews = []
    for row in db.execute("SELECT * FROM interviews ORDER BY id").fetchall():
        item = {"uid": row["uid"], **interview_row(row), "messages": []}
        for m in db.execute("SELECT * FROM messages WHERE interview_id = ? ORDER BY id", (row["id"],)):
            message = message_row(m)
            del message["interview_id"]
            item["messages"].append({"uid": m["uid"], **message})
        interviews.append(item)
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": now_iso(),
        "interviews": interviews,
    }


def import_all(db: sqlite3.Connection, data: dict, replace: bool = False) -> dict:
    """Merge an export (already validated by ``ExportSchema``) into the store, all or nothing.

    Records are matched by their ``uid``. One already present is never changed: it is skipped and
    reported, unless ``replace`` is set, when the file's copy overwrites the fields the file gives
    (fields the file leaves out stay as they are). A message whose idempotency key is already taken
    (here, or by an earlier message of the same file) is the same Send logged twice: skipped and
    reported. Ids are kept when free (so a restore into an empty database is exact), otherwise
    renumbered, and reported. Returns the counts and ``skipped``/``renumbered`` lists of
    ``{"record", "uid", "what", "reason"}``.
    """
    counts = {
        "interviews_added": 0,
        "interviews_updated": 0,
        "messages_added": 0,
        "messages_updated": 0,
        "skipped": [],
        "renumbered": [],
    }

    def note(kind, record, uid, what, reason):
        counts[kind].append({"record": record, "uid": uid, "what": what, "reason": reason})

    with write_tx(db):
        for item in data["interviews"]:
            values = {k: _iso(item.get(k)) for k in INTERVIEW_FIELDS}
            created = _iso(item.get("created_at")) or now_iso()
            updated = _iso(item.get("updated_at")) or created
            what = item["company"]
            existing = db.execute("SELECT id FROM interviews WHERE uid = ?", (item["uid"],)).fetchone()
            if existing is None:
                wanted = item.get("id")
                free = (
                    wanted is not None
                    and db.execute("SELECT 1 FROM interviews WHERE id = ?", (wanted,)).fetchone() is None
                )
                cursor = db.execute(
                    "INSERT INTO interviews (id, company, position, interviewer, interviewer_email,"
                    " interview_at, decision_by, stage, notes, uid, created_at, updated_at)"
                    " VALUES (:id, :company, :position, :interviewer, :interviewer_email, :interview_at,"
                    " :decision_by, :stage, :notes, :uid, :created, :updated)",
                    {
                        **values,
                        "id": wanted if free else _safe_next_id(db, "interviews"),
                        "uid": item["uid"],
                        "created": created,
                        "updated": updated,
                    },
                )
                interview_id = cursor.lastrowid
                counts["interviews_added"] += 1
                if wanted is not None and not free:
                    note(
                        "renumbered",
                        "interview",
                        item["uid"],
                        what,
                        f"id {wanted} is taken here: now #{interview_id}",
                    )
            else:
                interview_id = existing["id"]
                given = [k for k in INTERVIEW_FIELDS if k in item]
                if replace and given:
                    assignments = ", ".join(f"{k} = :{k}" for k in given)  # names from our own tuple
                    db.execute(
                        f"UPDATE interviews SET {assignments}, updated_at = :updated WHERE id = :id",
                        {**{k: values[k] for k in given}, "updated": now_iso(), "id": interview_id},
                    )
                    counts["interviews_updated"] += 1
                else:
                    note(
                        "skipped",
                        "interview",
                        item["uid"],
                        what,
                        f"already here as #{interview_id}; the stored copy is kept (--replace overwrites it)",
                    )
            for message in item.get("messages", []):
                _import_message(db, message, interview_id, what, replace, counts, note)
    return counts


def _import_message(db, message, interview_id, what, replace, counts, note) -> None:
    key = message.get("idempotency_key")
    label = (
        f"{message['kind'].replace('_', '-')} of {message['sent_at']:%Y-%m-%d} for {what}"
        if isinstance(message.get("sent_at"), datetime)
        else f"{message['kind']} for {what}"
    )
    present = db.execute("SELECT id, interview_id FROM messages WHERE uid = ?", (message["uid"],)).fetchone()
    if present is not None:
        if replace and present["interview_id"] == interview_id:
            db.execute(
                "UPDATE messages SET kind = ?, sent_at = ?, note = ? WHERE id = ?",
                (message["kind"], _iso(message["sent_at"]), message.get("note"), present["id"]),
            )
            counts["messages_updated"] += 1
        else:
            note(
                "skipped",
                "message",
                message["uid"],
                label,
                f"already here as message {present['id']}; kept as it is"
                + ("" if replace else " (--replace overwrites it)"),
            )
        return
    if key is not None:
        holder = db.execute("SELECT id FROM messages WHERE idempotency_key = ?", (key,)).fetchone()
        if holder is not None:
            note(
                "skipped",
                "message",
                message["uid"],
                label,
                f"its idempotency key {key!r} is already used by message {holder['id']}: the same Send logged twice",
            )
            return
    wanted = message.get("id")
    free = (
        wanted is not None and db.execute("SELECT 1 FROM messages WHERE id = ?", (wanted,)).fetchone() is None
    )
    cursor = db.execute(
        "INSERT INTO messages (id, interview_id, kind, sent_at, note, idempotency_key, uid,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            wanted if free else _safe_next_id(db, "messages"),
            interview_id,
            message["kind"],
            _iso(message["sent_at"]),
            message.get("note"),
            key,
            message["uid"],
            _iso(message.get("created_at")) or now_iso(),
        ),
    )
    counts["messages_added"] += 1
    if wanted is not None and not free:
        note(
            "renumbered",
            "message",
            message["uid"],
            label,
            f"id {wanted} is taken here: now {cursor.lastrowid}",
        )


def _safe_next_id(db: sqlite3.Connection, table: str) -> int | None:
    """None (SQLite numbers the row) unless that number would pass 2**53 - 1, which JavaScript cannot
    hold exactly (an id near 2**62 once made every check of the extension a 422): then the lowest
    number above the ids in use below that limit.
    :raise StoreUnavailable: no id below the limit is left (never for a real tracker).
    """
    row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
    if row is None or row[0] < MAX_ID:
        return None
    # Table names come from our own code, never from input.
    below = db.execute(f"SELECT coalesce(max(id), 0) FROM {table} WHERE id < ?", (MAX_ID,)).fetchone()[0]
    candidate = below + 1
    if db.execute(f"SELECT 1 FROM {table} WHERE id = ?", (candidate,)).fetchone() is not None:
        raise StoreUnavailable(
            "The tracker has run out of ids the extension can read; export and "
            "import it into a new database to renumber.",
            reason="the tracker has run out of ids the extension can read",
        )
    return candidate
