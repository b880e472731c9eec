"""Flask application factory: configuration lives here and only here."""

from __future__ import annotations

import os

from flask import Flask

from . import __version__
from . import errors
from .locations import default_data_dir  # noqa: F401  (re-exported: the CLI and security use it)
from .locations import static_dir


def create_app(config: dict | None = None) -> Flask:
    """Build the app. ``config`` overrides the defaults (tests pass a temporary DATABASE)."""
    app = Flask(__name__, static_folder=str(static_dir()), static_url_path="/static")
    data_dir = default_data_dir()
    app.config.from_mapping(
        VERSION=__version__,
        DATA_DIR=data_dir,
        DATABASE=os.path.join(data_dir, "etiquette.sqlite3"),
        # DNS-rebinding defence: any other Host header gets 400 (Flask validates it during routing).
        TRUSTED_HOSTS=["127.0.0.1", "localhost"],
        MAX_CONTENT_LENGTH=256 * 1024,
        TOKEN=None,
        JSON_SORT_KEYS=False,
    )
    if config:
        app.config.update(config)
    app.json.sort_keys = False
    # Never the Werkzeug debugger, whatever FLASK_DEBUG says: it would be code execution for any page.
    app.debug = False

    # Load and validate the rule pack and templates now: a broken rule file stops start-up with the
    # file and field named, instead of a coach that silently stops warning.
    from . import engine
    from . import templates

    engine.get_pack()
    templates.catalogue()

    errors.init_app(app)
    from . import openapi, security  # the local-API guards and the OpenAPI document

    security.init_app(app)
    openapi.init_app(app)

    from .api import check as check_api
    from .api import templates as templates_api
    from .api import dates as dates_api
    from .api import playground

    app.register_blueprint(check_api.bp)
    app.register_blueprint(dates_api.bp)
    app.register_blueprint(templates_api.bp)
    app.register_blueprint(playground.bp)

    # Interview tracker: its blueprint, and the per-request SQLite connection closed at teardown.
    from . import store
    from .api import interviews as interviews_api

    store.init_app(app)
    app.register_blueprint(interviews_api.bp)
    return app
