"""Does a thank-you mention anything specific from the conversation?

Rather than guessing every way a detail can be phrased, count the words that any thank-you could
contain (a list kept in ``shared-rules/lists/``): a body none of whose sentences has ``min_specific``
other words — the warehouse automation project, blister packs, the Castle Street shop — says nothing
that shows the candidate listened. Per sentence, not over the whole body: generic praise scatters a
word the list lacks here and there ("...values, which align closely with mine", "my background in
delivery makes me a strong fit"), a detail brings its words together. Names the context already
gives (company, role, interviewer) do not count. This is the judge while the meaning layer is off;
with it on, personalisation.reads_as_specific reads each sentence and decides (meaning/runner.py).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

# An unfilled template slot ("[something specific you discussed]", "{topic}", "<project>") is the
# detail still missing, not one given (the placeholder rule flags it as well).
_SLOT = re.compile(r"\[[^\]\n]*\]|\{[^}\n]*\}|<[^>\n]*>")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’-]*|(?<![0-9])[0-9]+[A-Za-z][A-Za-z0-9-]*")


@lru_cache(maxsize=8)
def generic_words(path: str) -> frozenset:
    words = set()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        words.update(w.lower() for w in line.split("#", 1)[0].split())
    return frozenset(words)


def specific_words(state, generic: frozenset, span: tuple[int, int] | None = None) -> set:
    """The words of the body (or of ``span`` in it) that are neither generic nor a known name."""
    draft = state.draft
    start, end = span or draft.body_range
    known = set()
    for key in ("company", "position", "interviewer", "candidate"):
        value = state.context.get(key)
        if isinstance(value, str):
            known.update(w.lower() for w in _WORD.findall(value))
    found = set()
    # Unique words first (set difference runs in C), then the few left are looked at one by one.
    text = _SLOT.sub(" ", draft.lowered[start:end])
    for word in set(_WORD.findall(text)) - generic - known:
        word = word.strip("'-")
        if word.endswith("'s"):
            word = word[:-2]
        if len(word) < 3 or word in generic or word in known:
            continue
        if word.endswith("s") and (word[:-1] in generic or word[:-2] in generic):
            continue
        found.add(word)
    return found


def told_of_the_talk(params, text: str) -> bool:
    """Whether a sentence's words can be a detail of the conversation: not when it sells the
    candidate ("my experience managing budgets for three departments", "I have eight years in
    warehousing") or praises what any employer could be praised for ("your company's commitment to
    innovation and customer service"), unless it ties itself to what was said ("as we discussed, my
    time on the night shift ...", "you mentioned the new rota")."""
    if params.not_a_detail is None or not params.not_a_detail.search(text):
        return True
    return params.from_the_talk is not None and bool(params.from_the_talk.search(text))


def reports_the_talk(rule, state) -> bool:
    """Whether a sentence of the body says what was said at the interview in so many words ("good to
    hear you're taking on more of the heat pump installs", "you mentioned the move to Terraform") and
    carries ``min_specific`` words of its own: a detail stated outright, whatever a head makes of it."""
    params = rule.params
    if params.said_by_them is None:
        return False
    generic = generic_words(str(state.pack.root / params.generic_words))
    start, end = state.draft.body_range
    masked = state.draft.masked
    for a, b in state.draft.sentences:
        a, b = max(a, start), min(b, end)
        if (
            a < b
            and params.said_by_them.search(masked[a:b])
            and told_of_the_talk(params, masked[a:b])
            and len(specific_words(state, generic, (a, b))) >= params.min_specific
        ):
            return True
    return False


# A detail a reader recognises without knowing the words' meaning: a count or an amount ("1,200
# employees", "30%", "a 12-week pilot") or a name written mid-sentence ("the Workday portal", "the
# Castle Street shop"). A weekday, a month, a date or a clock time is when the interview was, not a
# detail of it.
_CALENDAR = frozenset(
    {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "am",
        "pm",
        "a.m",
        "p.m",
        "th",
        "st",
        "nd",
        "rd",
        "o'clock",
    }
)
_NAMED = re.compile(r"(?<=[A-Za-z0-9,;:'’)\]] )[A-Z][A-Za-z0-9'’-]*")
_COUNT = re.compile(r"(?<![\w/:.-])[0-9][0-9,.]*(?:\s*%|-?\s?([A-Za-z][A-Za-z'’.]*))")


def _marked(text: str, words: set) -> bool:
    for m in _COUNT.finditer(text):
        unit = (m.group(1) or "%").lower().rstrip(".")
        if unit not in _CALENDAR:
            return True
    for m in _NAMED.finditer(text):
        word = m.group().lower().strip("'’-")
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        if word in words and word not in _CALENDAR:
            return True
    return False


def detail_spans(rule, state) -> list[tuple[tuple[int, int], bool]]:
    """The body's sentences (clipped to the body) this rule's words read as a detail of the talk:
    told_of_the_talk and ``min_specific`` words of their own; each with whether the detail is marked
    as one on its face (a number, or a name that is no context name, weekday or month)."""
    params = rule.params
    generic = generic_words(str(state.pack.root / params.generic_words))
    start, end = state.draft.body_range
    masked = state.draft.masked
    out = []
    for a, b in state.draft.sentences:
        a, b = max(a, start), min(b, end)
        if a >= b or not told_of_the_talk(params, masked[a:b]):
            continue
        words = specific_words(state, generic, (a, b))
        if len(words) < params.min_specific:
            continue
        out.append(((a, b), _marked(masked[a:b], words)))
    return out


def nothing_specific(rule, state):
    if not state.draft.body.strip():
        return
    generic = generic_words(str(state.pack.root / rule.params.generic_words))
    start, end = state.draft.body_range
    masked = state.draft.masked
    spans = [
        (max(a, start), min(b, end))
        for a, b in state.draft.sentences
        if a < end and b > start and told_of_the_talk(rule.params, masked[max(a, start) : min(b, end)])
    ]
    if not any(len(specific_words(state, generic, span)) >= rule.params.min_specific for span in spans):
        yield 0, 0, rule.message, list(rule.suggestions)
