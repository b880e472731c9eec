"""The engine remembers which rules a check runs for each kind, stage and set of rules switched off
(engine._plan). What the user sees must follow what they ask for at every check, whatever came before."""

from __future__ import annotations

import etiquette

DEMAND = (
    "Dear Sam,\n\nThank you for the interview yesterday. Please reply ASAP with your decision.\n\n"
    "Best regards,\nJo"
)
SALARY = (
    "Dear Sam,\n\nThank you for the offer call today. Could we talk about the salary of 52,000 pounds "
    "before I sign?\n\nBest regards,\nJo"
)


def _rules(result) -> set[str]:
    return {w["rule"] for w in result["warnings"]}


def test_switching_a_rule_off_and_on_again_is_followed_at_every_check():
    assert "tone.demands" in _rules(etiquette.check(DEMAND, kind="thank_you"))
    assert "tone.demands" not in _rules(etiquette.check(DEMAND, kind="thank_you", disabled=["tone.demands"]))
    assert "tone.demands" in _rules(etiquette.check(DEMAND, kind="thank_you"))
    assert "tone.demands" not in _rules(etiquette.check(DEMAND, kind="thank_you", disabled=["tone"]))


def test_the_kind_asked_for_decides_the_rules_whatever_was_checked_before():
    thank_you = _rules(etiquette.check(DEMAND, kind="thank_you"))
    follow_up = _rules(etiquette.check(DEMAND, kind="follow_up"))
    assert "length.too_short" in thank_you and "length.too_short" not in follow_up
    assert _rules(etiquette.check(DEMAND, kind="thank_you")) == thank_you


def test_the_offer_stage_lets_the_candidate_talk_pay_and_only_then():
    asked = {"stage": "offer"}
    before = _rules(etiquette.check(SALARY, kind="thank_you"))
    assert any(r.startswith("salary.") for r in before)
    assert not any(
        r.startswith("salary.") for r in _rules(etiquette.check(SALARY, kind="thank_you", context=asked))
    )
    assert _rules(etiquette.check(SALARY, kind="thank_you")) == before


def test_a_stage_that_cannot_be_remembered_is_still_checked():
    # From Python a context may hold anything; a list as the stage is no key, and is no offer either
    assert _rules(etiquette.check(SALARY, kind="thank_you", context={"stage": ["offer"]})) >= {
        r for r in _rules(etiquette.check(SALARY, kind="thank_you")) if r.startswith("salary.")
    }
