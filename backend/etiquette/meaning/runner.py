"""How a ``meaning`` rule runs, and how its findings sit beside the phrase rules' findings.

Two judges (``params.judge``):

* ``flag`` — each sentence whose head probability reaches ``params.threshold`` is marked whole (its
  offset and length in the original text; quotes and signature are already blanked in the masked
  draft). Below the threshold nothing is said: an unsure model stays quiet.
* ``present`` — the head recognises a sentence that *does* something good (states interest, names a
  detail of the conversation). It backs the word-list rule named in ``params.backs``: that rule's
  "missing" warning is withdrawn when some sentence reaches the threshold (it was said in other
  words), and, with ``params.absent_below``, this rule says "missing" itself when the words looked
  present but no sentence even reaches that lower bar (``make train`` draws it over whole drafts,
  meaning/present.py): word lists judge "a detail of the conversation" by its words, and generic
  praise has words no list holds ("the company's mission and values, which align closely with mine").
  A sentence with an unfilled slot for the detail ("our talk about [something specific]") counts for
  neither, and a draft with one is not told by this judge that the detail is missing (the
  placeholder's own error says what to fill in).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..engine.builtins.specific import reports_the_talk
from .heads import load_head

# Words as a reader counts them (and as engine/draft.py counts a body's length): "It's", "don't" and
# "follow-up" are one word each, so "It's Jacob." is the two-word sentence it looks like, not three.
_WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:['\u2019-][A-Za-z0-9\u00C0-\u024F]+)*")
# A clause is judged by how much the encoder reads, not by a reader's count: "I'm" is two pieces to it.
_PIECE = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+")
MIN_WORDS = 3  # "Best regards," and "Hi Sam," are not sentences a head should read
# A long sentence can carry its fault in one clause ("It's been two weeks, and I imagine that ship
# has sailed"): mean pooling over the whole sentence dilutes it, so clauses are read on their own too.
_CLAUSE_BREAK = re.compile(r"\s*(?:[,;:\u2013\u2014]|\s-\s|\.\.\.)\s+")
_LEADING_JOIN = re.compile(r"^(?:and|but|so|or|as|though|although|because|while|which)\s+", re.I)
MIN_CLAUSE_WORDS = 5
# an unfilled template slot for the detail itself ("[specific topic discussed]", "{project}")
_SLOT = re.compile(
    r"[\[{<][^\]}>\n]*\b(?:specific|topic|detail|discuss|mention|something|point|project|subject)[^\]}>\n]*[\]}>]",
    re.I,
)


def clauses(text: str) -> list[str]:
    """The clauses of a sentence worth reading alone (none when the sentence is a single clause),
    each without the conjunction that joined it ("but I imagine ..." is read as "I imagine ...")."""
    parts = [_LEADING_JOIN.sub("", p) for p in _CLAUSE_BREAK.split(text)]
    parts = [p for p in parts if len(_PIECE.findall(p)) >= MIN_CLAUSE_WORDS]
    return parts if len(parts) >= 2 else []


@lru_cache(maxsize=4096)
def _pieces(sentence: str) -> tuple[str, ...]:
    """The sentence and its clauses, as the heads read them (split once per distinct sentence: a
    re-check meets the same sentences again)."""
    return (sentence, *clauses(sentence))


class MeaningState:
    """Per check: the draft's sentences and their embeddings, computed once for all meaning rules."""

    def __init__(self, layer):
        self.layer = layer
        self._units = None
        self._pieces = None
        self._vectors = None
        self._rows: dict[str, np.ndarray] = {}  # head path -> its probability for every row of vectors
        self.present: dict[str, bool] = {}  # present-judge rule id -> found in some sentence
        # sentence start -> [(margin, category, rule id)] of every flag head past its threshold there
        self.margins: dict[int, list[tuple[float, str, str]]] = {}

    def encoder(self):
        return self.layer.encoder() if self.layer is not None else None

    def units(self, draft) -> list[tuple[int, int]]:
        if self._units is None:
            start = draft.greeting[1] if draft.greeting else 0
            self._units = [
                (a, b)
                for a, b in draft.sentences
                if a >= start and len(_WORD.findall(draft.masked, a, b)) >= MIN_WORDS
            ]
        return self._units

    def pieces(self, draft) -> tuple[list[str], list[int]]:
        """(texts the heads read, each sentence's first text): a sentence, then its clauses."""
        if self._pieces is None:
            texts, firsts = [], []
            for a, b in self.units(draft):
                firsts.append(len(texts))
                texts.extend(_pieces(draft.masked[a:b]))
            self._pieces = (texts, firsts)
        return self._pieces

    def prefetch(self, draft) -> None:
        """Let the encoder start on this draft's texts in the background (``vectors`` collects them)."""
        enc = self.encoder()
        start = getattr(enc, "prefetch", None)
        if start is not None:
            texts = self.pieces(draft)[0]
            if texts:
                start(texts)

    def vectors(self, draft) -> tuple[np.ndarray, np.ndarray] | None:
        """(vectors, firsts): one row per sentence and per clause of a long one; a sentence's rows
        are contiguous and start at firsts[i]."""
        if self._vectors is None:
            enc = self.encoder()
            if enc is None:
                return None
            texts, firsts = self.pieces(draft)
            vectors = enc.encode(texts) if texts else np.zeros((0, 384), dtype=np.float32)
            self._vectors = (vectors, np.asarray(firsts, dtype=np.int64))
        return self._vectors

    def rows(self, draft, path: str) -> np.ndarray:
        """The head at ``path``'s probability for every row of ``vectors`` (sentences and clauses), once
        per check: ``scores`` reads a sentence's best clause from them, ``_spared`` each loud clause."""
        if path not in self._rows:
            self._rows[path] = load_head(path).probabilities(self.vectors(draft)[0])
        return self._rows[path]


def head_path(rule, pack) -> str:
    return _joined(pack.root, rule.params.head)


@lru_cache(maxsize=256)
def _joined(root, name: str) -> str:
    """str(root / name), once per pair: every meaning rule asks on every check."""
    return str(Path(root) / name)


def scores(rule, state) -> tuple[list[tuple[int, int]], np.ndarray] | None:
    """(sentence spans, probabilities) for this rule's head, or None when the layer is off."""
    ms = state.meaning
    found = ms.vectors(state.draft) if ms is not None else None
    if found is None:
        return None
    _, firsts = found
    units = ms.units(state.draft)
    per_row = ms.rows(state.draft, head_path(rule, state.pack))
    if not len(units):
        return units, np.zeros(0, dtype=np.float32)
    # A sentence reads as its most telling clause: its rows are contiguous, from firsts[i].
    return units, np.maximum.reduceat(per_row, firsts).astype(np.float32, copy=False)


def _margin(p: float, threshold: float) -> float:
    """How far past its threshold a head is, in log-odds (comparable between heads)."""
    p = min(max(float(p), 1e-7), 1 - 1e-7)
    return float(np.log(p / (1 - p)) - np.log(threshold / (1 - threshold)))


def run_meaning(rule, state):
    found = scores(rule, state)
    if found is None:
        return
    units, probs = found
    threshold = rule.params.threshold
    if rule.params.judge == "present":
        slot = False
        if len(probs):
            # "I enjoyed our talk about [something specific you discussed]": the slot is the
            # detail still missing, not one given (the placeholder rule flags it as well), and it is
            # no detail's absence either: the draft has a place for one, so this judge does not say
            # "missing" over the placeholder's error (the word-list rule still reads the rest)
            masked = state.draft.masked
            slots = [bool(_SLOT.search(masked, a, b)) for a, b in units]
            slot = any(slots)
            probs = np.where(slots, 0.0, probs)
        present = state.meaning.present[rule.id] = bool(len(probs)) and float(probs.max()) >= threshold
        floor = rule.params.absent_below
        if floor is None or slot or present:
            return
        backed = state.pack.by_id(rule.params.backs) if rule.params.backs else None
        specific = backed is not None and getattr(backed, "builtin", None) == "nothing_specific"
        if not len(probs) or float(probs.max()) < floor:
            missing = True
        elif specific:
            missing = not _words_and_reading_agree(backed, state, units, probs, floor)
        else:
            missing = False
        # The floor catches generic praise in words the list lacks; it does not overrule a sentence
        # that reports what the interviewer said, with words of its own ("Good to hear you're taking
        # on more of the heat pump installs for the housing association", blind b29): the backed
        # word rule's own reading of the talk (engine/builtins/specific.py).
        if missing and not (specific and reports_the_talk(backed, state)):
            yield 0, 0, rule.message, list(rule.suggestions)
        return
    margins = state.meaning.margins
    spared = _spared(rule, state, units, probs) if rule.params.spare_decided else ()
    for (a, b), p in zip(units, probs, strict=False):
        if p < threshold:
            continue
        margins.setdefault(a, []).append((_margin(p, threshold), rule.category, rule.id))
        if a in spared:
            # Read, and kept as the sentence's reading (a weaker head's rival reading of the same firm
            # sentence stays quiet, as it did before), but not said: the firmness is the decision.
            continue
        # params.fix (remove_sentence) is fitted to the sentence by engine/fixes.py, as for any rule
        yield a, b - a, rule.message, list(rule.suggestions)


def _words_and_reading_agree(backed, state, units, probs, floor: float) -> bool:
    """Whether some sentence is a detail by both judges: the word list finds words of its own in it
    (nothing_specific's reading) and the head reads it at least a little as one (the floor), or its
    detail is marked on its face (a number, a name: specific.detail_spans).

    Why per sentence: generic praise in words the list lacks ("learning more about the position and
    the team's priorities", "our conversation about the organisation's approach to serving its
    clients") gives the word list its two words, while the head reads that very sentence as nothing
    (0.000-0.01); a draft whose detail the head reads a little sits in another sentence, and judged per
    draft that other sentence's reading lent the praise a detail it does not have."""
    from ..engine.builtins.specific import detail_spans

    spans = detail_spans(backed, state)
    if not spans:
        return False
    reading = {a: float(p) for (a, _), p in zip(units, probs, strict=False)}
    start = state.draft.body_range[0]
    for (a, _end), marked in spans:
        if marked:
            return True
        # a unit starts at its sentence's start; a sentence clipped by the body's start is read from there
        p = reading.get(a)
        if p is None:
            p = next((reading[u] for u, v in units if u <= a < v), None) if a != start else None
        if p is None or p >= floor:
            return True  # a sentence no head reads (too short) keeps its words' reading
    return False


def _spared(rule, state, units, probs) -> set[int]:
    """Starts of the sentences this head stands down on (``params.spare_decided``): in a message of
    kind other, a sentence past the threshold that states the candidate's decision (kinds.yml
    other.decided: "I must withdraw from consideration, as I have accepted another post", "I must
    decline the offer"), when each of its clauses past the threshold holds that decision too.

    Why: a withdrawal or a decline is firm by nature, and the heads that read pressure on the employer
    (a demand, pleading, sarcasm) were taught firmness as a fault; in such a message the firmness is
    the decision, which GUIDELINES.md does not ask anyone to soften. A clause of its own that crosses
    the bar ("..., since you clearly could not organise a second interview") is still judged, and so
    is every phrase rule (an ultimatum's "by Friday at the latest" is words, not this head's reading).
    Only the kind other is spared: "otherwise I'll have to withdraw" in a follow-up is an ultimatum."""
    if state.kind != "other" or not len(probs):
        return set()
    decided = state.pack.kind_patterns["decided"]
    lowered = state.draft.lowered
    threshold = rule.params.threshold
    candidates = [
        i
        for i, ((a, b), p) in enumerate(zip(units, probs, strict=False))
        if p >= threshold and decided.search(lowered, a, b)
    ]
    if not candidates:
        return set()
    # The clauses were encoded with their sentences (MeaningState.pieces): score those rows, encode nothing.
    texts, firsts = state.meaning.pieces(state.draft)
    per_row = state.meaning.rows(state.draft, head_path(rule, state.pack))
    ends = [*firsts[1:], len(texts)]
    out = set()
    for i in candidates:
        loud = [texts[r] for r in range(firsts[i] + 1, ends[i]) if per_row[r] >= threshold]
        if all(decided.search(c.lower()) for c in loud):
            out.add(units[i][0])
    return out


def reconcile(warnings: list[dict], state, meaning_rules: dict) -> list[dict]:
    """Say each thing once: a meaning warning on a sentence where a phrase rule of the same category
    already marked words is dropped, and a word-list "missing" warning that a present-judge head
    contradicts is withdrawn (and a present-judge's own "missing" when its word rule said so too)."""
    if not meaning_rules:
        return warnings
    withdrawn = {
        r.params.backs
        for rid, r in meaning_rules.items()
        if r.params.judge == "present" and state.meaning.present.get(rid)
    }
    fired = {w["rule"] for w in warnings}
    phrase_spans: dict[str, list[tuple[int, int]]] = {}
    for w in warnings:
        if w["rule"] not in meaning_rules and w["length"]:
            phrase_spans.setdefault(w["category"], []).append((w["offset"], w["offset"] + w["length"]))
    kept = []
    for w in warnings:
        rule = meaning_rules.get(w["rule"])
        if w["rule"] in withdrawn:
            continue
        if rule is not None:
            if rule.params.judge == "present":
                if rule.params.backs in fired:
                    continue  # the word rule already said it
            else:
                a, b = w["offset"], w["offset"] + w["length"]
                if any(x < b and a < y for x, y in phrase_spans.get(w["category"], ())):
                    continue
                # One reading per sentence: when heads of two categories both fire on it, the one
                # furthest past its threshold speaks ("I'll take the silence as my answer" is an
                # assumption, not also sarcasm).
                rivals = state.meaning.margins.get(a, ())
                if rivals and max(rivals)[1] != w["category"]:
                    continue
        kept.append(w)
    return kept


def flagged_sentences(rule, text: str, pack, layer=None, kind: str | None = None) -> list[str]:
    """The sentences of ``text`` this flag rule's head reads as its fault, on its own (no phrase rule
    and no other head consulted), in a message of ``kind`` (which ``params.spare_decided`` reads): what
    a meaning rule's own examples are tested against."""
    from types import SimpleNamespace

    from ..engine.draft import Draft
    from .layer import default_layer

    state = SimpleNamespace(
        draft=Draft(text), pack=pack, meaning=MeaningState(layer or default_layer()), kind=kind
    )
    found = scores(rule, state)
    if found is None:
        return []
    units, probs = found
    spared = _spared(rule, state, units, probs) if rule.params.spare_decided else ()
    return [
        text[a:b]
        for (a, b), p in zip(units, probs, strict=False)
        if p >= rule.params.threshold and a not in spared
    ]
