"""One answer, one story: timing warnings, the next step and the length advice never contradict each other.

A grid of generated timing cases (how long ago the interview was, a decision date before, on or after
today, follow-ups already sent, drafts of each kind and length) goes through the engine, and every
answer is checked for the pairs a user would read as contradictory: too long and too thin; "cut it
down" next to "add a sentence"; "wait" next to "you can follow up now"; a late thank-you told when
to follow up; a wait that ends today.
"""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta

import pytest
from etiquette.engine import check
from etiquette.engine.when import ago, day_label

NOW = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)  # a Tuesday

THIN_THANKS = "Hi Sam,\n\nThank you for the interview.\n\nBest,\nJordan"
THANKS = (
    "Hi Sam,\n\nThank you for the interview last week. I enjoyed hearing about the data platform and "
    "the move to dbt. I am still very keen on the role.\n\nBest,\nJordan"
)
LONG_THANKS = (
    "Hi Sam,\n\nThank you for the interview. "
    + "I enjoyed hearing about the platform work and the team. " * 24
    + "\n\nBest,\nJordan"
)
FOLLOW_UP = (
    "Hi Sam,\n\nI'm following up on my interview for the analyst role. I am still keen on the role and "
    "would be glad to hear about the next steps.\n\nBest,\nJordan"
)
THANKS_AND_ASK = (
    "Hi Sam,\n\nThank you again for the interview. I wanted to ask whether a decision has been made; "
    "I remain very interested.\n\nBest,\nJordan"
)
DRAFTS = {
    "thin_thanks": THIN_THANKS,
    "thanks": THANKS,
    "long_thanks": LONG_THANKS,
    "follow_up": FOLLOW_UP,
    "thanks_and_ask": THANKS_AND_ASK,
}

HOURS_AGO = (
    1,
    5,
    20,
    23,
    25,
    30,
    47,
    49,
    72,
    100,
    6 * 24,
    7 * 24 - 2,
    7 * 24,
    7 * 24 + 1,
    8 * 24,
    10 * 24,
    15 * 24,
    30 * 24,
)
DECISION = (None, -3, 0, 1, 5)  # days from today; 0 = today
FOLLOW_UPS = ((), (3,), (8,), (9, 2))  # days ago

WAIT_RULES = {"timing.follow_up_too_soon", "timing.before_decision_date"}
SHORTEN = re.compile(r"\b(?:brief|shorter|cut|trim|split)\b", re.I)
LENGTHEN = re.compile(r"\badd a sentence\b|\btoo thin\b", re.I)


def _cases():
    for hours, decision, follow_ups, draft, kind in itertools.product(
        HOURS_AGO, DECISION, FOLLOW_UPS, DRAFTS, ("auto", "thank_you", "follow_up")
    ):
        # Only follow-ups sent after the interview make sense.
        if follow_ups and max(follow_ups) * 24 >= hours:
            continue
        yield hours, decision, follow_ups, draft, kind


def contradictions(result, now=NOW) -> list[str]:
    """What in one answer contradicts something else in it (empty: the answer holds together)."""
    rules = {w["rule"]: w["message"] for w in result["warnings"]}
    messages = list(rules.values())
    step = result.get("next_step") or {}
    said = messages + [step.get("message") or "", step.get("reason") or ""]
    found = []
    if "length.body_too_long" in rules and "length.too_short" in rules:
        found.append("too long and too thin")
    if "length.too_short" in rules and any(
        SHORTEN.search(m) for r, m in rules.items() if r != "length.too_short"
    ):
        found.append("shorten it next to add a sentence")
    if any(LENGTHEN.search(m) for r, m in rules.items() if r != "length.too_short"):
        found.append("a message other than too-thin asks for more words")
    waits = WAIT_RULES & set(rules)
    if waits and step.get("message") == "You can follow up now":
        found.append(f"{sorted(waits)} next to 'You can follow up now'")
    if (
        result["kind"] == "follow_up"
        and step.get("action") == "follow_up"
        and step.get("date")
        and step["date"] > now.date().isoformat()
        and not waits
    ):
        found.append("next step says wait, but no warning says so")
    if {"persistence.follow_ups_sent", "persistence.too_many_follow_ups"} & set(rules) and (
        waits or step.get("action") == "follow_up"
    ):
        found.append("told to stop following up and when to follow up next")
    if "timing.thank_you_late" in rules and (waits or step.get("action") == "follow_up"):
        found.append("late thank-you told when to follow up")
    if result["kind"] == "thank_you" and (waits or step.get("action") == "follow_up"):
        found.append("thank-you given follow-up advice")
    today = day_label(now)
    if any(re.search(rf"\b(?:until|from|after)\s+{today}\b", m) for m in said):
        found.append(f"says to wait until today ({today})")
    if any("{" in m for m in said):
        found.append("an unfilled {placeholder} in a message")
    return found


def _context(hours, decision, follow_ups):
    ctx = {"interview_at": (NOW - timedelta(hours=hours)).isoformat()}
    if decision is not None:
        ctx["decision_by"] = (NOW + timedelta(days=decision)).date().isoformat()
    if follow_ups:
        ctx["previous_follow_ups"] = [(NOW - timedelta(days=d)).isoformat() for d in follow_ups]
    return ctx


def test_no_generated_timing_case_contradicts_itself():
    bad = []
    n = 0
    for hours, decision, follow_ups, draft, kind in _cases():
        n += 1
        result = check(DRAFTS[draft], kind=kind, context=_context(hours, decision, follow_ups), now=NOW)
        for problem in contradictions(result):
            bad.append(
                f"{draft}/{kind}, interview {hours} h ago, decision {decision}, follow-ups {follow_ups}: {problem}"
            )
    assert n > 2000
    assert not bad, f"{len(bad)} of {n} answers contradict themselves, e.g.\n" + "\n".join(bad[:15])


def test_a_thank_you_a_week_late_gets_one_late_warning_and_no_follow_up_advice():
    result = check(
        THANKS, context={"interview_at": "2026-11-17T10:00:00+00:00"}, now="2026-11-24T11:00:00+00:00"
    )
    assert result["kind"] == "thank_you"
    timing = [w for w in result["warnings"] if w["category"] == "timing"]
    assert [w["rule"] for w in timing] == ["timing.thank_you_late"]
    assert "last Tuesday" in timing[0]["message"]
    assert (
        result["next_step"]["action"] == "thank_you"
        and "follow up" not in result["next_step"]["message"].lower()
    )


@pytest.mark.parametrize("days_late", [2, 7, 14, 30])
def test_thanking_for_the_interview_is_a_thank_you_whatever_its_date(days_late):
    text = "Thank you for the interview two weeks ago. I enjoyed the tour of the lab and I am still keen on the role."
    interview = NOW - timedelta(days=days_late)
    assert check(text, context={"interview_at": interview.isoformat()}, now=NOW)["kind"] == "thank_you"


def test_on_the_day_the_week_is_up_the_wait_is_gone():
    # The interview was last Tuesday at 15:00; at 09:00 today the week is not quite up by the clock.
    result = check(
        FOLLOW_UP,
        kind="follow_up",
        context={"interview_at": "2026-11-17T15:00:00+00:00"},
        now="2026-11-24T09:00:00+00:00",
    )
    assert not [w for w in result["warnings"] if w["category"] == "timing"]
    assert result["next_step"]["message"] == "You can follow up now"


def test_the_thank_you_deadline_names_the_day_once():
    result = check(
        THANKS, context={"interview_at": "2026-11-24T10:00:00+00:00"}, now="2026-11-24T12:00:00+00:00"
    )
    assert result["next_step"]["message"] == "Send your thank-you by Wed 25 Nov, 10:00"


@pytest.mark.parametrize(
    "then, phrase",
    [
        ("2026-11-24T10:30:00+00:00", "less than an hour ago"),
        ("2026-11-24T06:00:00+00:00", "5 hours ago"),
        ("2026-11-23T09:00:00+00:00", "yesterday"),
        ("2026-11-22T12:00:00+00:00", "2 days ago"),
        ("2026-11-17T10:00:00+00:00", "last Tuesday"),
        ("2026-11-18T10:00:00+00:00", "last Wednesday"),
        ("2026-11-14T10:00:00+00:00", "10 days ago"),
        ("2026-11-01T10:00:00+00:00", "3 weeks ago"),
    ],
)
def test_ages_read_as_a_person_says_them(then, phrase):
    assert ago(datetime.fromisoformat(then), NOW) == phrase
