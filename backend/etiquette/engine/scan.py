"""``finditer`` that tries a pattern only where a match can start: the words every match begins with
are found first by a plain literal search, and the pattern is matched only there.

A pattern that opens with many lookbehinds ("to", unless it ends "spoke to", "went to"...) or with a
long alternation makes Python's regex engine run all of that at every position of the draft, though
most positions are not even the letter a match must begin with. The spans are exactly those of
``regex.finditer(text, pos, endpos)``: the same pattern, tried at every position where a match can
start (each occurrence of a start word; ``regex_shapes.start_words`` proves that every match begins
with one), left to right, without overlap. A pattern whose start words cannot be told is scanned the
ordinary way.

Before either, a pattern that must consume a word the draft does not hold ("effect" in
"will effect the change") is not run at (``regex_shapes.needles``): most of the pack's patterns name a
rare slip, and a substring search for it costs far less than trying the pattern at every start word.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .regex_shapes import needles, start_words
from .regex_shapes import zero_width_prefix as _zero_width_prefix


@lru_cache(maxsize=1024)
def _finder(pattern: str) -> re.Pattern | None:
    """A literal search for the words every match of ``pattern`` starts with (None: unsure)."""
    rest = pattern[_zero_width_prefix(pattern) :]
    words = start_words(rest, False) if rest else None
    if not words or any(not w.strip() for w in words):
        return None
    # "to " is the word "to" followed by a non-word character in every match.
    items = sorted(words, key=lambda w: (-len(w), w))
    return re.compile(
        "|".join(re.escape(w.rstrip(" ")) + (r"(?!\w)" if w.endswith(" ") else "") for w in items)
    )


MAX_TRIES = 200  # start-word hits tried one by one before the rest is left to finditer
_plans: dict = {}  # compiled pattern -> (strings one of which it needs, its finder or None), decided once


def _plan(regex: re.Pattern) -> tuple:
    finder = None if regex.flags & re.IGNORECASE else _finder(regex.pattern)
    return needles(regex), finder


def finditer(regex: re.Pattern, text: str, pos: int, endpos: int):
    """The matches ``regex.finditer(text, pos, endpos)`` gives, trying only where one can start."""
    try:
        wanted, finder = _plans[regex]
    except KeyError:
        wanted, finder = _plans[regex] = _plan(regex)
    # Absent from the whole text, so from any window of it too.
    if wanted is not None and not any(w in text for w in wanted):
        return
    if finder is None:
        yield from regex.finditer(text, pos, endpos)
        return
    at = pos
    search, match = finder.search, regex.match
    for _ in range(MAX_TRIES):
        hit = search(text, at, endpos)
        if hit is None:
            return
        start = hit.start()
        m = match(text, start, endpos)
        if m is not None and m.end() > start:
            at = m.end()  # the next match starts after this one, as finditer's does
            yield m
        else:
            at = start + 1
    # A start word on every line ("the the the ..."): one try per hit in Python costs more than the
    # regex engine's own scan. No match starts before ``at`` that was not yielded, so finditer from
    # there gives the rest.
    yield from regex.finditer(text, at, endpos)
