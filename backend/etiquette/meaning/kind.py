"""Kind by meaning: does one of a draft's first sentences make it a message of kind ``other``?

Phrase lists (kinds.yml ``other``) know the words their writers used for moving a slot, confirming
one, sending the references asked for, answering a rejection or an offer, withdrawing or asking for
feedback; a new writer says the same things in other words ("any chance we can move it to thurs?",
"I confirm that I will attend on Thursday") and the lists read the draft as a thank-you or a
follow-up, whose timing and interest advice is then a false alarm. A small head over the sentence
embeddings (``shared-rules/heads/kind.other.json``, trained by ``make train``: meaning/kind_train.py)
reads the first few sentences, where such a message says what it is for.

It answers ``"other"`` or ``None`` (not sure enough, or the layer is off): engine/kinds.py weighs that
with the phrases and the dates, and with ``None`` the phrase lists decide alone.

The sentences it reads are the meaning runner's own (the same text, sentence and clauses), so the
encoder's cache gives the meaning rules those rows later: no sentence is encoded twice in a check.
"""

from __future__ import annotations

from .heads import HeadError, load_head
from .runner import _joined

HEAD = "heads/kind.other.json"
# Read when the head file says nothing (make train writes both).
FIRST_SENTENCES = 3
# Head files that could not be read, by path. load_head's lru_cache keeps only heads it returned, so
# without this a missing file was opened again by every check (a failed read per check); a failure is
# kept for the process's life, as a loaded head is (a new head file needs a restart either way).
_UNREADABLE: set[str] = set()


def _head(pack):
    path = _joined(pack.root, HEAD)
    if path in _UNREADABLE:
        return None
    try:
        return load_head(path)
    except HeadError:
        _UNREADABLE.add(path)
        return None  # no head (or an unreadable one): the phrase lists decide, as without the model


def first_pieces(meaning, draft, count: int) -> list[str]:
    """The texts the runner reads for the draft's first ``count`` sentences (each sentence, then its
    clauses), in order."""
    texts, firsts = meaning.pieces(draft)
    return texts[: firsts[count]] if count < len(firsts) else texts


def other_probability(meaning, draft, pack) -> float | None:
    """The head's highest P(other) over the first sentences; None when the layer or the head is off
    (or the draft has no sentence to read)."""
    head = _head(pack)
    if head is None or meaning is None:
        return None
    enc = meaning.encoder()
    if enc is None:
        return None
    count = int(head.meta.get("first_sentences", FIRST_SENTENCES))
    texts = first_pieces(meaning, draft, count)
    if not texts:
        return None
    start = getattr(enc, "prefetch", None)
    if start is not None:
        # The first sentences as a job of their own, then the rest of the draft: the helper thread
        # goes on to the rest while this thread judges the kind and runs the phrase rules.
        start(texts)
        meaning.prefetch(draft)
    return float(head.probabilities(enc.encode(texts)).max())


def judge(probability: float | None, meta: dict) -> str | None:
    """``"other"`` at or above the head's threshold, else None (unsure: the phrases decide)."""
    threshold = meta.get("calibration", {}).get("threshold")
    if probability is None or threshold is None:
        return None
    return "other" if probability >= threshold else None


def reading(meaning, draft, pack):
    """A callable for engine/kinds.py: the head's verdict on this draft, computed on first call."""
    done: list = []

    def verdict() -> str | None:
        if not done:
            head = _head(pack)
            done.append(None if head is None else judge(other_probability(meaning, draft, pack), head.meta))
        return done[0]

    return verdict
