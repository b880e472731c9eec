"""Dates an employer gave in the message being replied to (etiquette.thread_dates, POST /api/v1/extract-dates).

Every sentence is read as written on Monday 23 November 2026 at 09:12 (the quoted message's own date),
never today: "Friday" is Fri 27 Nov, "next Friday" Fri 4 Dec, "the end of next week" Fri 4 Dec.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
from etiquette.thread_dates import extract_dates, find_header

SENT = datetime(2026, 11, 23, 9, 12)  # a Monday

# (sentence, expected decision_by)
DECISIONS = [
    ("We hope to decide by Friday.", "2026-11-27"),
    ("We hope to make a decision by next Friday.", "2026-12-04"),
    ("We'll be in touch by the end of next week.", "2026-12-04"),
    ("We expect to reach a decision by the end of the week.", "2026-11-27"),
    ("We will let you know by 4 December.", "2026-12-04"),
    ("We will let you know by December 4th.", "2026-12-04"),
    ("You'll hear from us by Friday 4th December at the latest.", "2026-12-04"),
    ("We aim to give feedback by 04/12/2026.", "2026-12-04"),  # British order: the header decides below
    ("We'll get back to you within two weeks.", "2026-12-07"),
    ("We should have a decision within 5 working days.", "2026-11-30"),
    ("The panel will make a decision next week.", "2026-12-04"),
    ("We're hoping to finalise things by the 11th.", "2026-12-11"),
    ("I'll update you on Thursday once the panel has met.", "2026-11-26"),
    ("Expect an answer from us early next week.", "2026-12-01"),
    ("We will decide by the end of the month.", "2026-11-30"),
    ("We hope to be in touch by Wednesday 2 December with the outcome.", "2026-12-02"),
    ("We'll confirm the outcome by 5pm on Friday.", "2026-11-27T17:00:00"),
    ("We plan to make our selection in two weeks' time.", "2026-12-07"),
    ("Interviews finish this week and we will let you know by Friday next week.", "2026-12-04"),
    ("We'll come back to you by mid next week.", "2026-12-02"),
    ("We're aiming to get back to all candidates by Wednesday 9 December.", "2026-12-09"),
    ("You should hear from us within the next 10 working days.", "2026-12-07"),
    ("We'll make a final decision on Thursday.", "2026-11-26"),
    ("We expect to have news for you by mid-December.", "2026-12-15"),
    ("We'll let you know either way by close of business on Friday.", "2026-11-27"),
    (
        "Hi Jordan, thanks for coming in yesterday. The salary band is on the sheet. We hope to decide by Friday!!!",
        "2026-11-27",
    ),
]

# (sentence, expected interview_at)
INTERVIEWS = [
    ("See you on Tuesday at 10.", "2026-11-24T10:00:00"),
    (
        "Could you come in for a second interview on Thursday 3rd December at 2pm GMT?",
        "2026-12-03T14:00:00+00:00",
    ),
    ("Your final round is booked for 10:30am EST on Dec. 8.", "2026-12-08T10:30:00-05:00"),
    (
        "We'd like to invite you to a second interview on December 2, 2026 at 3:00 PM PST.",
        "2026-12-02T15:00:00-08:00",
    ),
    ("Shall we schedule a call for tomorrow at 4pm?", "2026-11-24T16:00:00"),
    ("The panel interview is next Wednesday at 9:30.", "2026-12-02T09:30:00"),
    ("Let's speak on Friday at noon CET.", "2026-11-27T12:00:00+01:00"),
    ("I have booked you a slot on 1 December at 14:00.", "2026-12-01T14:00:00"),
    ("Can you do a call on Monday at 3pm BST?", "2026-11-30T15:00:00+01:00"),
    ("Could you come in on Thursday at 2.30pm?", "2026-11-26T14:30:00"),
    ("Let's chat on Friday 4 December at 11am (GMT).", "2026-12-04T11:00:00+00:00"),
]

# Sentences that give no date for either purpose.
NO_DATE = [
    "We'll be in touch soon.",
    "May I ask you to send two references?",
    "We decided last Friday to reopen the role.",
    "We can't decide by Friday, sorry.",
    "We won't be able to give feedback until after Christmas.",
    "Our office is at 10 Downing Street, on the second floor.",
    "Thanks for coming in on Thursday, it was great to meet you.",
    "Happy Friday!",
    "We interviewed five candidates this week.",
    "Our offsite is on the 12th, so the office will be quiet.",
    "The team does code reviews every Tuesday.",
    "Please find the job description attached.",
    "We hope to decide shortly.",
    "See you soon!",
    "The March release went out on time.",
]


@pytest.mark.parametrize("sentence,expected", DECISIONS)
def test_decision_dates_are_read_relative_to_the_message(sentence, expected):
    got = extract_dates(sentence, SENT)
    assert got["decision_by"] == expected, (sentence, got)
    assert got["interview_at"] is None, (sentence, got)
    ev = [e for e in got["evidence"] if e["field"] == "decision_by"]
    assert ev and sentence[ev[0]["offset"] : ev[0]["offset"] + ev[0]["length"]] == ev[0]["excerpt"]


@pytest.mark.parametrize("sentence,expected", INTERVIEWS)
def test_interview_times_are_read_with_their_zone(sentence, expected):
    got = extract_dates(sentence, SENT)
    assert got["interview_at"] == expected, (sentence, got)
    ev = [e for e in got["evidence"] if e["field"] == "interview_at"]
    assert ev and sentence[ev[0]["offset"] : ev[0]["offset"] + ev[0]["length"]] == ev[0]["excerpt"]


@pytest.mark.parametrize("sentence", NO_DATE)
def test_sentences_without_a_date_for_either_purpose_give_none(sentence):
    got = extract_dates(sentence, SENT)
    assert (got["decision_by"], got["interview_at"], got["evidence"]) == (None, None, []), (sentence, got)


def test_at_least_thirty_realistic_sentences_are_covered():
    assert len(DECISIONS) + len(INTERVIEWS) >= 25 and len(DECISIONS) + len(INTERVIEWS) + len(NO_DATE) >= 40


HEADERS = [
    # Gmail (en-US), Yahoo, Outlook's Sent line, Gmail (en-GB), and the translated Gmail headers.
    ("On Mon, Nov 23, 2026 at 9:12 AM Siobhan O'Donnell <siobhan@acme.example> wrote:", "MDY"),
    ("On Monday, November 23, 2026, 09:12:07 AM GMT, Siobhan O'Donnell <s@acme.example> wrote:", "MDY"),
    (
        "From: Siobhan O'Donnell <s@acme.example>\nSent: Monday, November 23, 2026 9:12 AM\nTo: Jordan Lee\n"
        "Subject: Data Engineer interview",
        "MDY",
    ),
    ("On Mon, 23 Nov 2026 at 09:12, Siobhan <s@acme.example> wrote:", "DMY"),
    ("El lun, 23 nov 2026 a las 9:12, Siobhan (<s@acme.example>) escribió:", "DMY"),
    ("Le lun. 23 nov. 2026 à 09:12, Siobhan <s@acme.example> a écrit :", None),
    ("Am Mo., 23. Nov. 2026 um 09:12 Uhr schrieb Siobhan <s@acme.example>:", "DMY"),
    ("Em seg., 23 de nov. de 2026 às 09:12, Siobhan <s@acme.example> escreveu:", None),
    ("Il giorno lun 23 nov 2026 alle ore 09:12 Siobhan <s@acme.example> ha scritto:", None),
    ("Op ma 23 nov 2026 om 09:12 schreef Siobhan <s@acme.example>:", "DMY"),
    ("W dniu pon., 23 lis 2026 o 09:12 Siobhan <s@acme.example> napisał(a):", "DMY"),
    ("Siobhan <s@acme.example> 于2026年11月23日周一 09:12写道：", None),
    ("发件人: Siobhan\n发送时间: 2026年11月23日 9:12\n收件人: Jordan", None),
]


@pytest.mark.parametrize("header,order", HEADERS)
def test_the_quote_header_gives_the_day_relative_words_are_read_from(header, order):
    when, _span, got_order = find_header(header)
    assert when is not None and when.date() == SENT.date(), header
    if order:
        assert got_order == order, header
    got = extract_dates(header + "\n\nWe hope to decide by Friday.")
    assert got["decision_by"] == "2026-11-27", header
    assert got["sent_at"].startswith("2026-11-23")


def test_relative_words_follow_the_message_date_never_today():
    a = extract_dates("We hope to decide by Friday.", datetime(2026, 11, 23, 9, 0))
    b = extract_dates("We hope to decide by Friday.", datetime(2026, 11, 30, 9, 0))
    assert (a["decision_by"], b["decision_by"]) == ("2026-11-27", "2026-12-04")
    # Without any date for the message, a relative word cannot be placed: none, rather than a guess.
    assert extract_dates("We hope to decide by Friday.")["decision_by"] is None
    # A date that names its year needs no message date.
    assert extract_dates("We will let you know by 4 December 2026.")["decision_by"] == "2026-12-04"


def test_day_order_of_numeric_dates_follows_the_header_style():
    us = "On Mon, Nov 23, 2026 at 9:12 AM Siobhan <s@acme.example> wrote:\nWe will decide by 12/4."
    uk = "On Mon, 23 Nov 2026 at 09:12, Siobhan <s@acme.example> wrote:\nWe will decide by 4/12."
    assert extract_dates(us)["decision_by"] == "2026-12-04"
    assert extract_dates(uk)["decision_by"] == "2026-12-04"
    # A day above 12 settles the order whatever the header says.
    assert extract_dates("We will decide by 12/14.", SENT)["decision_by"] == "2026-12-14"


def test_a_yahoo_header_zone_applies_to_an_interview_time_without_one():
    text = (
        "On Monday, November 23, 2026, 09:12:07 AM GMT, Siobhan <s@acme.example> wrote:\n\n"
        "Could you come in on Tuesday at 10?"
    )
    assert extract_dates(text)["interview_at"] == "2026-11-24T10:00:00+00:00"


def test_only_the_latest_message_of_a_nested_quote_is_read():
    text = (
        "On Mon, Nov 23, 2026 at 9:12 AM Siobhan <s@acme.example> wrote:\nThanks for your note.\n\n"
        "On Fri, Nov 20, 2026 at 4:00 PM Jordan <j@x.example> wrote:\nI can decide by Friday."
    )
    got = extract_dates(text)
    assert got["decision_by"] is None and got["sent_at"].startswith("2026-11-23")


def test_header_lines_are_never_read_as_dates_of_the_message():
    text = (
        "From: Siobhan <s@acme.example>\nSent: Monday, November 23, 2026 9:12 AM\nTo: Jordan\n"
        "Subject: Interview on Tuesday at 10\n\nThanks again."
    )
    got = extract_dates(text)
    assert (got["decision_by"], got["interview_at"]) == (None, None)


def test_evidence_offsets_are_code_points_of_the_text():
    text = "🎉🎉 Great news! We hope to decide by Friday."
    got = extract_dates(text, SENT)
    ev = got["evidence"][0]
    assert text[ev["offset"] : ev["offset"] + ev["length"]] == ev["excerpt"] == "decide by Friday"


@pytest.mark.parametrize(
    "sent",
    [
        datetime(1, 1, 1),
        datetime(9999, 12, 31, 23, 59),
        datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=14))),
    ],
)
def test_messages_dated_at_the_calendar_edges_never_fail(sent):
    text = "We will decide by the end of next week, and see you tomorrow at 10am EST. Next Friday, then."
    got = extract_dates(text, sent)
    assert set(got) == {"decision_by", "interview_at", "evidence", "sent_at"}


def test_api_extract_dates(client):
    r = client.post(
        "/api/v1/extract-dates",
        json={
            "text": "On Mon, Nov 23, 2026 at 9:12 AM Siobhan <s@acme.example> wrote:\nWe hope to decide by Friday."
        },
    )
    assert r.status_code == 200
    body = r.get_json()
    assert body["decision_by"] == "2026-11-27" and body["interview_at"] is None
    assert body["evidence"][0]["excerpt"] == "decide by Friday"
    r = client.post(
        "/api/v1/extract-dates", json={"text": "See you Tuesday at 10am.", "sent_at": "2026-11-23T09:12:00Z"}
    )
    assert r.get_json()["interview_at"] == "2026-11-24T10:00:00+00:00"


def test_api_extract_dates_validates(client):
    assert client.post("/api/v1/extract-dates", json={}).status_code == 422
    assert client.post("/api/v1/extract-dates", json={"text": "x" * 20001}).status_code == 422
    assert client.post("/api/v1/extract-dates", json={"text": "hi", "sent_at": "soon"}).status_code == 422
    assert client.post("/api/v1/extract-dates", data="text=hi").status_code == 415


def test_cli_dates_reads_a_pasted_quote(tmp_path):
    f = tmp_path / "quote.txt"
    f.write_text(
        "On Mon, Nov 23, 2026 at 9:12 AM Siobhan <s@acme.example> wrote:\nWe hope to decide by Friday.\n",
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, "-m", "etiquette", "dates", str(f), "--json"], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["decision_by"] == "2026-11-27"
    out = subprocess.run(
        [sys.executable, "-m", "etiquette", "dates", "-"],
        input="Happy Friday!",
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0 and "decision by: -" in out.stdout
