"""PhraseIndex: one Aho-Corasick pass tells each phrase rule where in a draft it can match."""

from __future__ import annotations

import re

from .regex_shapes import alternation, lower_literals, start_words


class PhraseIndex:
    """Where in a draft each phrase rule can possibly match, found in one Aho-Corasick pass.

    Every phrase of a word-bounded rule starts with one of a few words ("the", "pension", "i"...). One
    pass of an automaton over the draft (non-word characters turned into spaces, so a hit preceded by a
    space is a word start) lists the word starts where a rule's phrase may begin; the rule's own regex
    then runs only there, and only with the phrases that can start with the words found there. The spans
    are exactly what the rule's ``finditer`` would give: the same phrases, in the same order, tried at
    the same starts, left to right without overlap. Scanning the whole draft once per rule, every phrase
    at every word, cost more than everything else the engine does.
    """

    def __init__(self, rules: list):
        self.enabled = True
        self.automaton = None
        self.members: set = set()
        self.items: dict = {}  # rule id -> [(phrase, its start words)] in the rule's order
        self.flags: dict = {}
        self._subsets: dict = {}
        self._one: dict = {}  # (rule id, one start word) -> its phrases' regex (most spots have one)
        self.keys: dict = {}  # rule id -> its start words as keyed in the automaton
        # the same as sets: a draft holds few of a rule's start words, found by one set intersection
        # (a C loop over the smaller side) instead of a Python test of each of them
        self.keysets: dict = {}
        words: set = set()
        for rule in rules:
            items = _item_start_words(rule)
            if items is None:
                continue
            self.members.add(rule.id)
            self.items[rule.id] = items
            self.flags[rule.id] = rule.ignorecase
            self.keys[rule.id] = sorted({word for _, words in items for word in words})
            self.keysets[rule.id] = frozenset(self.keys[rule.id])
            words.update(self.keys[rule.id])
        try:
            import ahocorasick
        except ImportError:  # without the C automaton every rule scans the draft itself
            return
        if words:
            self.automaton = ahocorasick.Automaton()
            for word in sorted(words):
                # " the " finds the whole word only; " wage" also finds "wages".
                self.automaton.add_word(" " + word, (len(word) + 1, word))
            self.automaton.make_automaton()
        # Compile each rule's phrases per start word now, not on the first draft that uses them: a
        # first check should be as quick as the thousandth.
        for rule_id, keys in self.keys.items():
            for key in keys:
                self._one[rule_id, key] = self._subset(rule_id, frozenset([key]))

    def covers(self, rule) -> bool:
        return self.enabled and self.automaton is not None and rule.id in self.members

    def hits(self, lowered: str) -> dict:
        """Start word (as keyed) -> the word starts in ``lowered`` where it occurs, in order."""
        spaced = " " + _NON_WORD.sub(" ", lowered) + " "
        found: dict = {}
        for end, (width, key) in self.automaton.iter(spaced):
            spots = found.get(key)
            if spots is None:
                found[key] = [end - width + 1]
            else:
                spots.append(end - width + 1)
        return found

    def spots(self, rule_id: str, hits: dict) -> list:
        """[(word start, the rule's phrases that may begin there as one regex)], in order."""
        found = hits.keys() & self.keysets[rule_id]
        if not found:
            return []
        one = self._one
        if len(found) == 1:
            (key,) = found
            regex = one[rule_id, key]
            return [(at, regex) for at in hits[key]]
        at_keys: dict = {}
        for key in found:
            for at in hits[key]:
                at_keys.setdefault(at, []).append(key)
        return [
            (at, one[rule_id, ks[0]] if len(ks) == 1 else self._subset(rule_id, frozenset(ks)))
            for at, ks in sorted(at_keys.items())
        ]

    def _subset(self, rule_id: str, words: frozenset) -> re.Pattern:
        key = (rule_id, words)
        regex = self._subsets.get(key)
        if regex is None:
            phrases = [item for item, starts in self.items[rule_id] if starts & words]
            ignorecase = self.flags[rule_id]
            source = alternation([lower_literals(p) if ignorecase else p for p in phrases], True)
            regex = self._subsets[key] = re.compile(source)
        return regex


_NON_WORD = re.compile(r"\W")


def _item_start_words(rule) -> list | None:
    """[(phrase, the words it starts with, lower case)] for a token rule, or None if any cannot be told."""
    if rule.kind not in ("existence", "substitution") or rule.regex is None or rule.patterns:
        return None
    items = []
    for item in rule.items:
        words = start_words(lower_literals(item) if rule.ignorecase else item)
        if words is None:
            return None
        items.append((item, frozenset(w.lower() for w in words)))
    return items
