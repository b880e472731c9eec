"""Fixtures shared by the unit tests: an app on a fresh database, its client, and ``make_app`` for a
test that needs its own configuration. A real server process: etiquette/live_server.py."""

from pathlib import Path

import pytest
from etiquette.app import create_app

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    # Every test in this folder is a unit test (`pytest -m unit`); e2e/conftest.py marks its own.
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.unit)


@pytest.fixture
def make_app(tmp_path):
    """``create_app`` with TESTING on and a fresh database in ``tmp_path``; keywords override or add
    config keys as the factory names them: ``make_app(TOKEN="t")``, ``make_app(DATABASE=str(db))``."""

    def make(**config):
        return create_app({"TESTING": True, "DATABASE": str(tmp_path / "tracker.sqlite3"), **config})

    return make


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()
