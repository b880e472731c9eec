"""The etiquette engine: runs the rule pack over a draft and says what would hurt the candidate.

``check()`` is the whole contract: the API, the CLI and ``etiquette.check`` all call it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

from . import fixes
from .draft import Draft
from .kinds import detect_kind
from .next_step import next_step
from .pack import (
    Pack,
    RulePackError,  # noqa: F401  (re-exported for start-up errors)
    load_pack,
)
from .runners import RUNNERS
from .when import aware

_pack: Pack | None = None
_lock = threading.Lock()

_SEVERITY_RANK = {"error": 2, "warning": 1, "suggestion": 0}
EMPTY = "empty"  # the verdict of a draft with nothing to check (see check())


def is_empty(draft: Draft) -> bool:
    """Nothing the candidate wrote: the masked draft (quotes and signature blanked) is only whitespace."""
    return not draft.masked.strip()


def get_pack() -> Pack:
    """The rule pack, loaded (and validated) once per process."""
    global _pack
    if _pack is None:
        with _lock:
            if _pack is None:
                _pack = load_pack()
                # The English dictionary takes ~0.15 s to load: pay it at start-up, not on a user's
                # first draft.
                from .builtins.spelling import checker

                checker()
                _configure_grammar(_pack)
    return _pack


def _configure_grammar(pack: Pack) -> None:
    """Tell the grammar layer which Harper rules the pack maps and give it the shared vocabulary."""
    from .. import grammar

    names = {name for rule in pack.rules if rule.kind == "grammar" for name in rule.harper}
    grammar.configure(names, pack.vocabulary)
    grammar.warm_up()  # Harper's first linter costs ~0.4 s: at start-up, not on a user's draft
    from ..memory import release_free_memory

    release_free_memory()  # building Harper's dictionary leaves ~25 MB of freed heap resident


def set_pack(pack: Pack | None) -> None:
    """Swap the pack (tests load broken or alternative packs)."""
    global _pack
    _pack = pack
    if pack is not None:
        _configure_grammar(pack)


def layers() -> tuple[dict, dict]:
    """Each layer's state for ``/api/v1/health``: ``({"rules": "on", "grammar": ...}, reasons)``."""
    from .. import grammar

    state, reason = grammar.status()
    return {"rules": "on", "grammar": state}, ({"grammar": reason} if reason else {})


@dataclass
class State:
    """Everything a rule may look at for one check."""

    draft: Draft
    kind: str
    context: dict
    now: datetime
    dictionary: frozenset
    pack: Pack
    meaning: object = None  # etiquette.meaning.runner.MeaningState: sentence embeddings, once per check
    _phrases: dict | None = None
    role_words: set | None = None  # computed once per check by the runners
    dialect: str = "british"
    cache: dict = field(default_factory=dict)  # per-check results shared by rules (the grammar layer's)

    def phrase_positions(self, rule):
        """Word starts where this phrase rule may match (None: the rule scans the whole draft)."""
        index = self.pack.phrase_index
        if not index.covers(rule):
            return None
        if self._phrases is None:
            self._phrases = index.hits(self.draft.lowered)
        return index.spots(rule.id, self._phrases)


def _context(raw: dict | None) -> dict:
    ctx = dict(raw or {})
    for key in ("interview_at", "last_message_at"):
        ctx[key] = aware(ctx.get(key))
    history = ctx.get("previous_follow_ups")
    history = history if isinstance(history, (list, tuple)) else []  # from Python, anything may come
    ctx["previous_follow_ups"] = sorted(t for t in (aware(v) for v in history) if t is not None)
    return ctx


def _is_disabled(rule, disabled: set) -> bool:
    return rule.id in disabled or rule.category in disabled


# (pack, kind, stage, rules switched off) -> (the meaning rules, every rule to run): the same few
# combinations come back at every check, and choosing among ~140 rules each time cost more than
# many of the rules themselves. Bounded: a stage is whatever a client sends.
_plans: dict = {}
PLANS = 64


def _plan(pack: Pack, kind: str, stage, off: frozenset) -> tuple[dict, list]:
    """``(meaning rules by id, the rules to run in the pack's order)`` for one check (callers only read
    them)."""
    try:
        key = (id(pack), kind, stage, off)
        found = _plans.get(key)
    except TypeError:  # a stage or kind from Python that cannot be a key: chosen afresh
        key = found = None
    if found is not None and found[0] is pack and found[1] is pack.rules:
        return found[2], found[3]
    meaning_rules = {
        r.id: r
        for r in pack.rules
        if r.kind == "meaning" and kind in r.applies_to and not (stage and stage in r.unless_stage)
    }
    # Switching a rule off only ever removes its own warnings: the meaning rules, and the phrase rules
    # of their categories, still run when switched off (their findings decide what the meaning layer
    # says once) and are dropped after that.
    shadowed = {r.category for r in meaning_rules.values()}
    runs = [
        rule
        for rule in pack.rules
        if kind in rule.applies_to
        and not (stage and stage in rule.unless_stage)
        and not (_is_disabled(rule, off) and not (rule.kind == "meaning" or rule.category in shadowed))
    ]
    if key is not None:
        if len(_plans) >= PLANS:
            _plans.clear()
        # the pack and its list of rules themselves: an id is unique only while its object lives
        _plans[key] = (pack, pack.rules, meaning_rules, runs)
    return meaning_rules, runs


def check(
    text: str,
    kind: str = "auto",
    context: dict | None = None,
    now=None,
    *,
    subject=None,
    dictionary=None,
    disabled=None,
    dialect=None,
    meaning=None,
    pack=None,
) -> dict:
    """Check ``text`` and return ``{kind, verdict, warnings, stats, next_step}`` (see DESIGN.md).

    A draft with nothing of the candidate's own in it (empty, whitespace, only a quoted message or a
    signature) has the verdict ``empty`` and no warnings: there is nothing to check, so it is not
    ``ready`` either. Its ``next_step`` still says when to send. ``dialect`` is the English the grammar
    layer expects (``grammar.DIALECTS``, British by default).

    ``meaning`` is the MeaningLayer to use (the user's data directory's by default); when it is off,
    the meaning rules say nothing and the phrase rules they back run alone. ``pack`` is the rule pack
    to run (the process's, :func:`get_pack`, by default; the app passes its own).

    :raise TypeError: ``text`` is not a string.
    """
    return _check(
        text,
        kind,
        context,
        now,
        subject=subject,
        dictionary=dictionary,
        disabled=disabled,
        dialect=dialect,
        vet=True,
        meaning=meaning,
        pack=pack,
    )


def _check(
    text, kind, context, now, *, subject, dictionary, disabled, dialect, vet, meaning=None, pack=None
) -> dict:
    if not isinstance(text, str):
        raise TypeError("text must be a string")
    pack = pack if pack is not None else get_pack()
    draft = Draft(text, subject)
    ctx = _context(context)
    now_dt = aware(now) or datetime.now(UTC).astimezone()
    words = frozenset(w.lower() for w in (dictionary or []) if isinstance(w, str))
    early = None  # the meaning state, when kind detection made it first (its sentences are shared)
    if kind in (None, "", "auto"):
        by_meaning = None
        if not is_empty(draft):
            from ..meaning.kind import reading

            early = _meaning_state(meaning)
            by_meaning = reading(early, draft, pack)
        kind = detect_kind(draft, ctx, now_dt, pack, meaning=by_meaning)
    if is_empty(draft):
        state = State(
            draft=draft,
            kind=kind,
            context=ctx,
            now=now_dt,
            dictionary=words,
            pack=pack,
            dialect=dialect or "british",
        )
        return {
            "kind": kind,
            "verdict": EMPTY,
            "warnings": [],
            "stats": draft.stats(),
            "next_step": next_step(state),
        }
    off = {pack.current_id(name) for name in disabled or []}  # a saved list may name an old id
    stage = ctx.get("stage")
    meaning_rules, runs = _plan(pack, kind, stage, frozenset(off))
    state = State(
        draft=draft,
        kind=kind,
        context=ctx,
        now=now_dt,
        dictionary=words,
        pack=pack,
        dialect=dialect or "british",
        meaning=(early or _meaning_state(meaning)) if meaning_rules else None,
    )
    if any(rule.kind == "grammar" for rule in runs):
        from .. import grammar

        # Harper starts on the draft on its own thread now (grammar/__init__.py), while the rules
        # before the grammar rules run here.
        grammar.prefetch(draft.masked, state.dialect)
    if state.meaning is not None:
        # The sentence encoder starts on its helper thread now, while the rules below run here
        # (meaning/encoder.py); the meaning rules run last, when most of it is done.
        state.meaning.prefetch(draft)
    by_rule: list[list[dict]] = []  # each rule's warnings, in the pack's order
    meaning_last: list[tuple] = []
    for rule in runs:
        if rule.kind == "meaning":
            by_rule.append([])
            meaning_last.append((rule, by_rule[-1]))
        else:
            by_rule.append(_warnings_of(rule, state, text))
    for rule, slot in meaning_last:
        slot.extend(_warnings_of(rule, state, text))
    warnings = [w for produced in by_rule for w in produced]

    if vet:
        _vet_grammar_suggestions(warnings, pack, text, kind, dictionary, disabled, dialect)
    warnings = _merge_runs(warnings, text, pack)
    if state.meaning is not None:
        from ..meaning.runner import reconcile

        warnings = reconcile(warnings, state, meaning_rules)
        warnings = [w for w in warnings if w["rule"] not in off and w["category"] not in off]
    warnings = _dedupe(_drop_explained(warnings, pack))
    warnings.sort(
        key=lambda w: (w["offset"], w["length"], -_SEVERITY_RANK[w["severity"]], pack.sort_name(w["rule"]))
    )
    worst = max((_SEVERITY_RANK[w["severity"]] for w in warnings), default=-1)
    verdict = "fix" if worst == 2 else "review" if worst == 1 else "ready"
    return {
        "kind": kind,
        "verdict": verdict,
        "warnings": warnings,
        "stats": draft.stats(),
        "next_step": next_step(state),
    }


_BUILTINS: list = []


def _builtins() -> dict:
    """The builtins' table, imported on first use like the runners import it (then looked up once per
    rule, not imported again: an import statement costs a call into importlib each time)."""
    if not _BUILTINS:
        from .builtins import BUILTINS

        _BUILTINS.append(BUILTINS)
    return _BUILTINS[0]


def _warnings_of(rule, state: State, text: str) -> list[dict]:
    """The warnings one rule gives for this check (at most ``rule.limit``)."""
    builtins = _builtins()
    out = []
    for produced, (offset, length, message, suggestions) in enumerate(RUNNERS[rule.kind](rule, state), 1):
        offset, length, suggestions, fix = fixes.shape(rule, state, offset, length, suggestions)
        warning = {
            "rule": rule.id,
            "category": rule.category,
            "severity": rule.severity,
            "message": message,
            "guideline": rule.guideline,
            "offset": offset,
            "length": length,
            "excerpt": text[offset : offset + length],
            "suggestions": list(suggestions),
        }
        if fix:
            warning["fix"] = fix
        if rule.kind == "builtin" and builtins[rule.builtin].reads_dictionary:
            warning["dictionary"] = True
        if rule.blank:
            warning["blank"] = True
        out.append(warning)
        if produced >= rule.limit:
            break
    return out


def _merge_runs(warnings: list[dict], text: str, pack: Pack) -> list[dict]:
    """One warning for one slip: hits of the same rule with only spaces between them ("VERY EXCITED")
    are one warning over both, said once. Hits with suggestions stay apart (each fix is for its words)."""
    merged: list[dict] = []
    last: dict = {}
    for w in sorted(warnings, key=lambda w: (pack.sort_name(w["rule"]), w["offset"])):
        prev = last.get(w["rule"])
        if (
            prev is not None
            and w["length"]
            and prev["length"]
            and not w["suggestions"]
            and not prev["suggestions"]
            and w["offset"] >= prev["offset"] + prev["length"]
            and text[prev["offset"] + prev["length"] : w["offset"]].strip(" \t") == ""
        ):
            end = w["offset"] + w["length"]
            excerpt = text[prev["offset"] : end]
            prev["message"] = prev["message"].replace(
                f"'{prev['excerpt'].strip()}'", f"'{excerpt.strip()}'", 1
            )
            prev["length"], prev["excerpt"] = end - prev["offset"], excerpt
            continue
        merged.append(w)
        last[w["rule"]] = w
    return merged


def _vet_grammar_suggestions(warnings, pack, text, kind, dictionary, disabled, dialect) -> None:
    """Harper's suggestions are not ours to vouch for: one is kept only if the sentence it makes gets
    no warning at the fix from any rule ("too loose momentum" for "to loose momentum" is dropped).
    Our own rules' suggestions are held to the same standard by tests/test_suggestions.py."""
    grammar_rules = {rule.id for rule in pack.rules if rule.kind == "grammar"}
    draft = None
    for w in warnings:
        if w["rule"] not in grammar_rules or not w["suggestions"] or not w["length"]:
            continue
        if draft is None:
            draft = Draft(text)
        a, b = fixes.sentence_bounds(draft, w["offset"])
        kept = []
        for s in w["suggestions"]:
            sentence = text[a : w["offset"]] + s + text[w["offset"] + w["length"] : b]
            start, stop = w["offset"] - a, w["offset"] - a + max(len(s), 1)
            # (the meaning layer is not asked: a word fix does not change what a sentence means)
            found = _check(
                sentence,
                kind,
                None,
                None,
                subject=None,
                dictionary=dictionary,
                disabled=disabled,
                dialect=dialect,
                vet=False,
                meaning=_NO_MEANING,
                pack=pack,
            )["warnings"]
            if not any(
                x["length"] and x["offset"] < stop and start < x["offset"] + x["length"] for x in found
            ):
                kept.append(s)
        w["suggestions"] = kept


class _NoMeaning:
    """A meaning layer that is off (for checks inside a check)."""

    def encoder(self):
        return None


_NO_MEANING = _NoMeaning()


def _meaning_state(layer):
    from ..meaning import default_layer
    from ..meaning.runner import MeaningState

    return MeaningState(layer if layer is not None else default_layer())


_WHOLE_SENTENCE_KINDS = ("meaning", "metric")  # their warnings mark a sentence, not the words of a slip


def _drop_explained(warnings: list[dict], pack: Pack) -> list[dict]:
    """One explanation per slip, as the rule files say. A warning whose rule ``yields_to`` another is
    dropped where that rule's warning overlaps it ("thx" is chat-speak, not also a typo); one lying
    wholly inside the warning of a rule that ``explains_inside`` it is dropped ("[INSERT DETAIL]" is a
    placeholder, not also shouting). "*" names every other rule that flags words: a warning that marks
    a whole sentence (a meaning rule, a sentence-length metric) explains no slip inside it, so
    "recieve" in a sentence read as assuming rejection is still a typo."""
    spans = [(w["offset"], w["offset"] + w["length"], w["rule"]) for w in warnings if w["length"]]
    whole = {r for _, _, r in spans if pack.by_id(r).kind in _WHOLE_SENTENCE_KINDS}
    covers = [(a, b, rule, pack.by_id(rule).explains_inside) for a, b, rule in spans]
    covers = [c for c in covers if c[3]]
    kept = []
    for w in warnings:
        a, b, rule = w["offset"], w["offset"] + w["length"], w["rule"]
        if w["length"] and any(
            x <= a and b <= y and r != rule and _names(names, rule) for x, y, r, names in covers
        ):
            continue
        yields = pack.by_id(rule).yields_to
        if yields and any(
            x < b and a < y and r != rule and _names(yields, r) and (r not in whole or r in yields)
            for x, y, r in spans
        ):
            continue
        kept.append(w)
    return kept


def _names(names: tuple, rule_id: str) -> bool:
    """Whether a ``yields_to`` / ``explains_inside`` list names this rule ("*": any rule)."""
    return "*" in names or rule_id in names


def _dedupe(warnings: list[dict]) -> list[dict]:
    """One warning per span and category: two rules that caught the same words say it once, and
    words inside a longer flagged stretch of the same category ("STILL" in "I AM STILL WAITING")
    are not underlined twice."""
    best: dict = {}
    for w in warnings:
        key = (w["offset"], w["length"], w["category"])
        if key not in best or _SEVERITY_RANK[w["severity"]] > _SEVERITY_RANK[best[key]["severity"]]:
            best[key] = w
    kept = list(best.values())
    spans: dict = {}
    for w in kept:
        if w["length"]:
            spans.setdefault(w["category"], []).append((w["offset"], w["offset"] + w["length"]))
    if not spans:
        return kept
    return [
        w
        for w in kept
        if not w["length"]
        or not any(
            a <= w["offset"]
            and w["offset"] + w["length"] <= b
            and (a, b) != (w["offset"], w["offset"] + w["length"])
            for a, b in spans.get(w["category"], ())
        )
    ]


def catalogue(pack: Pack | None = None) -> list[dict]:
    """Every rule's public fields (``GET /api/v1/rules``), of ``pack`` or the process's pack."""
    return [rule.public() for rule in (pack if pack is not None else get_pack()).rules]
