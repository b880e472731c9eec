"""The app factory owns configuration: every key the package reads is declared in ``create_app``, and
the environment is read only where a process starts (shared/STYLE.md, point 3; flaskr's factory)."""

from __future__ import annotations

import ast
from pathlib import Path

from etiquette.app import create_app

PACKAGE = Path(__file__).resolve().parent.parent / "backend" / "etiquette"

# Where reading the environment is the point, and why; anywhere else it is a setting that tests and the
# factory cannot see or override.
READS_ENVIRONMENT = {
    "app.py": "the app factory: ETIQUETTE_DATA_DIR and ETIQUETTE_RULES, once per app",
    "paths.py": "the defaults for code outside an app (etiquette.check, the CLI); callers may pass environ",
    "cli.py": "`etiquette serve` reads ETIQUETTE_TOKEN at its entry and passes it on",
    "cli_autostart.py": "`etiquette service install` on Windows names the user the task runs as",
    "meaning/layer.py": "the process's default meaning layer (etiquette.check), keyed by the data directory",
    "meaning/train.py": "`make train` re-runs itself with OPENBLAS_CORETYPE set, so heads come from one BLAS kernel",
    "live_server.py": "starts `etiquette serve` for tests, e2e and bench: the child gets this environment "
    "with the caller's overrides laid over it",
}


def _reads_environment(tree: ast.AST) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in ("environ", "getenv", "environb")
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    ]


def _config_keys(tree: ast.AST) -> set[str]:
    """Keys read as ``<...>config["KEY"]`` or ``<...>config.get("KEY")``."""

    def is_config(node) -> bool:
        return (isinstance(node, ast.Name) and node.id == "config") or (
            isinstance(node, ast.Attribute) and node.attr == "config"
        )

    keys = set()
    for node in ast.walk(tree):
        key = None
        if isinstance(node, ast.Subscript) and is_config(node.value):
            key = node.slice
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and is_config(node.func.value)
            and node.args
        ):
            key = node.args[0]
        if isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value.isupper():
            keys.add(key.value)
    return keys


def _sources():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def test_only_the_entry_points_read_the_environment():
    found = [
        f"{name}:{line}"
        for name, tree in _sources()
        if name not in READS_ENVIRONMENT
        for line in _reads_environment(tree)
    ]
    assert not found, "read the environment in the app factory (or a command's entry) and pass it on: " + (
        ", ".join(found)
    )


def test_every_config_key_the_package_reads_is_declared_by_the_factory(tmp_path):
    app = create_app({"DATABASE": str(tmp_path / "t.sqlite3"), "MEANING": False})
    read = set().union(*(_config_keys(tree) for _, tree in _sources()))
    assert {"DATABASE", "DATA_DIR", "RULES_DIR", "DATABASE_BUSY_TIMEOUT"} <= read
    assert read - set(app.config) == set()


def test_the_factory_takes_its_environment_and_fills_the_locations(tmp_path):
    rules = create_app({"MEANING": False}, environ={}).config["RULES_DIR"]
    app = create_app({"MEANING": False}, environ={"ETIQUETTE_DATA_DIR": str(tmp_path / "data")})
    assert app.config["DATA_DIR"] == str(tmp_path / "data")
    assert app.config["DATABASE"] == str(tmp_path / "data" / "etiquette.sqlite3")
    assert Path(app.config["MODEL_DIR"]).is_relative_to(tmp_path / "data")
    assert app.config["RULES_DIR"] == rules
    assert app.extensions["etiquette.pack"].rules
    assert "JSON_SORT_KEYS" not in app.config  # removed in Flask 2.3: sorting is app.json.sort_keys
