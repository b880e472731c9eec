"""Each shared value is written once in Python: in backend/etiquette/vocab.py.

The draft limit, the port, the loopback host names and the lists of stages, kinds, categories,
severities, verdicts and dialects were once copied into the schemas, the command line, the service
files and the app factory, and kept in step by hand. This test reads every other module of the package
and fails on a copy, naming the file and line. Docstrings and prose inside longer strings do not count;
a mapping keyed by a list's values (a severity's rank, Harper's number for a dialect) says something
else about them and does not count either.
"""

from __future__ import annotations

import ast
from pathlib import Path

import yaml
from etiquette import vocab

PACKAGE = Path(__file__).resolve().parent.parent / "backend" / "etiquette"
VOCAB = PACKAGE / "vocab.py"

NUMBERS = {
    vocab.MAX_TEXT: "MAX_TEXT",
    vocab.MAX_ID: "MAX_ID",
    vocab.MAX_BODY: "MAX_BODY",
    vocab.DEFAULT_PORT: "DEFAULT_PORT",
}
STRINGS = dict.fromkeys(vocab.LOOPBACK_HOSTS, "LOOPBACK_HOSTS")
LISTS = {
    name: frozenset(getattr(vocab, name))
    for name in ("KINDS", "MESSAGE_KINDS", "STAGES", "CATEGORIES", "SEVERITIES", "VERDICTS", "DIALECTS")
}


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _number(node: ast.AST):
    """The value of a number literal or of arithmetic on literals (``256 * 1024``), else None."""
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.BinOp):
        left, right = _number(node.left), _number(node.right)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        if isinstance(node.op, ast.Pow) and 0 <= right < 128:
            return left**right
    return None


def copies(source: str, filename: str) -> list[str]:
    """Where ``source`` writes a value vocab.py holds: ``file:line: value (vocab.NAME)``."""
    tree = ast.parse(source, filename)
    skip = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        number = _number(node)
        if number in NUMBERS and not (isinstance(node, ast.Constant) and id(node) in skip):
            found.append(f"{filename}:{line}: {number} (vocab.{NUMBERS[number]})")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            if node.value in STRINGS:
                found.append(f"{filename}:{line}: {node.value!r} (vocab.{STRINGS[node.value]})")
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            words = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
            for name, values in LISTS.items():
                if len(values) > 1 and words == values:
                    found.append(f"{filename}:{line}: the list of vocab.{name}")
    return sorted(set(found))


def test_no_module_but_vocab_writes_a_shared_value():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path != VOCAB:
            found += copies(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE)))
    assert not found, "import these from etiquette.vocab instead:\n  " + "\n  ".join(found)


def test_the_check_finds_each_kind_of_copy():
    source = (
        '"""Docstring mentioning 127.0.0.1 and 20000 is prose."""\n'
        "LIMIT = 20_000\n"
        "BODY = 256 * 1024\n"
        'HOST = "127.0.0.1"\n'
        'STAGES = ("applied", "interviewed", "offer", "rejected", "withdrawn")\n'
        'CLOSED = ("offer", "rejected", "withdrawn")\n'
        'URL = "http://127.0.0.1:5455/"\n'
    )
    assert copies(source, "x.py") == [
        "x.py:2: 20000 (vocab.MAX_TEXT)",
        "x.py:3: 262144 (vocab.MAX_BODY)",
        "x.py:4: '127.0.0.1' (vocab.LOOPBACK_HOSTS)",
        "x.py:5: the list of vocab.STAGES",
    ]


def test_vocab_is_plain_data_the_extension_can_be_generated_from():
    tree = ast.parse(VOCAB.read_text(encoding="utf-8"))
    names = []
    for statement in tree.body[1:]:  # after the docstring
        assert isinstance(statement, ast.Assign), f"vocab.py:{statement.lineno}: only NAME = literal"
        ast.literal_eval(statement.value)  # raises for anything but a literal
        names += [target.id for target in statement.targets]
    assert names and all(name.isupper() for name in names)


def test_the_shipped_categories_are_vocab_categories_in_order():
    path = Path(__file__).resolve().parent.parent / "shared-rules" / "categories.yml"
    assert tuple(yaml.safe_load(path.read_text(encoding="utf-8"))) == vocab.CATEGORIES
