"""What the server's resident memory is made of, step by step in one process: after each import or
load a server makes, ``malloc_trim`` and the growth of anonymous (the process's own heap and mappings)
and file-backed (library code and data mapped from disk) memory, from /proc/self/status. The steps
run in the order ``etiquette serve`` takes them (one malloc arena, as the server sets), then ten
meaning-on checks of meaning_bench.py's draft.

    .venv/bin/python bench/rss_steps.py

A report, never a test. The figures are the server's to within a few MB: a server also runs waitress
and its threads, and has answered more than ten checks.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from etiquette import memory

memory.limit_arenas()


def resident() -> dict[str, float]:
    memory.release_free_memory()
    found = {}
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            key, _, rest = line.partition(":")
            if key in ("RssAnon", "RssFile"):
                found[key[3:].lower()] = int(rest.split()[0]) / 1024
    return found


def main() -> int:
    last = resident()
    rows = [("interpreter", last["anon"], last["file"])]

    def step(name: str) -> None:
        nonlocal last
        now = resident()
        rows.append((name, now["anon"] - last["anon"], now["file"] - last["file"]))
        last = now

    import numpy  # noqa: F401

    step("import numpy")
    import flask  # noqa: F401
    import marshmallow  # noqa: F401
    import waitress  # noqa: F401

    step("import flask, marshmallow, waitress")
    from etiquette import grammar

    grammar.known_lint_names()
    step("Harper loaded (its curated dictionary)")
    from etiquette.engine.pack import load_pack

    pack = load_pack()
    step("the rule pack (rules, phrase index, heads)")
    from etiquette.engine.builtins.spelling import checker

    checker()
    step("the spelling dictionary")
    from etiquette import engine

    engine.set_pack(pack)
    step("Harper's linter and first lint (grammar warm-up)")
    from etiquette.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        create_app({"TESTING": True, "DATABASE": str(Path(tmp) / "t.sqlite3"), "MEANING": False})
        step("the app (no meaning layer)")
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401

        step("import onnxruntime, tokenizers")
        from etiquette.meaning.layer import default_layer

        layer = default_layer()
        if layer.encoder() is None:
            print(f"meaning layer off: {layer.status()[1]}", file=sys.stderr)
        step("the encoder (tokenizer, onnxruntime session)")
        import meaning_bench as mb

        for i in range(10):
            engine.check(mb.draft(i), meaning=layer)
        step("ten meaning-on checks")
    width = max(len(r[0]) for r in rows)
    print(f"{'step':{width}}  anon MB  file MB")
    for name, anon, file in rows:
        print(f"{name:{width}}  {anon:+7.1f}  {file:+7.1f}")
    print(f"{'total':{width}}  {last['anon']:7.1f}  {last['file']:7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
