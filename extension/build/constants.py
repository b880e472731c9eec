#!/usr/bin/env python3
"""Write extension/lib/constants.js from the Python side, so the extension never types a shared fact.

The extension is classic scripts with no build step (shared/DESIGN.md), so the values it shares with
the backend cannot be imported: they are generated into lib/constants.js, which is committed and loaded
like any other lib/ file. The sources:

* ``backend/etiquette/vocab.py``: the limits, kinds, stages, categories, severities, dialects and the
  default address. It is plain literals by design, so this script reads it with ``ast`` and needs
  neither the package installed nor anything outside the standard library.
* ``shared-rules/templates/*.yml``: the template ids (the ``id:`` line of each file).
* ``STORAGE_DEFAULTS`` below: the extension's own settings defaults (chrome.storage.local), written
  here once for the worker, the options page and the popup; the backend address and the dialect in
  them come from vocab.py.

``python3 extension/build/constants.py`` rewrites the file; ``--check`` only compares and exits 1 when
it is out of date (tests/test_js_constants.py runs that, and also compares the values as Node reads
them with the running Python package). The output is already in prettier's style, so
``prettier --check`` passes without reformatting it.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VOCAB = ROOT / "backend" / "etiquette" / "vocab.py"
TEMPLATES = ROOT / "shared-rules" / "templates"
OUTPUT = ROOT / "extension" / "lib" / "constants.js"
WIDTH = 110  # .prettierrc.json printWidth

# The names taken from vocab.py, in the order they are written out, each with what it is for here.
FROM_VOCAB = {
    "MAX_TEXT": "the longest draft (and quoted message) the backend takes, in code points",
    "MAX_ID": "the largest id the extension reads exactly (Number.MAX_SAFE_INTEGER)",
    "MESSAGE_KINDS": "what a sent message was",
    "STAGES": "where an application stands",
    "CATEGORIES": "the ten categories, in GUIDELINES.md's order",
    "SEVERITIES": "warning severities, most severe first (the panel's group order)",
    "DIALECTS": "the Englishes the grammar check knows (the API's `dialect`)",
    "DEFAULT_DIALECT": "the dialect when the user has not chosen one",
    "DEFAULT_PORT": "the port `etiquette serve` listens on by default",
}


def read_vocab(path: Path = VOCAB) -> dict:
    """Every top-level ``NAME = literal`` of vocab.py. :raise SystemExit: when a name is missing."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    values = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                values[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                continue  # not a literal: not ours to copy
    missing = [n for n in [*FROM_VOCAB, "DEFAULT_HOST"] if n not in values]
    if missing:
        raise SystemExit(f"{path}: no literal {', '.join(missing)}")
    return values


def template_ids(folder: Path = TEMPLATES) -> list[str]:
    """The ``id:`` of every template file, in file-name order (the order etiquette.templates loads)."""
    ids = []
    for path in sorted(folder.glob("*.yml")):
        m = re.search(r"""^id:\s*["']?([A-Za-z0-9_-]+)["']?\s*$""", path.read_text(encoding="utf-8"), re.M)
        if not m:
            raise SystemExit(f"{path}: no id: line")
        ids.append(m.group(1))
    return ids


def constants() -> dict:
    """Name -> (value, comment) for constants.js."""
    vocab = read_vocab()
    out = {
        name: (list(vocab[name]) if isinstance(vocab[name], tuple) else vocab[name], why)
        for name, why in FROM_VOCAB.items()
    }
    backend = f"http://{vocab['DEFAULT_HOST']}:{vocab['DEFAULT_PORT']}"
    out["DEFAULT_BACKEND"] = (backend, "where the extension looks for the backend until the user changes it")
    out["TEMPLATE_IDS"] = (template_ids(), "the templates the panel may ask the backend to render")
    out["STORAGE_DEFAULTS"] = (
        {
            "backendUrl": backend,
            "token": "",
            "allowRemote": False,
            "dictionary": [],
            "disabled": [],
            "dialect": vocab["DEFAULT_DIALECT"],
            "disabledSites": [],
        },
        "chrome.storage.local before the user saves anything (the options page edits these)",
    )
    return out


def js(value, indent: int, room: int) -> str:
    """``value`` as a JavaScript literal the way prettier prints it, starting `room` columns in."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        if "'" in value or "\\" in value or "\n" in value:
            return json.dumps(value)
        return "'" + value + "'"
    pad = " " * (indent + 2)
    if isinstance(value, list):
        flat = "[" + ", ".join(js(v, 0, WIDTH) for v in value) + "]"
        if room + len(flat) <= WIDTH:
            return flat
        return "[\n" + "".join(f"{pad}{js(v, indent + 2, len(pad))},\n" for v in value) + " " * indent + "]"
    if isinstance(value, dict):
        # Always one key per line: prettier keeps an object expanded when it was written so.
        lines = []
        for k, v in value.items():
            head = f"{pad}{k}: "
            lines.append(f"{head}{js(v, indent + 2, len(head) + 1)},\n")
        return "{\n" + "".join(lines) + " " * indent + "}"
    raise TypeError(f"cannot write {value!r}")


def render() -> str:
    body = []
    for name, (value, why) in constants().items():
        body.append(f"    // {why}\n")
        head = f"    {name}: "
        body.append(f"{head}{js(value, 4, len(head) + 1)},\n")
    return (
        "// GENERATED by extension/build/constants.py from backend/etiquette/vocab.py and the ids in\n"
        "// shared-rules/templates/: do not edit. Run `python3 extension/build/constants.py` after changing\n"
        "// either; tests/test_js_constants.py fails while this file and the Python side differ.\n"
        "// Part of EtiquetteCore (lib/core.js); tested in tests/constants.test.mjs.\n"
        "(function (root) {\n"
        "  'use strict';\n"
        "\n"
        "  const C = (root.EtiquetteCore = root.EtiquetteCore || {});\n"
        "\n"
        "  const api = {\n" + "".join(body) + "  };\n"
        "  // Shared by every script of a page: no script may change them for the others.\n"
        "  const freeze = (v) => {\n"
        "    if (v && typeof v === 'object') Object.values(Object.freeze(v)).forEach(freeze);\n"
        "  };\n"
        "  freeze(api);\n"
        "  Object.assign(C, api);\n"
        "  if (typeof module !== 'undefined' && module.exports) module.exports = api;\n"
        "})(typeof globalThis !== 'undefined' ? globalThis : this);\n"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when the file is stale")
    parser.add_argument(
        "--file", type=Path, default=OUTPUT, help="the file to write or check (default: %(default)s)"
    )
    args = parser.parse_args(argv)
    text = render()
    current = args.file.read_text(encoding="utf-8") if args.file.exists() else ""
    if args.check:
        if current != text:
            print(f"{args.file} is out of date: run python3 extension/build/constants.py", file=sys.stderr)
            return 1
        return 0
    if current != text:
        args.file.write_text(text, encoding="utf-8")
        print(f"wrote {args.file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
