"""Every suggestion is tested the way LanguageTool tests its rules' corrections: for every fail example
of every rule that offers suggestions, apply each one and check that (a) the rule no longer fires
there, (b) no new warning of any rule appears, and (c) the sentence still starts with a capital and
ends with its punctuation. A suggestion that cannot pass this must not be offered."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from etiquette.engine import check, get_pack
from etiquette.engine.draft import Draft
from etiquette.meaning.layer import MeaningLayer

PACK = get_pack()


# A phrase rule's suggestion is held to what the rules say of the fixed sentence; the meaning layer's
# heads are probabilistic readers judged by their own examples and the corpus (tests/test_rules.py,
# tests/test_corpus.py), so they are off here unless the rule under test is one of theirs.
MEANING_OFF = MeaningLayer("/nonexistent", enabled=False)


def _run(example, text, kind=None, meaning=MEANING_OFF):
    return check(
        text,
        kind=kind or example.get("kind", "auto"),
        context=example.get("context"),
        now=example.get("now"),
        subject=example.get("subject"),
        dictionary=example.get("dictionary"),
        disabled=example.get("disabled"),
        meaning=meaning,
    )


def apply(text: str, warning: dict, suggestion: str) -> str:
    """What the panel and the playground do: replace the warning's span with the suggestion."""
    return text[: warning["offset"]] + suggestion + text[warning["offset"] + warning["length"] :]


def _cases():
    for rule in PACK.rules:
        for i, example in enumerate(rule.examples["fail"]):
            yield pytest.param(rule.id, example, id=f"{rule.id}-{i}")


def _sentence_at(text: str, offset: int) -> str:
    draft = Draft(text)
    for a, b in draft.sentences:
        if b >= offset:
            return text[a:b]
    return ""


def problems_after(text: str, warning: dict, suggestion: str, before: dict, after: dict) -> list[str]:
    """Why applying ``suggestion`` for ``warning`` is not a clean fix (empty when it is)."""
    fixed = apply(text, warning, suggestion)
    problems = []
    start, end = warning["offset"], warning["offset"] + len(suggestion)
    if suggestion == "" and warning.get("fix") == "remove_sentence":
        count = sum(1 for w in after["warnings"] if w["rule"] == warning["rule"])
        again = (
            [] if count < sum(1 for w in before["warnings"] if w["rule"] == warning["rule"]) else [warning]
        )
    else:
        again = [
            w
            for w in after["warnings"]
            if w["rule"] == warning["rule"]
            and w["offset"] < max(end, start + 1)
            and start < w["offset"] + max(w["length"], 1)
        ]
    if again:
        problems.append(f"{warning['rule']} still fires there: {again[0]['excerpt']!r}")
    new = Counter(w["rule"] for w in after["warnings"]) - Counter(w["rule"] for w in before["warnings"])
    if new:
        problems.append(f"new warnings: {sorted(new)}")
    old_sentence = _sentence_at(text, warning["offset"])
    sentence = _sentence_at(fixed, warning["offset"])
    if sentence:
        first = re.search(r"[A-Za-z0-9]", sentence)
        old_first = re.search(r"[A-Za-z0-9]", old_sentence)
        if first and old_first and old_first.group(0).isupper() and first.group(0).islower():
            problems.append(f"the sentence now starts lower-case: {sentence!r}")
        if re.search(r"[.!?][\"')]*$", old_sentence.strip()) and not re.search(
            r"[.!?][\"')]*$", sentence.strip()
        ):
            problems.append(f"the sentence lost its closing punctuation: {sentence!r}")
    for bad, what in (
        (r"[^\s]  (?=\S)", "two spaces"),
        (r" [,.;:!?]", "a space before punctuation"),
        (r"[,;:][,;:.]", "doubled punctuation"),
    ):
        spot = max(0, warning["offset"] - 2)
        if re.search(bad, fixed[spot : end + 3]) and not re.search(
            bad, text[spot : warning["offset"] + warning["length"] + 3]
        ):
            problems.append(f"{what} at the fix: {fixed[spot : end + 3]!r}")
    return problems


@pytest.mark.parametrize("rule_id,example", list(_cases()))
def test_every_suggestion_leaves_a_clean_sentence(rule_id, example):
    text = example["text"]
    meaning = None if PACK.by_id(rule_id).kind == "meaning" else MEANING_OFF
    before = _run(example, text, meaning=meaning)
    offered = [w for w in before["warnings"] if w["rule"] == rule_id and w["length"] and w["suggestions"]]
    for warning in offered:
        for suggestion in warning["suggestions"]:
            fixed = apply(text, warning, suggestion)
            # The kind stays as detected before: a fragment that becomes a clearer thank-you gets the
            # whole-draft advice a thank-you gets, which is not the fix's doing.
            after = _run(example, fixed, kind=before["kind"], meaning=meaning)
            problems = problems_after(text, warning, suggestion, before, after)
            assert not problems, (
                f"{rule_id}: applying {suggestion!r} for {warning['excerpt']!r} in {text!r} "
                f"gives {fixed!r}: {'; '.join(problems)}"
            )


ASAP = (
    "Dear Ms Patel,\n\nThank you for meeting me yesterday about the analyst role. I enjoyed hearing about "
    "the new forecasting dashboards and I am very keen on the position. Could you tell me more about the "
    "next steps for this role? Please let me know ASAP as I have another interview on Friday.\n\n"
    "Best regards,\nJordan Lee\n"
)


def test_the_asap_demand_is_rewritten_as_a_whole_clause_through_the_api(client):
    """Issue 13: one click used to give "...for this role? when you have a moment as I have..."."""
    first = client.post("/api/v1/check", json={"text": ASAP, "subject": "Thank you"}).get_json()
    demand = next(w for w in first["warnings"] if w["rule"] == "tone.demands")
    assert demand["excerpt"] == "Please let me know ASAP"
    fixed = apply(ASAP, demand, demand["suggestions"][0])
    assert (
        "for this role? I would be grateful for an update on your timeline when you are able to share one, "
        "as I have another interview on Friday."
    ) in fixed
    again = client.post("/api/v1/check", json={"text": fixed, "subject": "Thank you"}).get_json()
    assert again["verdict"] == "ready" and not [w for w in again["warnings"] if w["severity"] != "suggestion"]


def test_a_suggestion_replacing_a_sentence_start_is_capitalised():
    result = check("Is the team hiring? asap would be great for me.", kind="follow_up")
    demand = next(w for w in result["warnings"] if w["rule"] == "tone.demands")
    assert all(s[:1].isupper() for s in demand["suggestions"]), demand
