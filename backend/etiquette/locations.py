"""Where the program's files live: the rule pack and playground ship inside the package, the user's
data in their data directory. The only module that reads ``ETIQUETTE_RULES`` and ``ETIQUETTE_DATA_DIR``.

The rule pack is the repository's top-level ``shared-rules/`` folder; setup.py maps it into the wheel
as the package ``etiquette.shared_rules``, so it is found with :mod:`importlib.resources` the same way
in a wheel, an editable install and a checkout.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

RULES_PACKAGE = "etiquette.shared_rules"
DATA_DIR_NAME = "follow-up-etiquette"


def _package_path(package: str, *parts: str) -> Path:
    # Installed wheels and editable installs are both plain folders; a zipped install is not supported.
    return Path(os.fspath(resources.files(package).joinpath(*parts)))


def rules_dir() -> Path:
    """The rule pack folder: ``ETIQUETTE_RULES`` when set (rule authors point it at a working copy),
    else the pack shipped with the package."""
    override = os.environ.get("ETIQUETTE_RULES")
    if override:
        return Path(override)
    try:
        return _package_path(RULES_PACKAGE)
    except ModuleNotFoundError:
        # An install made before the pack became package data (or a build that left it out).
        from .engine.pack import RulePackError

        raise RulePackError(
            f"{RULES_PACKAGE}: the rule pack is not installed with the package; "
            "reinstall it (in a checkout: make install)"
        ) from None


def static_dir() -> Path:
    """The playground's page, script and stylesheet."""
    return _package_path("etiquette", "static")


def default_data_dir() -> str:
    """The user's data directory (``ETIQUETTE_DATA_DIR`` moves it; tests and the service use that)."""
    from platformdirs import user_data_dir

    return os.environ.get("ETIQUETTE_DATA_DIR") or user_data_dir(DATA_DIR_NAME, appauthor=False)
