"""How each kind of rule runs. A runner yields ``(offset, length, message, suggestions)``."""

from __future__ import annotations

import bisect
import re

from .scan import finditer

_WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:'[A-Za-z]+)*")


def _scope(rule, state) -> tuple[int, int]:
    draft = state.draft
    if rule.scope == "body":
        return draft.body_range
    if rule.scope == "letter":
        return 0, draft.quote_end
    return 0, draft.end


def _scope_text(rule, state) -> str:
    draft = state.draft
    if rule.scope == "letter":
        return draft.letter_lowered if rule.ignorecase else draft.letter
    return draft.lowered if rule.ignorecase else draft.masked


def _original(state, span) -> str:
    """The words as the candidate typed them (matching may run on a lower-cased copy)."""
    return state.draft.text[span[0] : span[1]]


def _exception_spans(rule, text: str, start: int, end: int) -> list[tuple[int, int]]:
    if rule.exceptions is None:
        return []
    return [m.span() for m in rule.exceptions.finditer(text, start, end)]


def _spans_at(text: str, spots, start: int, end: int):
    """What the rule's ``finditer`` would find, trying only the given starts with the phrases that can
    begin there (left to right, no overlap)."""
    last = start
    for at, regex in spots:
        if at < last or at >= end:
            continue
        m = regex.match(text, at, end)
        if m is not None and m.end() > m.start():
            last = m.end()
            yield m.span()


def _matches(rule, state):
    """(start, end) of each match in the rule's scope that no exception covers, left to right."""
    text = _scope_text(rule, state)
    start, end = _scope(rule, state)
    if start >= end:
        return
    spots = state.phrase_positions(rule)
    spans = (
        (m.span() for m in finditer(rule.regex, text, start, end))
        if spots is None
        else _spans_at(text, spots, start, end)
    )
    excluded = None  # computed on the first match only: most rules match nothing in most drafts
    i = 0
    for span in spans:
        if span[1] == span[0]:
            continue
        if excluded is None:
            excluded = _exception_spans(rule, text, start, end)
        # Both lists run left to right: one walk, not every match against every exception.
        while i < len(excluded) and excluded[i][1] <= span[0]:
            i += 1
        if i < len(excluded) and excluded[i][0] < span[1]:
            continue
        yield span


def _role_words(state) -> set:
    """Words of the job itself (position, company, subject): a pensions administrator may say "pensions"."""
    if state.role_words is not None:
        return state.role_words
    words = state.role_words = set()
    for value in (state.context.get("position"), state.context.get("company"), state.draft.subject):
        if isinstance(value, str):
            words.update(w.rstrip("s") for w in _WORD.findall(value.lower()) if len(w) >= 4)
    return words


def _sentence_says(rule, state, a: int, seen: dict, regex=None) -> bool:
    """Does the sentence around offset ``a`` also match ``regex`` (the rule's sentence_requires unless
    given)? (once per sentence and ``seen``)"""
    span = _sentence_around(state, a)
    if span not in seen:
        text = state.draft.lowered if rule.ignorecase else state.draft.masked
        regex = rule.sentence_requires if regex is None else regex
        seen[span] = regex.search(text, span[0], max(span[1], a + 1)) is not None
    return seen[span]


def _job_is_the_work(rule, state) -> bool:
    """Whether the job itself is the work ``rule.work_roles`` names: the position the context gives,
    else the subject line or the draft's own words for the post ("the Benefits Administrator role")."""
    position = state.context.get("position")
    if isinstance(position, str) and position.strip():
        texts = [position.lower()]
    else:
        subject = state.draft.subject
        texts = [subject.lower() if isinstance(subject, str) else "", state.draft.lowered]
    return any(rule.work_roles.search(t) for t in texts)


def run_existence(rule, state):
    seen: dict = {}
    own: dict = {}
    role = _role_words(state) if rule.params.unless_role_word else None
    work = rule.work_roles is not None and _job_is_the_work(rule, state)
    for a, b in _matches(rule, state):
        if role and any(
            w.rstrip("s") in role for w in _WORD.findall(state.draft.lowered[a:b]) if len(w) >= 4
        ):
            continue  # the job's own subject, not a perk or a personal aside
        if rule.sentence_requires is not None and not _sentence_says(rule, state, a, seen):
            continue  # e.g. pensions as the work discussed, not as something the candidate asks for
        if work and not _sentence_says(rule, state, a, own, rule.work_requires):
            continue  # a benefits administrator's plan options, a payroll clerk's pay runs: the job itself
        yield a, b - a, rule.say(match=_original(state, (a, b)).strip()), list(rule.suggestions)


def run_substitution(rule, state):
    for a, b in _matches(rule, state):
        found = _original(state, (a, b))
        better = rule.swap.get(found.lower())
        if better is None:  # the key was a pattern: find which one matched
            better = next((v for k, v in rule.swap.items() if re.fullmatch(k, found, re.I)), None)
        if better is None:  # a key with a lookaround: the key that matches here, in its context
            better = next(
                (
                    v
                    for k, v in rule.swap.items()
                    if (m := re.compile(k, re.I).match(state.draft.masked, a)) and m.end() == b
                ),
                None,
            )
        if better is None:  # a one-key rule has one answer
            better = next(iter(rule.swap.values())) if len(rule.swap) == 1 else ""
        options = [s for s in better.split("|") if s]
        if found[:1].isupper() and options:
            options = [o[:1].upper() + o[1:] for o in options]
        message = rule.say(match=found.strip(), expected=options[0] if options else "")
        yield a, b - a, message, options


def _sentence_around(state, offset: int) -> tuple[int, int]:
    """The sentence containing ``offset`` (binary search: drafts can have thousands of sentences)."""
    spans = state.draft.sentences
    i = bisect.bisect_right(state.draft.sentence_offsets, offset) - 1
    if i >= 0 and spans[i][0] <= offset < spans[i][1]:
        return spans[i]
    return offset, offset


def _limits(rule, state) -> dict:
    return rule.limits.get(state.kind) or rule.limits.get("any") or {}


def run_occurrence(rule, state):
    """Counts matches in the scope; over ``max`` flags the sentence with the first one too many."""
    limits = _limits(rule, state)
    cap = limits.get("max")
    found = list(_matches(rule, state))
    if cap is not None and len(found) > cap:
        a, b = _sentence_around(state, found[cap][0])
        yield a, b - a, rule.say(count=len(found), limit=cap), []
    floor = limits.get("min")
    if floor is not None and len(found) < floor:
        yield 0, 0, rule.say(count=len(found), limit=floor), []


def run_metric(rule, state):
    limits = _limits(rule, state)
    if not limits:
        return
    draft = state.draft
    if rule.metric == "words":
        value = draft.word_count
        if limits.get("max") is not None and value > limits["max"]:
            yield 0, 0, rule.say(count=value, limit=limits["max"]), []
        if limits.get("min") is not None and 0 < value < limits["min"]:
            yield 0, 0, rule.say(count=value, limit=limits["min"]), []
    elif rule.metric == "sentence_words":
        cap = limits.get("max")
        for a, b in draft.body_sentences:
            n = draft.words_between(a, b)
            if cap is not None and n > cap:
                yield a, b - a, rule.say(count=n, limit=cap), []
    elif rule.metric == "questions":
        cap = limits.get("max")
        if cap is not None and draft.question_count > cap:
            yield 0, 0, rule.say(count=draft.question_count, limit=cap), []


def run_conditional(rule, state):
    """The draft must say something matching ``requires`` somewhere in its scope (and its subject)."""
    text = _scope_text(rule, state)
    start, end = _scope(rule, state)
    if not text[start:end].strip():
        return
    if rule.requires.search(text, start, end):
        return
    subject = state.draft.subject
    if (
        subject
        and rule.params.subject_counts
        and rule.requires.search(subject.lower() if rule.ignorecase else subject)
    ):
        return
    yield 0, 0, rule.message, list(rule.suggestions)


_LATE: dict = {}  # what the builtin and meaning runners import on first use, kept (an import per rule
# per check was a call into importlib each time)


def run_builtin(rule, state):
    builtins = _LATE.get("builtins")
    if builtins is None:
        from .builtins import BUILTINS

        builtins = _LATE["builtins"] = BUILTINS
    yield from builtins[rule.builtin].run(rule, state)


def run_meaning(rule, state):
    run = _LATE.get("meaning")
    if run is None:
        from ..meaning.runner import run_meaning as run

        _LATE["meaning"] = run
    yield from run(rule, state)


from ..grammar.runner import run_grammar  # noqa: E402  (the grammar layer's own module)

RUNNERS = {
    "existence": run_existence,
    "substitution": run_substitution,
    "occurrence": run_occurrence,
    "metric": run_metric,
    "conditional": run_conditional,
    "builtin": run_builtin,
    "grammar": run_grammar,
    "meaning": run_meaning,
}
