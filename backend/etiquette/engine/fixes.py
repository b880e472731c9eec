"""Fixes that depend on where a warning sits: the span a suggestion replaces and how it joins the text.

A rule asks for one in its params:

* ``fix: remove_sentence`` (salary, benefits, personal matters): the warning covers its sentence and
  the spaces after it, and offers the empty replacement; the warning says ``"fix": "remove_sentence"``
  so the panel labels the button "Remove this sentence" (contract in the repository's COORDINATION
  notes: an empty suggestion over the sentence span).
* ``fix: rewrite_clause`` with ``rewrite: "..."`` (demands, ultimatums): the warning covers the clause
  the words sit in and offers a polite clause in its place, not a word swap.

Every suggestion, whatever its rule, is capitalised when it replaces the first word of a sentence
(after a question mark too), so "ASAP" at a sentence start does not become "when you have a moment".
"""

from __future__ import annotations

import bisect
import re

# Where a clause starts inside a sentence: after a comma, semicolon or colon, or after "and"/"but".
# (No pattern starts with an unbounded run: tests/test_properties.py rejects shapes that restart.)
_CLAUSE_START = re.compile(r"[,;:]|\b(?:and|but)\b", re.I)
# Where it ends: a comma, semicolon or colon, or a conjunction that starts a reason or a new clause.
_CLAUSE_END = re.compile(r"[,;:]|\b(?:as|because|since|so|while|but|though|although)\b", re.I)
_JOIN_WITH_COMMA = re.compile(r"(?:as|because|since|so|while|though|although)\b", re.I)
_CLOSERS = ".!?\"')]"


def _sentence(state, offset: int) -> tuple[int, int] | None:
    draft = state.draft
    i = bisect.bisect_right(draft.sentence_offsets, offset) - 1
    if i >= 0:
        a, b = draft.sentences[i]
        if a <= offset < max(b, a + 1):
            return a, b
    return None


def sentence_bounds(draft, offset: int) -> tuple[int, int]:
    """The sentence of ``draft`` that holds ``offset`` (or ``offset`` alone)."""
    i = bisect.bisect_right(draft.sentence_offsets, offset) - 1
    if i >= 0:
        a, b = draft.sentences[i]
        if a <= offset < max(b, a + 1):
            return a, b
    return offset, offset


def _starts_sentence(state, offset: int) -> bool:
    return offset in state.draft.sentence_starts


def _capital(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def _lower_first(s: str) -> str:
    # "I would..." keeps its capital; anything else starts lower-case mid-sentence.
    if s[:2] in ("I ", "I'") or (s[:1].isupper() and s[1:2].isupper()):
        return s
    return s[:1].lower() + s[1:]


def _remove_sentence(state, offset: int, length: int):
    span = _sentence(state, offset)
    if span is None:
        return None
    a, b = span
    text = state.draft.text
    end = b
    while end < len(text) and text[end] in " \t":
        end += 1
    return a, end - a


def _skip_spaces(text: str, i: int, stop: int) -> int:
    while i < stop and text[i].isspace():
        i += 1
    return i


def _clause(state, offset: int, length: int):
    """(start, end, whole_sentence) of the clause holding [offset, offset+length)."""
    span = _sentence(state, offset)
    if span is None:
        return None
    sa, sb = span
    text = state.draft.masked
    start = sa
    for m in _CLAUSE_START.finditer(text, sa, offset):
        start = _skip_spaces(text, m.end(), offset)
    body_end = sb
    while body_end > sa and text[body_end - 1] in _CLOSERS:
        body_end -= 1
    end = body_end
    m = _CLAUSE_END.search(text, offset + length, body_end)
    if m:
        end = m.start()
        while end > offset + length and text[end - 1].isspace():
            end -= 1
    if end < offset + length:
        end = offset + length
    whole = start == sa and end >= body_end
    if whole:
        end = sb  # the rewrite is a whole sentence with its own full stop
    return start, end, whole


def _rewrite(rule, state, offset: int, length: int):
    rewrite = rule.params.rewrite
    found = _clause(state, offset, length) if rewrite else None
    if found is None:
        return None
    start, end, whole = found
    if whole:
        return start, end - start, _capital(rewrite.rstrip(".")) + "."
    text = state.draft.masked
    clause = _capital(rewrite) if _starts_sentence(state, start) else _lower_first(rewrite)
    if _JOIN_WITH_COMMA.match(text, _skip_spaces(text, end, len(text))) and text[end : end + 1].isspace():
        clause += ","
    return start, end - start, clause


def shape(rule, state, offset: int, length: int, suggestions):
    """``(offset, length, suggestions, fix)`` for a finding, fitted to where it sits in the draft."""
    fix = rule.params.fix
    if length and fix == "remove_sentence":
        span = _remove_sentence(state, offset, length)
        if span is not None:
            return span[0], span[1], [""], "remove_sentence"
    if length and fix == "rewrite_clause":
        found = _rewrite(rule, state, offset, length)
        if found is not None:
            return found[0], found[1], [found[2]], None
    if length and suggestions and _starts_sentence(state, offset):
        suggestions = [_capital(s) for s in suggestions]
    return offset, length, suggestions, None
