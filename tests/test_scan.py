"""etiquette/engine/scan.py: a pattern tried only where its start words occur finds exactly what its
own ``finditer`` finds, for every pattern the pack runs that way, on the corpus and on junk."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml
from etiquette import engine
from etiquette.engine import scan
from etiquette.engine.builtins.verb_forms import _compiled
from etiquette.engine.draft import Draft

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import adversarial  # noqa: E402


def _patterns() -> list[tuple[str, re.Pattern]]:
    found = []
    for rule in engine.get_pack().rules:
        if rule.kind in ("existence", "substitution") and rule.regex is not None:
            found.append((rule.id, rule.regex))
        if rule.kind == "builtin" and rule.builtin == "verb_form":
            found.append((rule.id, _compiled(rule.params.after)))
        if rule.kind == "builtin" and rule.builtin == "pattern_fix":
            found += [(rule.id, p) for p in rule.params.patterns]
    return found


def _texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "tests" / "corpus").glob("*.yml"))[::4]:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(doc, dict) and isinstance(doc.get("text"), str):
            texts.append(doc["text"])
    texts += [text[:4000] for _, text in adversarial.drafts()]
    return texts


def test_leading_assertions_are_skipped_to_find_the_start_words():
    assert scan._zero_width_prefix(r"(?:^|(?<=\n)|(?<=[.!?]\s))\bthe\s") == len(
        r"(?:^|(?<=\n)|(?<=[.!?]\s))\b"
    )
    assert scan._zero_width_prefix(r"(?=the\s)(?<!\bof\s)the") == len(r"(?=the\s)(?<!\bof\s)")
    assert scan._zero_width_prefix(r"(?:a|\b)x") == 0  # "a" consumes: not an assertion
    assert scan._zero_width_prefix(r"(?:\b)?x") == 0  # a quantified group: left alone
    assert scan._finder(r"\w+") is None  # cannot tell: scanned the ordinary way


def test_most_patterns_the_index_does_not_cover_are_scanned_by_their_start_words():
    scanned = [rid for rid, p in _patterns() if scan._finder(p.pattern) is not None]
    assert len(scanned) >= 30, scanned


def test_a_pattern_whose_needle_is_absent_is_not_run():
    regex = re.compile(r"\b(?:will|would)\s+(?P<slip>effect)\s+(?=the)")
    assert list(scan.finditer(regex, "it will affect the plan", 0, 23)) == []
    assert [m.group("slip") for m in scan.finditer(regex, "it will effect the plan", 0, 23)] == ["effect"]


@pytest.mark.parametrize("rule_id,regex", _patterns(), ids=lambda v: v if isinstance(v, str) else "")
def test_scanned_spans_are_exactly_finditers(rule_id, regex):
    for text in _texts():
        draft = Draft(text)
        for subject in (draft.lowered, draft.masked):
            want = [m.span() for m in regex.finditer(subject, 0, draft.end)]
            got = [m.span() for m in scan.finditer(regex, subject, 0, draft.end)]
            assert got == want, f"{rule_id}: {text[:80]!r}"
