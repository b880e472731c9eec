"""Every rule's own examples: each `fail` example triggers the rule, each `pass` example does not."""

from __future__ import annotations

import pytest
from etiquette.engine import check, get_pack
from etiquette.meaning.runner import flagged_sentences

PACK = get_pack()


def _cases(which):
    for rule in PACK.rules:
        key = "fail" if which == "fail" else "pass_"
        for i, example in enumerate(rule.examples[key]):
            yield pytest.param(rule.id, example, id=f"{rule.id}-{which}-{i}")


def _run(example):
    return check(
        example["text"],
        kind=example.get("kind", "auto"),
        context=example.get("context"),
        now=example.get("now"),
        subject=example.get("subject"),
        dictionary=example.get("dictionary"),
        disabled=example.get("disabled"),
    )


def _fired(rule_id, example):
    """This rule's verdict on the example. A meaning rule that flags sentences is judged by its head
    alone (in a full check a phrase rule that caught the same words first would speak for it); one
    that judges whether something is *present* (interest, a specific detail) speaks through the
    word-list rule it backs: its verdict is that rule's warning, kept or withdrawn, or its own."""
    rule = PACK.by_id(rule_id)
    if rule.kind == "meaning" and rule.params.judge == "flag":
        stage = (example.get("context") or {}).get("stage")
        if stage and stage in rule.unless_stage:
            return []
        return flagged_sentences(rule, example["text"], PACK, kind=example.get("kind"))
    ids = {rule_id}
    if rule.kind == "meaning":
        ids.add(rule.params.backs)
    return [w for w in _run(example)["warnings"] if w["rule"] in ids]


@pytest.mark.parametrize("rule_id,example", list(_cases("fail")))
def test_fail_examples_trigger_their_rule(rule_id, example):
    fired = _fired(rule_id, example)
    assert fired, (
        f"False negative: {rule_id} did not flag {example['text']!r}; got {_run(example)['warnings']}"
    )


@pytest.mark.parametrize("rule_id,example", list(_cases("pass")))
def test_pass_examples_stay_quiet(rule_id, example):
    fired = _fired(rule_id, example)
    assert not fired, f"False positive: {rule_id} flagged {example['text']!r}: {fired}"


def test_the_meaning_layer_is_on_for_these_tests():
    """The meaning rules' examples mean nothing with the model off: `make test` fetches it first."""
    from etiquette.meaning import default_layer

    state, reason = default_layer().encoder() and default_layer().status()
    assert state == "on", f"meaning layer off ({reason}): run `etiquette model fetch`"


def test_every_category_has_rules():
    categories = {rule.category for rule in PACK.rules}
    assert categories == set(PACK.guidelines)


def test_common_misspellings_are_only_what_the_spelling_check_misses():
    """The curated list is for slips two edits away; a word the spelling check already catches would
    be reported twice or hide the spelling check's own suggestions."""
    rule = PACK.by_id("proofreading.common_misspellings")
    for key in rule.swap:
        for form in key.split("|"):
            text = f"We talked about {form} today."
            alone = [
                w["rule"] for w in check(text, disabled=["proofreading.common_misspellings"])["warnings"]
            ]
            assert "proofreading.spelling" not in alone, f"the spelling check already catches {form!r}"
            assert "proofreading.common_misspellings" in [w["rule"] for w in check(text)["warnings"]], form
