"""Labelled drafts (``tests/corpus``, ``bench/blind/bN``) as ``make train`` reads them: each draft
checked by the rules alone (meaning off), and the sentences and clauses the runner would read in it.
train.py (mining sentences) and present.py (a present judge's draft-level bar) both start here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path


def _iso(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def checked_drafts(folder: Path) -> Iterator[tuple[Path, dict, dict, object, list[tuple[int, int]]]]:
    """(path, data, rules-only result, Draft, units) for every ``*.yml`` in ``folder``, in name order;
    ``units`` are the (start, end) spans of the masked text that the meaning runner reads."""
    import yaml

    from ..engine import check
    from ..engine.draft import Draft
    from .layer import MeaningLayer
    from .runner import MeaningState

    off = MeaningLayer(".", enabled=False)
    for path in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        result = check(
            data["text"],
            kind=data.get("kind", "auto"),
            context={k: _iso(v) for k, v in (data.get("context") or {}).items()},
            now=_iso(data.get("now")),
            subject=data.get("subject"),
            meaning=off,
        )
        draft = Draft(data["text"], data.get("subject"))
        yield path, data, result, draft, MeaningState(None).units(draft)


def texts_read(draft, units, *, skip_slots: bool = False) -> list[str]:
    """Every unit's text and its clauses (the runner reads a long sentence's clauses too); with
    ``skip_slots``, a unit holding an unfilled ``[slot]`` is left out, as the present judges do."""
    from .runner import _SLOT, clauses

    texts = []
    for a, b in units:
        if skip_slots and _SLOT.search(draft.masked, a, b):
            continue
        texts.append(draft.masked[a:b])
        texts += clauses(draft.masked[a:b])
    return texts
