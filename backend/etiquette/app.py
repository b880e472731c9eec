"""Flask application factory: configuration lives here and only here."""

from __future__ import annotations

import os

from flask import Flask

from . import __version__, errors
from .locations import (
    default_data_dir,
    static_dir,
)


class _BracketedHost(str):
    """A trusted-host entry for an IPv6 literal such as ``[::1]``.

    Werkzeug's ``host_is_trusted`` (werkzeug/sansio/utils.py) strips a port from each trusted entry
    by cutting at its first colon, which leaves ``[`` of ``[::1]``, so no IPv6 entry can ever match;
    this entry keeps itself whole when cut.
    """

    def partition(self, sep):
        return (str(self), "", "") if sep == ":" else super().partition(sep)


def trusted_hosts(bind_host: str | None) -> list[str]:
    """The Host names a server bound to ``bind_host`` answers to: the loopback names, and the bind
    address itself when it is one specific address (``[::1]`` for ``--host ::1``)."""
    import ipaddress

    hosts: list[str] = ["127.0.0.1", "localhost"]
    host = (bind_host or "").strip().strip("[]")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return hosts  # a name: only the loopback names, as ever
    if address.is_unspecified:
        return hosts  # 0.0.0.0 / :: is not a name any client uses
    if address.version == 6:
        hosts.append(_BracketedHost(f"[{address.compressed}]"))
    elif str(address) not in hosts:
        hosts.append(str(address))
    return hosts


def _in_default_data_dir(database, data_dir: str) -> bool:
    if not database:
        return True
    if database == ":memory:":
        return False
    return os.path.dirname(os.path.abspath(os.fspath(database))) == os.path.abspath(data_dir)


def create_app(config: dict | None = None) -> Flask:
    """Build the app. ``config`` overrides the defaults (tests pass a temporary DATABASE)."""
    app = Flask(__name__, static_folder=str(static_dir()), static_url_path="/static")
    data_dir = default_data_dir()
    config = dict(config or {})
    if config.get("DATABASE") and config["DATABASE"] != ":memory:" and "DATA_DIR" not in config:
        # Tokens and pairing codes live beside the database they guard (as --require-token's file does).
        config["DATA_DIR"] = os.path.dirname(os.path.abspath(os.fspath(config["DATABASE"])))
    app.config.from_mapping(
        VERSION=__version__,
        DATA_DIR=data_dir,
        DATABASE=os.path.join(data_dir, "etiquette.sqlite3"),
        # Only the default data directory is ever created; a given DATABASE's folder must exist.
        DATABASE_CREATE_DIR=_in_default_data_dir(config.get("DATABASE"), data_dir),
        # The address `etiquette serve --host` binds; it decides TRUSTED_HOSTS below.
        BIND_HOST="127.0.0.1",
        MAX_CONTENT_LENGTH=256 * 1024,
        TOKEN=None,
        # The sentence encoder of the meaning layer (etiquette model fetch puts it here).
        MODEL_DIR=None,
        MEANING=True,
        JSON_SORT_KEYS=False,
    )
    app.config.update(config)
    if "TRUSTED_HOSTS" not in config:
        # DNS-rebinding defence: any other Host header gets 400 (Flask validates it during routing).
        app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config["BIND_HOST"])
    app.json.sort_keys = False
    # Never the Werkzeug debugger, whatever FLASK_DEBUG says: it would be code execution for any page.
    app.debug = False

    # Load and validate the rule pack and templates now: a broken rule file stops start-up with the
    # file and field named, instead of a coach that silently stops warning.
    from . import engine, templates

    engine.get_pack()
    templates.catalogue()

    errors.init_app(app)
    from . import meaning

    meaning.init_app(app)
    from . import openapi, security  # the local-API guards and the OpenAPI document

    security.init_app(app)
    openapi.init_app(app)

    from .api import check as check_api
    from .api import dates as dates_api
    from .api import pair as pair_api
    from .api import playground
    from .api import reminders as reminders_api
    from .api import templates as templates_api

    app.register_blueprint(check_api.bp)
    app.register_blueprint(reminders_api.bp)
    app.register_blueprint(dates_api.bp)
    app.register_blueprint(pair_api.bp)
    app.register_blueprint(templates_api.bp)
    app.register_blueprint(playground.bp)

    # Interview tracker: its blueprint, and the per-request SQLite connection closed at teardown.
    from . import store
    from .api import interviews as interviews_api

    store.init_app(app)
    app.register_blueprint(interviews_api.bp)
    return app
