"""PhraseIndex: one Aho-Corasick pass tells each phrase rule where in a draft it can match."""

from __future__ import annotations

import re

from .regex_shapes import lower_literals
from .regex_shapes import start_words


class PhraseIndex:
    """Where in a draft each phrase rule can possibly match, found in one Aho-Corasick pass.

    Every phrase of a word-bounded rule starts with one of a few words ("the", "pension", "i"...). One
    pass of an automaton over the draft (non-word characters turned into spaces, so a hit preceded by a
    space is a word start) lists the word starts where a rule's phrase may begin; the rule's own regex
    then runs only there. The spans are exactly what the rule's ``finditer`` would give: the same regex
    tried at the same starts, left to right without overlap. Scanning the whole draft once per rule cost
    more than everything else the engine does.
    """

    def __init__(self, rules: list):
        self.enabled = True
        self.automaton = None
        self.members: set = set()
        owners: dict = {}
        for rule in rules:
            words = _start_words(rule)
            if words is None:
                continue
            self.members.add(rule.id)
            for word in words:
                owners.setdefault(word, set()).add(rule.id)
        try:
            import ahocorasick
        except ImportError:  # without the C automaton every rule scans the draft itself
            return
        if owners:
            self.automaton = ahocorasick.Automaton()
            for word, ids in owners.items():
                self.automaton.add_word(" " + word, (len(word) + 1, tuple(sorted(ids))))
            self.automaton.make_automaton()

    def covers(self, rule) -> bool:
        return self.enabled and self.automaton is not None and rule.id in self.members

    def positions(self, lowered: str) -> dict:
        """Rule id -> sorted word starts in ``lowered`` where one of its start words begins."""
        spaced = " " + _NON_WORD.sub(" ", lowered)
        found: dict = {}
        for end, (width, ids) in self.automaton.iter(spaced):
            at = end - width + 1
            for rule_id in ids:
                found.setdefault(rule_id, []).append(at)
        for spots in found.values():
            spots.sort()
        return found


_NON_WORD = re.compile(r"\W")


def _start_words(rule) -> frozenset | None:
    """The words every phrase of a token rule starts with (lower case), or None if it cannot be told."""
    if rule.kind not in ("existence", "substitution") or rule.regex is None or rule.patterns:
        return None
    union = set()
    for item in rule.items:
        words = start_words(lower_literals(item) if rule.ignorecase else item)
        if words is None:
            return None
        union |= {w.lower() for w in words}
    return frozenset(union)
