"""Where the program's files live: the rule pack and the playground ship inside the package, the
user's data (tracker database, API token, pairing files, the sentence encoder) in their data directory.

No Flask here: the app factory, the command line and the engine all ask this module. Each function
that reads an environment variable takes the environment as an argument (``os.environ`` when left
out), so the app factory and the command line read it at start-up and pass the answer on.

The rule pack is the repository's top-level ``shared-rules/`` folder; setup.py maps it into the wheel
as the package ``etiquette.shared_rules``, so it is found with :mod:`importlib.resources` the same way
in a wheel, an editable install and a checkout.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

RULES_PACKAGE = "etiquette.shared_rules"
DATA_DIR_NAME = "follow-up-etiquette"
DATABASE_NAME = "etiquette.sqlite3"
TOKEN_FILE_NAME = "api-token"
# ETIQUETTE_RULES: a rule author's working copy of the pack; ETIQUETTE_DATA_DIR: another data directory.
RULES_ENV = "ETIQUETTE_RULES"
DATA_DIR_ENV = "ETIQUETTE_DATA_DIR"


class RulesNotInstalled(Exception):
    """The rule pack is not installed with the package (``engine.pack`` reports it as a RulePackError)."""


def package_path(package: str, *parts: str) -> Path:
    """A folder or file shipped inside ``package``.

    :raise ModuleNotFoundError: no such package is installed.
    """
    # Installed wheels and editable installs are both plain folders; a zipped install is not supported.
    return Path(os.fspath(resources.files(package).joinpath(*parts)))


def shipped_rules_dir() -> Path:
    """The rule pack installed with the package.

    :raise RulesNotInstalled: an install made before the pack became package data, or a build that
        left it out.
    """
    try:
        return package_path(RULES_PACKAGE)
    except ModuleNotFoundError:
        raise RulesNotInstalled(
            f"{RULES_PACKAGE}: the rule pack is not installed with the package; "
            "reinstall it (in a checkout: make install)"
        ) from None


def rules_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The rule pack folder: ``ETIQUETTE_RULES`` when set (rule authors point it at a working copy),
    else the pack shipped with the package.

    :raise RulesNotInstalled: no override, and no pack installed.
    """
    override = (os.environ if environ is None else environ).get(RULES_ENV)
    return Path(override) if override else shipped_rules_dir()


def static_dir() -> Path:
    """The playground's page, script and stylesheet."""
    return package_path("etiquette", "static")


def default_data_dir(environ: Mapping[str, str] | None = None) -> str:
    """The user's data directory (``ETIQUETTE_DATA_DIR`` moves it; tests and the service use that)."""
    override = (os.environ if environ is None else environ).get(DATA_DIR_ENV)
    if override:
        return override
    from platformdirs import user_data_dir

    return user_data_dir(DATA_DIR_NAME, appauthor=False)


def database_path(data_dir: str | os.PathLike) -> str:
    """The tracker database kept in ``data_dir`` (``etiquette serve`` without ``--db``)."""
    return os.path.join(os.fspath(data_dir), DATABASE_NAME)


def default_database(environ: Mapping[str, str] | None = None) -> str:
    """The tracker database in the user's data directory."""
    return database_path(default_data_dir(environ))


def data_dir_of(database: str | os.PathLike) -> str:
    """The folder of a tracker database: tokens and pairing codes live beside the data they guard."""
    return os.path.dirname(os.path.abspath(os.fspath(database)))


def token_path(data_dir: str | os.PathLike) -> str:
    """Where ``--require-token`` keeps the API token it generates."""
    return os.path.join(os.fspath(data_dir), TOKEN_FILE_NAME)
