"""Where a present judge's lower bar lies (``make train``: etiquette/meaning/train.py).

A present judge with ``params.absent_below`` says "missing" itself when no sentence of a draft
reaches that bar (runner.py), whatever its word-list rule found, so the bar answers a question about
drafts, not sentences: every labelled draft that has the thing (a thank-you without the
personalisation fault) needs a sentence at or above it, else a good draft is told to add what it
already says, and the drafts that lack it should have none. The bar is chosen on the labelled drafts
(``tests/corpus`` and the kept blind batches), each read by the head of the fold that left it out
(the sentences of drafts that lack the thing are the heads' negatives), at the least cost: a false
suggestion counts as three misses, and one on a draft without any fault is never allowed.

Only the drafts the bar decides count: where the word-list rule already says "missing", the draft
gets the suggestion whatever the bar (unless a sentence passes the head's threshold, far above any
bar), so it is neither a find nor a false alarm of the bar's. Counting them made the bar a question
about the drafts the word list reads well (our writers' generic thank-yous, which it always caught)
and it sank to 0.09, the lowest a good draft's best sentence went; the drafts it is for are the
generic ones the list misses (published samples, which name the employer and the job).

Only the drafts that are of the rule's kinds by their labels count as well (``expect_kind``, or the
kind the file sets): a reschedule, a slot confirmation or a withdrawal that the phrases took for a
thank-you has no detail of the conversation to give, and a bar that had to sit under its best
sentence (0.001-0.008) sank to the bottom of the grid and stopped deciding anything. Telling such a
message to add a detail is the kind detection's fault, which no bar can mend.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

# label -> (category, the word-list rule the head backs)
BACKED = {
    "interest": ("interest", "interest.no_interest"),
    "specific": ("personalisation", "personalisation.nothing_specific"),
}
GRID = np.round(np.arange(0.02, 0.99, 0.005), 3)
FALSE_SUGGESTION_COST = 3.0
GOOD_DRAFT_COST = 1000.0


_DRAFTS: dict[tuple[str, str], list[dict]] = {}


def corpus_drafts(folder: Path, prefix: str = "") -> list[dict]:
    """Each labelled draft's id (``prefix`` + its name, as train.py groups it), kind, expected
    categories, the (category, rule) pairs its rules (meaning off) said and the texts a head reads
    in it (every sentence and every clause of a long one); once per folder in a process."""
    from .labelled import checked_drafts, texts_read

    key = (str(folder), prefix)
    if key in _DRAFTS:
        return _DRAFTS[key]
    out = _DRAFTS[key] = []
    for path, data, result, draft, units in checked_drafts(folder):
        if len(texts_read(draft, units)) != len(texts := texts_read(draft, units, skip_slots=True)):
            continue  # a draft with a slot for the detail: the bar never speaks there (runner.py)
        given = data.get("kind")
        out.append(
            {
                "id": prefix + path.stem,
                "kind": result["kind"],
                # what the draft is by its labels (None when they do not say)
                "labelled_kind": data.get("expect_kind") or (given if given not in (None, "auto") else None),
                "expect": set(data.get("expect") or []),
                "rules": {(w["category"], w["rule"]) for w in result["warnings"]},
                "texts": texts,
            }
        )
    return out


def decide_threshold(
    label: str, probabilities, drafts: list[dict], kinds, shipped=None
) -> tuple[float, dict]:
    """(threshold, report) for the head of ``label``; ``probabilities(texts, draft id)`` scores a
    draft's sentences (out of fold: by a head that did not train on that draft)."""
    category, backed = BACKED[label]
    have, lack = [], []
    for d in drafts:
        if d["kind"] not in kinds or (category, backed) in d["rules"]:
            continue  # the word list says "missing" already: the bar does not decide this draft
        if d.get("labelled_kind") not in (None, *kinds):
            continue  # not a thank-you at all, whatever the phrases took it for (see above)
        best = float(np.max(probabilities(d["texts"], d["id"]))) if d["texts"] else 0.0
        if category not in d["expect"]:
            if shipped is not None and d["texts"]:
                best = min(best, float(np.max(shipped(d["texts"], d["id"]))))
            have.append((best, not d["expect"], d["id"]))
        elif not any(c == category and r != backed for c, r in d["rules"]):
            # a draft whose fault in this category is another rule's (a wrong greeting, another
            # company's name) may well have the thing, so only the rest say where "lacks it" lies
            lack.append((best, d["id"]))
    best_t, best_cost, tied = None, math.inf, []
    for t in GRID:
        cost = sum(GOOD_DRAFT_COST if good else FALSE_SUGGESTION_COST for m, good, _ in have if m < t)
        cost += sum(1.0 for m, _ in lack if m >= t)
        if cost < best_cost - 1e-9:
            best_cost, tied = cost, [float(t)]
        elif abs(cost - best_cost) < 1e-9:
            tied.append(float(t))
    if tied:  # the middle of the widest run of equally good lines: furthest from both sides
        runs, run = [], [tied[0]]
        for t in tied[1:]:
            if t - run[-1] <= 0.0051:
                run.append(t)
            else:
                runs.append(run)
                run = [t]
        runs.append(run)
        widest = max(runs, key=len)
        best_t = round(widest[len(widest) // 2], 3)
    report = {
        "drafts_with_it": len(have),
        "drafts_without_it": len(lack),
        "false_suggestions": sorted(i for m, _, i in have if m < best_t),
        "missed": sorted(i for m, i in lack if m >= best_t),
    }
    return best_t, report


MAX_FLOOR = 0.5  # params.absent_below's own limit (engine/params.py)


def has_floor(rule_file: Path) -> bool:
    import yaml

    return "absent_below" in (yaml.safe_load(rule_file.read_text(encoding="utf-8")).get("params") or {})


def set_floor(rule_file: Path, value: float) -> None:
    import re

    text = rule_file.read_text(encoding="utf-8")
    new, n = re.subn(
        r"(?m)^(\s*absent_below:\s*)[0-9.]+", lambda m: f"{m.group(1)}{value:.3f}", text, count=1
    )
    if n != 1:
        raise SystemExit(f"{rule_file}: no 'absent_below:' line to update")
    rule_file.write_text(new, encoding="utf-8")


def draft_threshold(
    label: str, model, fold_models: dict, rule_file: Path, folders, fold_of, embed
) -> tuple[float, dict]:
    """For ``make train``: a present head's ``absent_below``, each labelled draft of ``folders``
    ((folder, id prefix) pairs: the corpus and the kept blind batches trained on) read by the head
    trained without that draft's fold (``fold_of(draft id)``) and by the head that ships (``model``):
    a draft that has the thing must clear the bar by both (``embed`` is train.py's cached encoder,
    passed in so neither imports the other)."""
    import yaml

    drafts = [d for folder, prefix in folders for d in corpus_drafts(folder, prefix)]
    kinds = yaml.safe_load(rule_file.read_text(encoding="utf-8")).get("applies_to") or [
        "thank_you",
        "follow_up",
    ]

    def probabilities(texts, draft_id):
        return fold_models[fold_of(draft_id)].predict_proba(embed(texts))[:, 1]

    def shipped(texts, draft_id):
        return model.predict_proba(embed(texts))[:, 1]

    threshold, report = decide_threshold(label, probabilities, drafts, kinds, shipped)
    return min(threshold, MAX_FLOOR), report
