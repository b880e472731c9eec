"""Is a sentence a safe unit for Harper's cache? Lints every paragraph of tests/corpus, the kept blind
batches (b1-b8), the grammar sets (grammar-g*, tests/grammar_slips) and the adversarial drafts whole and unit by unit
(``etiquette.grammar._units``), and prints every paragraph whose findings differ. A report, not a test:

    .venv/bin/python bench/grammar_units.py            # British and American English
    .venv/bin/python bench/grammar_units.py --quick    # British only, no adversarial drafts
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import dump_warnings  # noqa: E402
import yaml  # noqa: E402


def _strings(node, out: list) -> None:
    if isinstance(node, str) and len(node) > 10:
        out.append(node)
    elif isinstance(node, dict):
        for v in node.values():
            _strings(v, out)
    elif isinstance(node, list):
        for v in node:
            _strings(v, out)


def texts(adversarial: bool) -> list[str]:
    found = [
        d["text"]
        for d in dump_warnings.all_drafts()
        if adversarial or not d["name"].startswith("adversarial/")
    ]
    for path in [
        *sorted(HERE.glob("blind/grammar-g*/*.yml")),
        *sorted(HERE.parent.glob("tests/grammar_slips/*.yml")),
    ]:
        _strings(yaml.safe_load(path.read_text(encoding="utf-8")), found)
    return found


def _raw(linter, text: str) -> list[tuple]:
    found = [
        (
            name,
            lint.span.start,
            lint.span.end,
            lint.problem_text,
            tuple((s.kind, s.replacement_text) for s in lint.suggestions),
        )
        for name, lints in linter.organized_lints(text, language="plaintext").items()
        for lint in lints
    ]
    return sorted(found, key=lambda f: (f[1], f[2], f[0]))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    from etiquette import engine, grammar
    from etiquette.engine.draft import Draft

    engine.get_pack()  # configures the grammar layer with the pack's curated lints
    drafts = texts(adversarial=not args.quick)
    paragraphs = differ = 0
    for dialect in ("british",) if args.quick else ("british", "american"):
        # the layer's own linter (one thread here, so this one may call it while its thread is idle)
        linter = grammar._on_harper_thread(grammar._linter, dialect)
        for text in drafts:
            for m in grammar._PARAGRAPH.finditer(Draft(text).masked):
                paragraph = m.group(0)
                paragraphs += 1
                whole = _raw(linter, paragraph)
                units = [
                    (name, a + x, a + y, problem, sugg)
                    for a, b in grammar._units(paragraph)
                    for name, x, y, problem, sugg in _raw(linter, paragraph[a:b])
                ]
                if whole != sorted(units, key=lambda f: (f[1], f[2], f[0])):
                    differ += 1
                    print(f"differs ({dialect}): {paragraph[:160]!r}\n  whole: {whole}\n  units: {units}")
    print(f"{len(drafts)} drafts, {paragraphs} paragraphs: {differ} differ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
