"""etiquette/engine/regex_shapes.py on its own: what a pattern's source says about where its matches
start (the speed-ups of the phrase index and the first-character guards), and ``ambiguities``, the
check that no pattern can backtrack catastrophically (run over the whole pack in test_properties.py)."""

from __future__ import annotations

import re

from etiquette.engine.regex_shapes import (
    alternation,
    ambiguities,
    first_chars,
    lower_literals,
    needles,
    split_alternatives,
    start_words,
)

# ---- where matches start


def test_top_level_alternatives_are_split_but_not_inside_groups_classes_or_escapes():
    assert split_alternatives("a|(b|c)") == ["a", "(b|c)"]
    assert split_alternatives(r"[|]|\|x") == ["[|]", r"\|x"]


def test_start_words_are_the_words_every_match_begins_with():
    assert start_words(r"(?:the|my)\s+pay") == {"the ", "my "}  # whole words: a non-word character follows
    assert start_words(r"i(?:'m|\s+am)") == {"i"}
    assert start_words("wages?") == {"wage"}  # the optional s is not a sure part
    assert start_words(r"\w+") is None  # cannot tell: the rule scans the whole draft


def test_first_chars_is_a_class_fragment_every_match_starts_with():
    assert first_chars("salary|pay") == r"\w"
    assert first_chars(r"\$\d") == r"\$"
    assert first_chars(r"[£$]\d") == "£$"
    assert first_chars(".x") is None


def test_needles_are_strings_one_of_which_every_match_contains():
    assert needles(re.compile(r"\b(?:will|would)\s+(?P<slip>effect)\s+")) == {"effect"}
    assert needles(re.compile(r"(?:advice|counsel)s?\b")) == {"advice", "counsel"}
    assert needles(re.compile(r"(?=(?:the|our)\s)x")) == {"the", "our"}  # a lookahead must see it too
    assert needles(re.compile(r"(?!thing)xyz")) == {"xyz"}  # what must be absent is no needle
    assert needles(re.compile(r"(?:effect)?ed")) is None  # optional, and "ed" is too common to look for
    assert needles(re.compile(r"ab(?i:effect)")) is None  # another case would match: no exact search
    assert needles(re.compile(r"effect", re.I)) is None


def test_lower_literals_lowers_letters_but_not_escapes():
    assert lower_literals(r"SALARY\S+\W") == r"salary\S+\W"


def test_a_bounded_alternation_is_guarded_and_word_bounded_and_matches_what_the_items_match():
    pattern = re.compile(alternation(["pay", "salary"], bounded=True))
    assert pattern.pattern.startswith(r"(?=[\w])")
    assert [m.group() for m in pattern.finditer("pay, salary; payslip salaryman")] == ["pay", "salary"]


# ---- catastrophic backtracking


def test_regex_checker_catches_the_known_bad_shapes():
    bad = [
        r"(a+)+$",
        r"(?:\w+\s?)*x",
        r"^[ \t]*(?:with\s+)?\s*regards",
        r"(?:x|\s*)\s*$",
        r"\b[ \t]*[,.!]?[ \t]*$",
        r"\s+x",
        r"[.!?]+(?=[\s\"')\]]|$)|\n",
        r"(?<![\w])(?:[A-Z]{2,}[ \t]+){2,}[A-Z]{2,}(?=[ \t]*[:(])",
        r"(?m)^\s+x",
    ]
    good = [
        r"[A-Za-z]+(?:'[A-Za-z]+)*",
        r"(?<!\w)[A-Z]{2,}(?:[ \t]+[A-Z]{2,})*(?!\w)",
        r"^[ \t]*>[^\n]*$",
        r"\bsalary\b",
        r"(?<![.!?])[.!?]+(?=[\s\"')\]]|$)|\n",
        r"(?m)^[ \t]*x",
        r"^[ \t]*(?:with\s+)?(?:(?:best|kind)\s+)?regards\b",
        r"\Aa+x",
        r"(?<![ \t])[ \t]+x",
        r"(?<![\w])(?:[A-Z]{2,}[ \t]+){2,8}[A-Z]{2,}(?=[ \t]*[:(])",
    ]
    for source in bad:
        assert ambiguities(re.compile(source)), source
    for source in good:
        assert not ambiguities(re.compile(source)), (source, ambiguities(re.compile(source)))


def _kinds(source: str, **kwargs) -> set[str]:
    return {finding.split(":")[0] for finding in ambiguities(re.compile(source), **kwargs)}


def test_each_finding_names_its_shape():
    assert "nested" in _kinds(r"(a+)+$")
    assert _kinds(r"^[ \t]*(?:with\s+)?\s*regards") == {"adjacent"}
    assert _kinds(r"\s+x") == {"restart"}


def test_a_pattern_only_ever_matched_at_one_position_cannot_restart():
    assert ambiguities(re.compile(r"\s+x"), anchored_use=True) == []
    assert ambiguities(re.compile(r"(?m)^\s+x"), anchored_use=True) == []
    # Nested repeats blow up at any single position too.
    assert ambiguities(re.compile(r"(a+)+$"), anchored_use=True)
