"""The tracker database for a request: flaskr's get_db / close_db / init_app, over
:func:`etiquette.tracker.db.connect` (its PRAGMAs and migrations).

The connection is opened on first use in a request, kept on ``g`` and closed at teardown; the
tracker's own code (:mod:`etiquette.tracker.service`) takes it as an argument and never sees ``g``.
"""

from __future__ import annotations

import logging
import os
import sqlite3

from flask import current_app, g

from ..tracker import db, service

log = logging.getLogger(__name__)


def get_db() -> sqlite3.Connection:
    """The request's connection, opened on first use and closed at teardown.

    :raise StoreUnavailable: the database cannot be opened or migrated (503).
    """
    if "tracker_db" not in g:
        config = current_app.config
        g.tracker_db = db.connect(
            config["DATABASE"],
            # DATABASE_BUSY_TIMEOUT (seconds): how long a request waits for another writer's lock.
            timeout=float(config["DATABASE_BUSY_TIMEOUT"]),
            create_dir=config["DATABASE_CREATE_DIR"],
        )
    return g.tracker_db


def tracker_state() -> tuple[str, str | None]:
    """``("ok", None)`` or ``("unavailable", reason)`` for ``/api/v1/health``; the reason names no path."""
    config = current_app.config
    return db.state(
        config["DATABASE"],
        timeout=float(config["HEALTH_PROBE_TIMEOUT"]),
        create_dir=config["DATABASE_CREATE_DIR"],
    )


def stored_context(interview_id: int) -> dict:
    """Context for ``POST /check``, template rendering and reminders when the request names ``interview_id``.

    :raise NotFound: no such interview (404).
    """
    return service.loaded_context(get_db(), interview_id)


def close_db(exc=None) -> None:
    conn = g.pop("tracker_db", None)
    if conn is None:
        return
    try:
        if conn.in_transaction:  # only after an error mid-write; write_tx normally closes its own
            conn.execute("ROLLBACK")
    except sqlite3.Error:
        log.warning("rollback at teardown failed", exc_info=True)
    finally:
        conn.close()


def init_app(app) -> None:
    app.teardown_appcontext(close_db)
    if app.config["DATABASE_CREATE_DIR"]:
        # The default data directory is ours: an older version made it 0755; 0700 now. A folder that
        # --db merely points into is not ours to change.
        from ..private import tighten_own_dir

        tighten_own_dir(os.path.dirname(os.path.abspath(app.config["DATABASE"])))
