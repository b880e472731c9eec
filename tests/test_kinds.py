"""What ``kind: auto`` makes of the messages sent in the weeks after an interview that are neither thanks
for it nor a nudge about the decision, as a user sees it through POST /api/v1/check: the kind, the
verdict and which warnings appear (engine/kinds.py, kinds.yml ``other``; GUIDELINES.md: for ``other``
only content rules apply)."""

from __future__ import annotations

import pytest
from etiquette.engine.pack import RulePackError, load_pack, rules_root

# Two weeks after the interview: a thank-you would be late, a follow-up would be due.
CONTEXT = {
    "interview_at": "2026-11-09T10:00:00+00:00",
    "stage": "interviewed",
    "company": "Harbourside Venues",
    "position": "Events Coordinator",
    "interviewer": "Imogen Clarke",
}
NOW = "2026-11-23T10:00:00+00:00"
# What kind decides (GUIDELINES.md): none of these may speak to a message of kind other.
KIND_ADVICE = {"timing", "interest", "personalisation", "assumption", "persistence", "length"}


def letter(body: str) -> str:
    return f"Dear Imogen,\n\n{body}\n\nBest wishes,\nTariq Bell"


def check(client, text, **extra):
    body = {"text": text, "context": extra.pop("context", CONTEXT), "now": extra.pop("now", NOW), **extra}
    resp = client.post("/api/v1/check", json=body)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return resp.get_json()


def categories(result) -> set[str]:
    return {w["category"] for w in result["warnings"]}


REJECTION_REPLY = letter(
    "Thank you for letting me know, and for the time the panel gave me. I was sorry to hear I wasn't "
    "selected, but I enjoyed the conversation about the winter market. Please keep me in mind for "
    "future roles."
)


def test_a_gracious_reply_to_a_rejection_is_other_and_ready_with_no_interest_timing_or_assumption_advice(
    client,
):
    result = check(client, REJECTION_REPLY)
    assert result["kind"] == "other", result
    assert result["verdict"] == "ready", result["warnings"]
    assert not categories(result) & KIND_ADVICE, result["warnings"]


def test_the_rejection_stated_as_the_employers_news_is_not_an_assumption_but_the_same_words_guessed_are(
    client,
):
    given = check(client, letter("Thank you for telling me yourself. I was sorry to hear I wasn't selected."))
    assert given["kind"] == "other" and "assumption" not in categories(given), given
    guessed = check(
        client,
        letter(
            "Since I haven't heard back, I'm guessing I wasn't selected. Please keep me in mind for future roles."
        ),
    )
    assert guessed["kind"] == "follow_up", guessed
    assert "assumption" in categories(guessed), guessed["warnings"]


@pytest.mark.parametrize(
    "body",
    [
        "I am writing to withdraw my application, as I have accepted a position elsewhere.",
        "Thank you for meeting me yesterday. Having thought about the shifts, I must withdraw from consideration.",
        "Thank you for the offer of the coordinator role. I'm delighted to accept it.",
        "Thank you so much for the offer. After a lot of thought I have decided to decline the offer.",
        "Thank you for your email letting me know the post has gone to another candidate.",
        "I'm disappointed that I won't be joining the team, but I understand the decision.",
        "As requested, here are the contact details for my two references.",
    ],
    ids=[
        "withdrawal",
        "thanks-then-withdrawal",
        "accepting",
        "declining",
        "rejection-news",
        "disappointed",
        "references",
    ],
)
def test_withdrawals_offers_rejection_replies_and_errands_are_other(client, body):
    result = check(client, letter(body))
    assert result["kind"] == "other", (body, result)
    assert not categories(result) & KIND_ADVICE, (body, result["warnings"])
    assert result["verdict"] == "ready", (body, result["warnings"])


def test_before_the_interview_a_message_is_neither_thanks_nor_a_follow_up(client):
    body = letter("Thank you for the invitation. Would it be possible to move it to Friday afternoon?")
    result = check(client, body, now="2026-11-05T09:00:00+00:00")
    assert result["kind"] == "other", result
    assert result["verdict"] == "ready", result["warnings"]


@pytest.mark.parametrize(
    "body,now,kind",
    [
        (
            "Thank you for meeting me this morning, and for letting me know the next steps. I am keen on the "
            "role and enjoyed hearing about the winter market.",
            "2026-11-09T17:00:00+00:00",
            "thank_you",
        ),
        (
            "Thank you for the interview today. As promised, I have attached my portfolio. I am keen on the "
            "role and enjoyed hearing about the winter market.",
            "2026-11-09T17:00:00+00:00",
            "thank_you",
        ),
        (
            "I'd like to confirm I'm still very interested in the role, and to ask whether there is any update.",
            NOW,
            "follow_up",
        ),
        (
            "I'm checking in about the role. I remain keen, but I expect a decision by Monday, otherwise I'll "
            "have to withdraw my application.",
            NOW,
            "follow_up",
        ),
        (
            "Thank you for offering me the chance to meet the team today, and for telling me, over coffee, "
            "about the winter market. Could we move our call on Friday to 3pm? I am keen on the role.",
            "2026-11-09T17:00:00+00:00",
            "thank_you",
        ),
    ],
    ids=[
        "thanks-for-next-steps",
        "thanks-with-attachment",
        "confirm-still-interested",
        "withdrawal-threatened",
        "offering-me-the-chance",
    ],
)
def test_near_misses_stay_thank_you_or_follow_up(client, body, now, kind):
    assert check(client, letter(body), now=now)["kind"] == kind, body


def test_a_threatened_withdrawal_is_still_a_follow_up_with_a_tone_warning(client):
    body = letter(
        "I'm checking in about the role. I expect a decision by Monday, otherwise I'll withdraw my application."
    )
    result = check(client, body)
    assert result["kind"] == "follow_up" and "tone" in categories(result), result


@pytest.mark.parametrize(
    "body,category,verdict",
    [
        (
            "Thanks for letting me know. Frankly, this is unacceptable after a full day of tests.",
            "tone",
            "review",
        ),
        (
            "I am writing to withdraw my application, as I have recieved another offer.",
            "proofreading",
            "review",
        ),
        (
            "I would like to withdraw my application: I have accepted a job paying £34,000 elsewhere.",
            "salary",
            "fix",
        ),
    ],
    ids=["tone", "proofreading", "salary-before-an-offer"],
)
def test_content_rules_still_apply_to_kind_other(client, body, category, verdict):
    result = check(client, letter(body))
    assert result["kind"] == "other", result
    assert category in categories(result), (body, result["warnings"])
    assert result["verdict"] == verdict, result["warnings"]


def test_choosing_the_kind_by_hand_still_overrides_detection(client):
    result = check(client, REJECTION_REPLY, kind="follow_up")
    assert result["kind"] == "follow_up"


def test_kinds_yml_without_its_errands_fails_loudly_naming_the_field(tmp_path):
    import shutil

    root = tmp_path / "pack"
    shutil.copytree(rules_root(), root)
    kinds = root / "kinds.yml"
    kinds.write_text(
        kinds.read_text(encoding="utf-8").replace("  errands:\n", "  chores:\n"), encoding="utf-8"
    )
    with pytest.raises(RulePackError) as err:
        load_pack(root)
    assert "kinds.yml" in str(err.value) and "'other'" in str(err.value), err.value


def test_a_draft_that_names_the_job_only_in_its_subject_is_dated_like_one_that_names_it_in_the_text(client):
    text = letter("Quick question: how are the weekend shifts shared out between the two venues?")
    subject = "Quick one about the coordinator job"
    assert check(client, text, subject=subject)["kind"] == "follow_up"
    assert check(client, text, subject=subject, now="2026-11-09T18:00:00+00:00")["kind"] == "thank_you"
    assert check(client, text, subject="Quick question")["kind"] == "other"


def test_a_withdrawal_to_the_recruiter_naming_the_new_employer_gets_no_greeting_or_company_slip(client):
    # Sent to HR, not to Imogen, and it names where the candidate is going on purpose.
    context = {**CONTEXT, "other_companies": ["Saltmarsh Events"]}
    withdrawal = (
        "Dear Priya,\n\nI have accepted an offer from Saltmarsh Events and will be joining them in "
        "January, so I would like to withdraw my application for the Events Coordinator role. Thank you "
        "for your time.\n\nBest wishes,\nTariq Bell"
    )
    result = check(client, withdrawal, context=context)
    assert result["kind"] == "other", result
    assert "personalisation" not in categories(result), result["warnings"]
    # The same slips in a thank-you are still caught: it goes to the interviewer, about this employer.
    thanks = check(
        client,
        "Dear Priya,\n\nThank you for the interview today. I would love to join Saltmarsh Events.\n\n"
        "Best wishes,\nTariq Bell",
        context=context,
        now="2026-11-09T15:00:00+00:00",
    )
    assert thanks["kind"] == "thank_you", thanks
    assert {"personalisation.wrong_greeting", "personalisation.other_company"} <= {
        w["rule"] for w in thanks["warnings"]
    }, thanks["warnings"]


@pytest.fixture
def phrases_only(make_app):
    return make_app(MEANING=False).test_client()


# Settled in words the lists held only in part (round seven): chat words, an adverb more, the no heard
# as news received. Five days on a thank-you would be late and a follow-up too soon, so any kind but
# other shows as timing advice.
IN_PLAIN_OR_CHAT_WORDS = {
    "chat-reschedule": "Hiya, any chance we can move it to weds? cant make tmrw as the van's in for its MOT.",
    "chat-withdrawal": "Gonna have to pull out of the coordinator job sorry, took something closer to home. "
    "Thanks for the chat tho.",
    "possible-to-move": "Thank you for the invitation to the second interview. Sadly Thursday clashes with a "
    "shift I can't swap; would it be possible to move the interview to Friday?",
    "withdrawing-two-adverbs": "Having weighed the commute, I am therefore regretfully withdrawing from "
    "consideration. Thank you for your time on Monday.",
    "no-received-as-news": "I got your email saying I had not been selected. Could you tell me which parts "
    "of the planning task let me down?",
    "rejection-letter": "I was disappointed after reading the rejection letter, but I valued the chance to "
    "meet the team.",
    "finally-letting-me-know": "Thanks for finally letting me know. A pity, but good luck with the season.",
    "letting-me-know-the-outcome": "Thank you for letting me know the outcome. Although I'm disappointed, I "
    "valued meeting the team.",
    # since round seven the phrases know it too: thanks for the next stage only, and an errand
    "references-after-thanks-for-the-invitation": "Thank you for the invitation to the panel stage. As you "
    "asked, my two referees are Ms Rhian Evans at the Guildhall and Mr Tom Pryce at Lakeside Hotels, and "
    "both expect your call.",
    "documents-long-way-round": "As you asked, please find attached a scanned copy of my food hygiene "
    "certificate and my passport.",
    # round nine: the new day asked of "it", and a weekday and time that work for the candidate
    "move-it-to-a-date": "Thank you for inviting me to the second interview on 3 December. I am rostered on "
    "nights that week; would it be possible to move it to 4 or 5 December?",
    "weekday-works-for-me": "Thanks for the invite. Wednesday at 10am at the Harbour Quay site works for me.",
    # round thirteen: the new day said as a need, after thanks for the offer of a trial day
    "need-to-change-it-to-a-date": "Thank you for offering me a trial shift on the 21st. I'm already working "
    "a wedding that day, so I'd need to change it to the 22nd or 23rd.",
}


@pytest.mark.parametrize("body", list(IN_PLAIN_OR_CHAT_WORDS.values()), ids=list(IN_PLAIN_OR_CHAT_WORDS))
def test_reschedules_withdrawals_and_rejections_in_plain_or_chat_words_get_no_timing_or_interest_advice(
    client, phrases_only, body
):
    for app in (client, phrases_only):  # the phrases know these; the layer must not undo them
        # The subject names the job, as most do: without a settled phrase such a draft is dated as a
        # thank-you or a follow-up (engine/kinds.py).
        result = check(
            app, letter(body), now="2026-11-14T10:00:00+00:00", subject="Events Coordinator interview"
        )
        assert result["kind"] == "other", (body, result)
        assert not categories(result) & KIND_ADVICE, (body, result["warnings"])


@pytest.mark.parametrize(
    "body,now,kind",
    [
        (  # the fear of a no, not the no: still a follow-up, whose timing is due
            "I haven't had an email saying I was unsuccessful, so I hope I'm still in the running. Is there "
            "any news on the role?",
            "2026-11-23T10:00:00+00:00",
            "follow_up",
        ),
        (  # thanks in words no list holds, then "I remain very interested", the same day: a thank-you
            "I wish to thank you and the panel for the chance to interview this morning. The plans for the "
            "winter market caught my imagination, and I remain very interested in the role.",
            "2026-11-09T17:00:00+00:00",
            "thank_you",
        ),
        (  # still interested and asking about the decision the next day: a follow-up, too soon
            "I remain very interested in the coordinator role and wondered when a decision is likely.",
            "2026-11-10T09:00:00+00:00",
            "follow_up",
        ),
        (  # thanks for the invitation to the interview just held: the head leaves it a thank-you
            "Thank you for inviting me to interview today. The tour of the function rooms was a highlight, "
            "and I am keen on the role.",
            "2026-11-09T17:00:00+00:00",
            "thank_you",
        ),
        (  # a later call moved inside a thank-you is not the interview moved
            "Thank you for meeting me this morning. Could we move our call to Friday? I'm keen on the role "
            "and enjoyed hearing about the winter market.",
            "2026-11-09T17:00:00+00:00",
            "thank_you",
        ),
    ],
    ids=[
        "fear-of-a-no",
        "thanks-and-the-panel-same-day",
        "still-keen-next-day",
        "thanks-for-inviting",
        "call-moved",
    ],
)
def test_look_alikes_of_the_new_phrases_keep_their_kind(client, body, now, kind):
    result = check(client, letter(body), now=now)
    assert result["kind"] == kind, (body, result)
    if kind == "follow_up":
        assert "timing" in categories(result) or now == "2026-11-23T10:00:00+00:00", result["warnings"]
    else:
        assert "timing" not in categories(result), result["warnings"]


def test_a_slot_confirmed_after_thanks_for_the_invitation_gets_no_late_thank_you_advice(client, phrases_only):
    # A day and a half after the interview thanks for it would be late; these thanks are for the next one.
    body = letter(
        "Thank you for the invitation to the final stage. I can confirm I'll be there on Thursday at 2pm "
        "with my portfolio."
    )
    result = check(client, body, now="2026-11-10T20:00:00+00:00")
    assert result["kind"] == "other", result
    assert not categories(result) & KIND_ADVICE, result["warnings"]
    # The phrases read it too: thanks for the next stage only, beside a slot confirmed.
    assert check(phrases_only, body, now="2026-11-10T20:00:00+00:00")["kind"] == "other"
    # Thanks for inviting them in yesterday are thanks for the interview, errand and all: still late.
    visit_over = letter(
        "Thank you for inviting me in yesterday. As promised, here is the portfolio of the garden weddings "
        "I mentioned, and I'm keen on the role."
    )
    for app in (client, phrases_only):
        late = check(app, visit_over, now="2026-11-10T20:00:00+00:00")
        assert late["kind"] == "thank_you", late
        assert "timing" in categories(late), late["warnings"]


# ------------------------------------------------------------------ kind by meaning (meaning/kind.py)

# Five days after the interview: a thank-you would be late and a follow-up too soon, so a message of
# either kind gets timing advice; a message of kind other gets none.
SOON = "2026-11-14T10:00:00+00:00"
# Messages that say what they are for in words kinds.yml does not list (asserted below: without the
# meaning layer the phrases read each as a thank-you or a follow-up).
IN_OTHER_WORDS = {
    "reschedule": "Thank you for inviting me back for the final round on Tuesday. Sadly I'm on a training "
    "course all that day, so might Wednesday or Thursday suit the panel instead?",
    "confirm-slot": "Thank you for inviting me to the second stage. Thursday at 11 is perfect, and I'll "
    "bring my licence and certificates along as your colleague asked.",
}


@pytest.mark.parametrize("body", list(IN_OTHER_WORDS.values()), ids=list(IN_OTHER_WORDS))
def test_a_slot_moved_or_confirmed_in_new_words_gets_no_timing_or_interest_advice(client, phrases_only, body):
    result = check(client, letter(body), now=SOON)
    assert result["kind"] == "other", result
    assert not categories(result) & KIND_ADVICE, result["warnings"]
    # Without the meaning layer the phrase lists decide, as before: degraded, never broken.
    alone = check(phrases_only, letter(body), now=SOON)
    assert alone["kind"] in ("thank_you", "follow_up"), alone


@pytest.mark.parametrize(
    "body,kind",
    [
        (
            "Thank you for the interview this morning and for explaining that second interviews will be on "
            "the 3rd. I enjoyed hearing about the winter market, and I'm keen on the role.",
            "thank_you",
        ),
        (
            "I'm writing to ask whether there is any news on the coordinator role. Since we spoke I have "
            "finished my event safety course, and I've attached the certificate. I remain very keen.",
            "follow_up",
        ),
        (
            "Thank you for considering me for the coordinator role and for showing me round the venue today. "
            "I enjoyed hearing about the winter market, and I'm keen to join the team.",
            "thank_you",
        ),
    ],
    ids=[
        "thanks-naming-the-second-interview",
        "follow-up-attaching-a-certificate",
        "grateful-to-be-considered",
    ],
)
def test_thank_yous_and_follow_ups_that_share_an_errand_s_words_keep_their_kind_and_advice(
    client, body, kind
):
    now = "2026-11-09T17:00:00+00:00" if kind == "thank_you" else SOON
    result = check(client, letter(body), now=now)
    assert result["kind"] == kind, result
    if kind == "follow_up":  # five days on: too soon to follow up, and the coach still says so
        assert "timing" in categories(result), result["warnings"]


def test_without_the_kind_head_the_phrase_lists_decide(client, monkeypatch):
    from etiquette.meaning import kind as kind_by_meaning

    monkeypatch.setattr(kind_by_meaning, "HEAD", "heads/no-such-head.json")
    result = check(client, letter(IN_OTHER_WORDS["reschedule"]), now=SOON)
    assert result["kind"] in ("thank_you", "follow_up"), result


def test_a_missing_kind_head_is_looked_for_once_not_at_every_check(client, monkeypatch):
    from etiquette.meaning import kind as kind_by_meaning

    monkeypatch.setattr(kind_by_meaning, "HEAD", "heads/kind.not-trained-yet.json")
    monkeypatch.setattr(kind_by_meaning, "_UNREADABLE", set())  # no earlier test's failures
    tried: list[str] = []
    real = kind_by_meaning.load_head

    def counting(path):
        tried.append(path)
        return real(path)

    monkeypatch.setattr(kind_by_meaning, "load_head", counting)
    for _ in range(3):
        result = check(client, letter(IN_OTHER_WORDS["reschedule"]), now=SOON)
        assert result["kind"] in ("thank_you", "follow_up"), result  # the phrases decide, as without it
    assert len(tried) == 1, tried


def test_kind_by_meaning_encodes_no_sentence_twice_in_a_check(monkeypatch):
    from etiquette.engine import check as engine_check
    from etiquette.meaning import default_layer
    from etiquette.meaning.encoder import Encoder
    from etiquette.meaning.layer import MeaningLayer

    layer = MeaningLayer(default_layer().model_dir)
    encoded: list[str] = []
    real = Encoder._job

    def counting(self, keys):
        encoded.extend(keys)
        return real(self, keys)

    monkeypatch.setattr(Encoder, "_job", counting)
    text = letter(IN_OTHER_WORDS["confirm-slot"] + " I look forward to meeting the wider team.")
    result = engine_check(text, context=CONTEXT, now=SOON, meaning=layer)
    assert result["kind"] == "other", result
    assert encoded and len(encoded) == len(set(encoded)), encoded


# ------------------------------------------------------ round twelve: other in more of its writers' words

# Each is a message of kind other whose phrases were missing from kinds.yml, so it was read as a
# thank-you (thanks for the invitation alone) or, days on and naming the job, as a follow-up.
OTHER_IN_MORE_WORDS = {
    "withdraw-so": "I've been offered a permanent post elsewhere at a better rate. That is well ahead of what "
    "we discussed, so I'm going to withdraw my application. Best of luck filling the role.",
    "answer-their-question": "In answer to your question, I could start on 7 December once my current job "
    "wraps up. My licence is current and I've attached copies.",
    "slot-moved-passive": "Thank you for inviting me to the assessment day on Thursday. I'm afraid I need to "
    "ask whether it could be moved to the following week, as I have a prior commitment that morning.",
    "slot-clashes": "Thanks for the invite to the second-stage call. Unfortunately Thursday clashes with a "
    "board meeting I'm presenting at. Would Friday morning or Monday work instead?",
}


@pytest.mark.parametrize("body", list(OTHER_IN_MORE_WORDS.values()), ids=list(OTHER_IN_MORE_WORDS))
def test_withdrawals_answers_and_slots_moved_in_more_words_are_other_by_the_phrases_alone(
    client, phrases_only, body
):
    for app in (phrases_only, client):
        result = check(app, letter(body), now=SOON)
        assert result["kind"] == "other", (body, result)
        assert not categories(result) & KIND_ADVICE, result["warnings"]


@pytest.mark.parametrize(
    "body,kind",
    [
        (  # an ultimatum says "if", not "so": still a follow-up (and tone's)
            "If I don't hear back by Friday, I'm going to withdraw my application.",
            "follow_up",
        ),
        (  # thanks for the interview itself, with a later slot moved: a thank-you, late
            "Thank you for the interview on Monday. I enjoyed hearing about the winter market. Would Friday "
            "work instead for the site visit you mentioned?",
            "thank_you",
        ),
        (  # references offered beside a question about the timescale: a follow-up, not an errand
            "Following my interview, I wondered whether you have a sense of the timescale for the next stage. "
            "If it would help, I can send contact details for two referees.",
            "follow_up",
        ),
    ],
    ids=["ultimatum", "thanks-then-a-later-slot", "timescale-and-referees"],
)
def test_look_alikes_of_round_twelve_s_phrases_keep_their_kind(client, phrases_only, body, kind):
    for app in (phrases_only, client):
        result = check(app, letter(body), now=SOON)
        assert result["kind"] == kind, (body, result)


@pytest.mark.parametrize("stage", ["rejected", "withdrawn"])
def test_after_a_rejection_or_a_withdrawal_the_tracker_knows_of_a_message_is_other(client, stage):
    # The thanks run on past the words kinds.yml reads as thanks for the news ("..., a mere six weeks"):
    # the stage says what the phrases cannot.
    body = letter(
        "Thank you for finally letting me know, a mere six weeks after the interview. I would still be "
        "interested in any feedback you are able to share."
    )
    result = check(client, body, context={**CONTEXT, "stage": stage})
    assert result["kind"] == "other", result
    assert not categories(result) & KIND_ADVICE, result["warnings"]


# ------------------------------------- the firmness of a decision is not pressure (params.spare_decided)

DECIDED = letter(
    "Thank you for your time last week. I must withdraw from consideration, as I have accepted another "
    "position."
)


def test_a_firm_withdrawal_in_a_message_of_kind_other_is_not_read_as_a_demand(client):
    result = check(client, DECIDED)
    assert result["kind"] == "other", result
    assert "tone" not in categories(result), result["warnings"]
    assert result["verdict"] == "ready", result


def test_the_same_sentence_checked_as_a_follow_up_is_still_judged_by_the_tone_heads(client):
    # Spared only in a message of kind other: chosen by hand as a follow-up, the firm sentence is read
    # as the head reads it ("I must ..." to the employer in a nudge is pressure).
    result = check(client, DECIDED, kind="follow_up")
    assert "tone.reads_as_demand" in {w["rule"] for w in result["warnings"]}, result["warnings"]


# ------------------------------------------------- round thirteen: more withdrawals, answers and errands

# Messages of kind other in words kinds.yml lacked: withdrawals that thank the employer, a note after a
# rejection that keeps in touch, an offer answered, references asked for, another day asked for.
OTHER_IN_ROUND_THIRTEEN_WORDS = {
    "withdrawing-myself": "Thank you for your time at the interview. After some thought I am withdrawing "
    "myself from consideration, as the commute would not work for my family.",
    "decided-not-to-proceed": "Thank you for the interview on the 9th and for showing me round. I have decided "
    "not to proceed with my application, as I have chosen to stay in my current role.",
    "accept-elsewhere": "Thanks again for your time. I've decided to accept a position with another company, "
    "so please take my name out of the running.",
    "job-offer-from": "I wanted to let you know that I have accepted a job offer from another firm. Thank you "
    "for meeting me, and best of luck with the launch.",
    "stay-connected": "Thank you for considering me for the role. I'd love to stay connected, and I hope our "
    "paths cross again.",
    "sorry-post-filled": "Thank you for the interview and for your call. I was sorry to hear the position "
    "has been filled, but I enjoyed meeting the team.",
    "delighted-to-accept": "I am delighted to accept the role and look forward to starting in January. "
    "Please let me know what you need from me before then.",
    "decline-the-role": "After careful thought I must respectfully decline the role, as the hours would not "
    "suit my family. Thank you for your time and your patience.",
    "references-asked": "Thank you for letting me know that the panel would like references. My former "
    "manager has agreed to be contacted, and I am waiting for one more confirmation.",
    "come-instead": "I have received your invitation to the on-site interview and I am happy to come. "
    "Unfortunately I have an audit that day. Would it be possible to come on the 12th instead?",
}


@pytest.mark.parametrize(
    "body", list(OTHER_IN_ROUND_THIRTEEN_WORDS.values()), ids=list(OTHER_IN_ROUND_THIRTEEN_WORDS)
)
def test_withdrawals_offer_replies_and_errands_in_round_thirteen_s_words_are_other(
    client, phrases_only, body
):
    for app in (phrases_only, client):
        for now in (SOON, NOW):
            result = check(app, letter(body), now=now)
            assert result["kind"] == "other", (body, now, result)
            assert not categories(result) & KIND_ADVICE, result["warnings"]


@pytest.mark.parametrize(
    "body,kind",
    [
        (  # the decision only supposed: a follow-up (GUIDELINES.md's assumption rules read the guess)
            "I presume the panel has chosen someone else. If that is so, I understand the decision. I wanted "
            "to check in on the status of my application.",
            "follow_up",
        ),
        (  # a withdrawal threatened on a condition is an ultimatum in a follow-up
            "I have not heard back since the interview. If I don't hear by Friday, I will be withdrawing my "
            "name from consideration.",
            "follow_up",
        ),
        (  # the employer's decision guessed, with "you" deciding: not the candidate's own decision
            "I haven't heard back, so I assume you've decided not to proceed with my application.",
            "follow_up",
        ),
        (  # keeping in touch and references beside thanks for the interview: a thank-you
            "Thank you for meeting me today. You mentioned you would need two references by Friday, and I'd "
            "love to stay in touch with your events team as the launch comes together.",
            "thank_you",
        ),
    ],
    ids=["supposed-decision", "conditional-withdrawal", "guessed-decision", "thanks-with-references"],
)
def test_look_alikes_of_round_thirteen_s_phrases_keep_their_kind(client, phrases_only, body, kind):
    for app in (phrases_only, client):
        result = check(app, letter(body), now=SOON if kind == "thank_you" else NOW)
        assert result["kind"] == kind, (body, result)
