"""Score a blind grammar set (slips.yml: {text, slip, kind}; clean.yml: {text}) with etiquette.check:
the share of slips flagged on the slip itself, and the clean drafts that get any proofreading warning.
"Flagged on the slip" means what tests/test_grammar_slips.py means by it.

    .venv/bin/python bench/score_grammar_blind.py                      # bench/blind/grammar-g2
    .venv/bin/python bench/score_grammar_blind.py tests/grammar_slips
"""

from __future__ import annotations

import sys
from pathlib import Path

import etiquette
import yaml

DEFAULT = Path(__file__).resolve().parent / "blind" / "grammar-g2"


def flagged_on_slip(item: dict) -> bool:
    text, slip = item["text"], item["slip"]
    start = text.index(slip)
    end = start + len(slip)
    return any(
        w["category"] == "proofreading" and w["offset"] < end and start < w["offset"] + max(w["length"], 1)
        for w in etiquette.check(text)["warnings"]
    )


def main(folder: Path) -> None:
    slips = yaml.safe_load((folder / "slips.yml").read_text(encoding="utf-8"))
    clean = yaml.safe_load((folder / "clean.yml").read_text(encoding="utf-8"))
    missed = [(item["kind"], item["slip"]) for item in slips if not flagged_on_slip(item)]
    alarms = []
    for item in clean:
        found = [
            (w["rule"], w["excerpt"])
            for w in etiquette.check(item["text"])["warnings"]
            if w["category"] == "proofreading"
        ]
        if found:
            alarms.append(found)
    hit = len(slips) - len(missed)
    print(f"slips flagged on the slip: {hit}/{len(slips)} = {hit / len(slips):.1%}")
    print(f"clean drafts with a proofreading warning: {len(alarms)}/{len(clean)}")
    for kind, slip in missed:
        print(f"  miss {kind}: {slip!r}")
    for found in alarms:
        print(f"  false alarm {found}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
