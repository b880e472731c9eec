"""Flask application factory: configuration lives here and only here."""

from __future__ import annotations

import os
from collections.abc import Mapping

from flask import Flask

from . import __version__, errors, paths
from .hosts import trusted_hosts
from .tracker.db import BUSY_TIMEOUT_S
from .vocab import DEFAULT_HOST, MAX_BODY


def _rules_dir(environ: Mapping[str, str]):
    from .engine.pack import RulePackError

    try:
        return paths.rules_dir(environ)
    except paths.RulesNotInstalled as exc:
        raise RulePackError(str(exc)) from None


def _pack_for(rules_dir):
    """The process's pack when ``rules_dir`` is its folder (loaded once, shared with etiquette.check),
    else that folder's own pack for this app."""
    from . import engine
    from .engine.pack import load_pack, rules_root

    if os.path.abspath(os.fspath(rules_dir)) == os.path.abspath(os.fspath(rules_root())):
        return engine.get_pack()
    return load_pack(rules_dir)


def _in_default_data_dir(database, data_dir: str) -> bool:
    if not database:
        return True
    if database == ":memory:":
        return False
    return os.path.dirname(os.path.abspath(os.fspath(database))) == os.path.abspath(data_dir)


def create_app(config: dict | None = None, environ: Mapping[str, str] | None = None) -> Flask:
    """Build the app. ``config`` overrides the defaults (tests pass a temporary DATABASE).

    The environment (``environ``, ``os.environ`` when left out) is read here and nowhere else at run
    time: ``ETIQUETTE_DATA_DIR`` moves the data directory, ``ETIQUETTE_RULES`` the rule pack.

    :raise RulePackError: a rule file or a template does not validate (the file and field named).
    """
    environ = os.environ if environ is None else environ
    app = Flask(__name__, static_folder=str(paths.static_dir()), static_url_path="/static")
    data_dir = paths.default_data_dir(environ)
    config = dict(config or {})
    if config.get("DATABASE") and config["DATABASE"] != ":memory:" and "DATA_DIR" not in config:
        # Tokens and pairing codes live beside the database they guard (as --require-token's file does).
        config["DATA_DIR"] = paths.data_dir_of(config["DATABASE"])
    app.config.from_mapping(
        VERSION=__version__,
        # The user's data directory: pairing codes and paired tokens live here.
        DATA_DIR=data_dir,
        # The tracker's SQLite file.
        DATABASE=paths.database_path(data_dir),
        # Only the default data directory is ever created; a given DATABASE's folder must exist.
        DATABASE_CREATE_DIR=_in_default_data_dir(config.get("DATABASE"), data_dir),
        # Seconds a request waits for another writer's lock on the tracker.
        DATABASE_BUSY_TIMEOUT=BUSY_TIMEOUT_S,
        # Seconds /api/v1/health waits to learn whether the tracker can be used.
        HEALTH_PROBE_TIMEOUT=0.25,
        # The rule pack and templates (shared-rules/, or a rule author's working copy).
        RULES_DIR=None,
        # The address `etiquette serve --host` binds; it decides TRUSTED_HOSTS below.
        BIND_HOST=DEFAULT_HOST,
        # The largest request body (413 above it); a draft's own limit is the API's, vocab.MAX_TEXT.
        MAX_CONTENT_LENGTH=MAX_BODY,
        # The bearer token every /api/ request must carry (None: no token; pairing still guards the tracker).
        TOKEN=None,
        # The sentence encoder of the meaning layer (etiquette model fetch puts it here); MEANING=False
        # switches the layer off.
        MODEL_DIR=None,
        MEANING=True,
    )
    app.config.update(config)
    if app.config["RULES_DIR"] is None:
        app.config["RULES_DIR"] = _rules_dir(environ)
    if not app.config["MODEL_DIR"]:
        from .meaning.model import default_model_dir

        # The user's data directory, not the folder of a --db file: the model is fetched once per user.
        app.config["MODEL_DIR"] = str(default_model_dir(data_dir))
    if "TRUSTED_HOSTS" not in config:
        # DNS-rebinding defence: any other Host header gets 400 (Flask validates it during routing).
        app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config["BIND_HOST"])
    app.json.sort_keys = False
    # Never the Werkzeug debugger, whatever FLASK_DEBUG says: it would be code execution for any page.
    app.debug = False

    # Load and validate the rule pack and templates now: a broken rule file stops start-up with the
    # file and field named, instead of a coach that silently stops warning.
    from . import templates

    app.extensions["etiquette.pack"] = _pack_for(app.config["RULES_DIR"])
    templates.catalogue(app.config["RULES_DIR"])

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
    from .api import database
    from .api import interviews as interviews_api

    database.init_app(app)
    app.register_blueprint(interviews_api.bp)
    return app
