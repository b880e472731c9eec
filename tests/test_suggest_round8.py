"""Round eight's suggestion-category fixes as a user sees them through POST /api/v1/check: an errand
whose only thanks are repeated ("thanks again for your time") is not a thank-you, whatever the typist
made of "references"; a courtesy in place of the interviewer's name is not a wrong greeting; wanting
the job in everyday words counts as interest."""

from __future__ import annotations

import pytest

CONTEXT = {
    "interview_at": "2026-11-09T10:00:00+00:00",
    "stage": "interviewed",
    "company": "Harbourside Venues",
    "position": "Events Coordinator",
    "interviewer": "Ms. Imogen Clarke",
}
# A day and a half after the interview: thanks for it would still be a thank-you.
NEXT_DAY = "2026-11-10T20:00:00+00:00"
KIND_ADVICE = {"timing", "interest", "personalisation", "assumption", "persistence", "length"}


@pytest.fixture
def phrases_only(make_app):
    return make_app(MEANING=False).test_client()


def check(client, text, now=NEXT_DAY, kind="auto"):
    resp = client.post("/api/v1/check", json={"text": text, "context": CONTEXT, "now": now, "kind": kind})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return resp.get_json()


def categories(result) -> set[str]:
    return {w["category"] for w in result["warnings"]}


@pytest.mark.parametrize("spelt", ["references", "referances", "refrences"])
def test_references_sent_with_only_repeated_thanks_are_an_errand(client, phrases_only, spelt):
    text = (
        f"Hi Imogen,\n\nAs you asked, here are my {spelt}. The first is my manager at the Grand, Paul Ng, "
        "on 07700 900123, and the second my college tutor.\n\nThanks again for your time.\n\nTariq"
    )
    for app in (client, phrases_only):
        result = check(app, text)
        assert result["kind"] == "other", result
        assert not categories(result) & KIND_ADVICE, result["warnings"]


def test_thanks_for_the_interview_beside_the_references_is_still_a_thank_you(client):
    # thanks said for the first time are thanks for the interview, errand and all
    text = (
        "Dear Imogen,\n\nThank you for the interview yesterday. As promised, here are my references: Paul Ng "
        "at the Grand and my college tutor.\n\nBest wishes,\nTariq"
    )
    assert check(client, text)["kind"] == "thank_you"


@pytest.mark.parametrize("greeting", ["Dear Ma'am,", "Dear Mam,", "Dear Sirs,"])
def test_a_courtesy_in_place_of_the_name_is_no_wrong_greeting(client, greeting):
    text = (
        f"{greeting}\n\nThank you for the interview yesterday and for explaining the wedding season rota. "
        "I remain very interested in the role.\n\nRegards,\nTariq Bell"
    )
    result = check(client, text)
    assert "personalisation.wrong_greeting" not in {w["rule"] for w in result["warnings"]}, result["warnings"]


def test_a_different_name_is_still_a_wrong_greeting(client):
    text = "Dear Tom,\n\nThank you for the interview yesterday.\n\nRegards,\nTariq Bell"
    assert "personalisation.wrong_greeting" in {w["rule"] for w in check(client, text)["warnings"]}


@pytest.mark.parametrize(
    "line", ["still well up for it if you are", "I really fancy the events job.", "hope I get it!"]
)
def test_wanting_the_job_in_everyday_words_is_interest(phrases_only, line):
    text = f"hi Imogen,\n\nany news on the events job? {line}\n\nTariq"
    result = check(phrases_only, text, now="2026-11-23T10:00:00+00:00", kind="follow_up")
    assert "interest" not in categories(result), result["warnings"]
