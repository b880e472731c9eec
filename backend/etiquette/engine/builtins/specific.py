"""Does a thank-you mention anything specific from the conversation?

Rather than guessing every way a detail can be phrased, count the words that any thank-you could
contain (a list kept in ``shared-rules/lists/``): a body with fewer than ``min_specific`` other words
— the warehouse automation project, blister packs, the Castle Street shop — says nothing that shows the
candidate listened. Names the context already gives (company, role, interviewer) do not count.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’-]*|(?<![0-9])[0-9]+[A-Za-z][A-Za-z0-9-]*")


@lru_cache(maxsize=8)
def generic_words(path: str) -> frozenset:
    words = set()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        words.update(w.lower() for w in line.split("#", 1)[0].split())
    return frozenset(words)


def specific_words(state, generic: frozenset) -> set:
    draft = state.draft
    start, end = draft.body_range
    known = set()
    for key in ("company", "position", "interviewer", "candidate"):
        value = state.context.get(key)
        if isinstance(value, str):
            known.update(w.lower() for w in _WORD.findall(value))
    found = set()
    # Unique words first (set difference runs in C), then the few left are looked at one by one.
    for word in set(_WORD.findall(draft.lowered, start, end)) - generic - known:
        word = word.strip("'-")
        if word.endswith("'s"):
            word = word[:-2]
        if len(word) < 3 or word in generic or word in known:
            continue
        if word.endswith("s") and (word[:-1] in generic or word[:-2] in generic):
            continue
        found.add(word)
    return found


def nothing_specific(rule, state):
    if not state.draft.body.strip():
        return
    path = state.pack.root / rule.params.generic_words
    if len(specific_words(state, generic_words(str(path)))) < rule.params.min_specific:
        yield 0, 0, rule.message, list(rule.suggestions)
