"""Every date the tracker and the check take, fuzzed: years 1 to 9999, every offset, dates that are not
dates. No endpoint answers 500, a date outside 1970-2100 is a 422 that names its field, and
``etiquette.check`` never raises on any date it is given (issue 11: year 1 or 9999 once stored with 201
and then made every later check of that interview a 500).
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from datetime import date, datetime, timedelta, timezone

import etiquette
import pytest
from etiquette.app import create_app
from etiquette.date_window import in_range, parse_iso
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=60, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
JSON = {"Content-Type": "application/json"}
DRAFT = "Hi Sam, I wanted to follow up on my application and ask whether there is any news. Best, Jo"

offsets = st.builds(lambda m: timezone(timedelta(minutes=m)), st.integers(-(24 * 60 - 1), 24 * 60 - 1))
moments = st.datetimes(
    min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59), timezones=st.none() | offsets
)
EDGES = [
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00:00",
    "9999-12-31T23:59:59.999999",
    "9999-12-31T23:59:59+23:59",
    "0001-01-01T00:00:00-23:59",
    "9999-12-31T23:59:59-23:59",
    "0001-01-01T00:00:00+23:59",
    "1970-01-01T00:00:00+14:00",
    "1969-12-31T23:59:59Z",
    "2100-12-31T23:59:59-14:00",
    "2101-01-01",
    "1970-01-01",
    "2100-12-31",
    "2026-11-24T10:00:00Z",
]
# What a client can put where a date goes: real times of any year and offset, plain dates, the edges of
# what datetime holds, and things that are not dates at all.
date_values = st.one_of(
    moments.map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(EDGES),
    st.text(max_size=30),
    st.integers(),
    st.none(),
    st.booleans(),
    st.floats(allow_nan=False),
)


def is_good(value) -> bool:
    """The value is an ISO date(-time) within 1970-2100: the API must take it."""
    if not isinstance(value, str):
        return False
    parsed = parse_iso(value)
    return parsed is not None and in_range(parsed)


_client = None


def client():
    global _client
    if _client is None:
        _client = create_app({"DATABASE": tempfile.mkdtemp(prefix="etq-dates-") + "/t.sqlite3"}).test_client()
    return _client


def post(path, body, method="POST"):
    reply = client().open(path, method=method, data=json.dumps(body), headers=JSON)
    assert reply.status_code != 500, (path, body, reply.get_data()[:300])
    assert reply.is_json, (path, reply.get_data()[:300])
    return reply


def interview(**fields) -> int:
    reply = post("/api/v1/interviews", {"company": "Acme", **fields})
    assert reply.status_code == 201, reply.get_json()
    return reply.get_json()["id"]


def assert_fits_or_names(reply, value, *field_path):
    """200/201 for a good date; otherwise a 422 whose 'fields' reaches the field that was wrong."""
    if is_good(value) or value is None:
        assert reply.status_code in (200, 201), (value, reply.get_json())
        return
    if field_path == ("decision_by",) and value in ("",):
        return
    assert reply.status_code == 422, (value, reply.get_json())
    fields = reply.get_json()["error"]["fields"]
    for name in field_path:
        assert name in fields, (field_path, fields)
        fields = fields[name]


CONTEXT_DATES = ["interview_at", "decision_by", "last_message_at"]


@FUZZ
@given(field=st.sampled_from(CONTEXT_DATES), value=date_values)
def test_any_context_date_in_a_check_is_answered_or_named_never_a_500(field, value):
    reply = post("/api/v1/check", {"text": DRAFT, "context": {field: value}, "now": "2026-12-01T10:00:00Z"})
    if field == "decision_by" and isinstance(value, str) and len(value) > 40:
        assert reply.status_code == 422
        return
    assert_fits_or_names(reply, value, "context", field)


@FUZZ
@given(values=st.lists(date_values, min_size=1, max_size=4))
def test_any_previous_follow_up_dates_are_answered_or_refused_never_a_500(values):
    reply = post(
        "/api/v1/check",
        {"text": DRAFT, "context": {"interview_at": "2026-11-01T10:00:00Z", "previous_follow_ups": values}},
    )
    assert reply.status_code in (200, 422)
    if all(is_good(v) for v in values):
        assert reply.status_code == 200, reply.get_json()
    else:
        assert (
            reply.status_code == 422
            and "previous_follow_ups" in reply.get_json()["error"]["fields"]["context"]
        )


@FUZZ
@given(now=date_values, interview_at=moments.map(lambda d: d.isoformat()))
def test_any_now_is_answered_or_named_never_a_500(now, interview_at):
    reply = post(
        "/api/v1/check", {"text": DRAFT, "now": now, "context": {"interview_at": "2026-11-01T10:00:00Z"}}
    )
    assert_fits_or_names(reply, now, "now")
    reply = post("/api/v1/templates/follow_up/render", {"context": {"interview_at": interview_at}})
    assert_fits_or_names(reply, interview_at, "context", "interview_at")


@FUZZ
@given(
    field=st.sampled_from(["interview_at", "decision_by"]),
    value=date_values,
    now=moments.map(lambda d: d.isoformat()),
)
def test_any_stored_interview_date_then_any_check_never_a_500(field, value, now):
    reply = post("/api/v1/interviews", {"company": "Acme", field: value})
    if field == "decision_by" and isinstance(value, str) and len(value) > 40:
        assert reply.status_code == 422
        return
    assert_fits_or_names(reply, value, field)
    interview_id = reply.get_json()["id"] if reply.status_code == 201 else interview()
    patched = post(f"/api/v1/interviews/{interview_id}", {field: value}, method="PATCH")
    assert_fits_or_names(patched, value, field)
    for path, body in [
        ("/api/v1/check", {"text": DRAFT, "interview_id": interview_id, "now": now}),
        ("/api/v1/templates/follow_up/render", {"interview_id": interview_id}),
    ]:
        reply = post(path, body)
        assert reply.status_code in (200, 422), reply.get_json()  # 422 only for a `now` outside the window


@FUZZ
@given(sent_at=date_values, kind=st.sampled_from(["thank_you", "follow_up", "other"]))
def test_any_message_time_then_any_check_never_a_500(sent_at, kind):
    interview_id = interview(interview_at="2026-11-20T10:00:00Z", decision_by="2026-11-27")
    reply = post(f"/api/v1/interviews/{interview_id}/messages", {"kind": kind, "sent_at": sent_at})
    assert_fits_or_names(reply, sent_at, "sent_at")
    assert client().get(f"/api/v1/interviews/{interview_id}/messages").status_code == 200
    assert post("/api/v1/check", {"text": DRAFT, "interview_id": interview_id}).status_code == 200


@FUZZ
@given(sent_at=date_values)
def test_any_sent_at_for_extract_dates_is_answered_or_named(sent_at):
    reply = post(
        "/api/v1/extract-dates", {"text": "We will decide by Friday 4 December.", "sent_at": sent_at}
    )
    assert_fits_or_names(reply, sent_at, "sent_at")


@FUZZ
@given(
    field=st.sampled_from(
        [
            "interview_at",
            "decision_by",
            "created_at",
            "updated_at",
            "sent_at",
            "message_created_at",
            "exported_at",
        ]
    ),
    value=date_values,
)
def test_any_date_in_an_import_file_is_taken_or_refused_by_the_schema(field, value):
    from etiquette.tracker.schemas import ExportSchema
    from marshmallow import ValidationError

    message = {"uid": "m1", "kind": "follow_up", "sent_at": "2026-11-25T10:00:00Z"}
    item = {"uid": "i1", "company": "Acme", "stage": "interviewed", "messages": [message]}
    doc = {"format": "follow-up-etiquette", "version": 1, "interviews": [item]}
    if field == "message_created_at":
        message["created_at"] = value
    elif field in ("sent_at",):
        message[field] = value
    elif field == "exported_at":
        doc[field] = value
    else:
        item[field] = value
    try:
        ExportSchema().load(doc)
    except ValidationError:
        taken = False
    else:
        taken = True
    if field == "decision_by" and value == "":
        return
    assert taken == (is_good(value) or (value is None and field != "sent_at")), (field, value)


# ------------------------------------------------------------------------------------- etiquette.check

any_time = st.one_of(
    moments,
    st.dates(),
    date_values,
    st.just(datetime.max),
    st.just(datetime.min),
    st.just(datetime.max.replace(tzinfo=timezone(timedelta(hours=-23, minutes=-59)))),
    st.just(datetime.min.replace(tzinfo=timezone(timedelta(hours=23, minutes=59)))),
)


@FUZZ
@given(
    interview_at=any_time,
    decision_by=any_time,
    last=any_time,
    now=any_time,
    follow_ups=st.lists(any_time, max_size=3) | any_time,
    kind=st.sampled_from(["auto", "thank_you", "follow_up"]),
    thanked=st.none() | st.booleans(),
)
def test_etiquette_check_never_raises_on_any_date(
    interview_at, decision_by, last, now, follow_ups, kind, thanked
):
    context = {
        "interview_at": interview_at,
        "decision_by": decision_by,
        "last_message_at": last,
        "previous_follow_ups": follow_ups,
        "thank_you_sent": thanked,
        "stage": "interviewed",
    }
    for text in (DRAFT, "Thank you for the interview today; I am keen on the role."):
        result = etiquette.check(text, kind=kind, context=context, now=now)
        assert result["verdict"] in ("ready", "review", "fix")


def test_dates_at_the_limits_of_python_give_advice_without_dates_rather_than_a_crash():
    far = {
        "interview_at": datetime(9999, 12, 31, 23, 59),
        "decision_by": "9999-12-31",
        "previous_follow_ups": [datetime(1, 1, 1)],
        "last_message_at": date(9999, 12, 31),
    }
    result = etiquette.check(DRAFT, kind="follow_up", context=far, now=datetime(9999, 12, 31, 23, 59, 59))
    assert not [w for w in result["warnings"] if w["category"] == "timing"]
    assert result["next_step"] is None


def test_a_database_from_before_the_window_still_checks(tmp_path, make_app):
    """A file written by an older version can hold year 1 or 9999: the check ignores those dates."""
    app = make_app(DATABASE=str(tmp_path / "t.sqlite3"))
    c = app.test_client()
    interview_id = c.post(
        "/api/v1/interviews", json={"company": "Acme", "interview_at": "2026-11-20T10:00:00Z"}
    ).get_json()["id"]
    c.post(
        f"/api/v1/interviews/{interview_id}/messages",
        json={"kind": "follow_up", "sent_at": "2026-11-28T10:00:00Z"},
    )
    with sqlite3.connect(tmp_path / "t.sqlite3") as db:
        db.execute("UPDATE interviews SET interview_at = '9999-12-31T23:59:00', decision_by = '9999-12-31'")
        db.execute(
            "INSERT INTO messages (interview_id, kind, sent_at, created_at) VALUES (?, 'follow_up', "
            "'0001-01-01T00:00:00', '2026-11-28T10:00:00+00:00')",
            (interview_id,),
        )
    for path, body in [
        ("/api/v1/check", {"text": DRAFT, "interview_id": interview_id}),
        ("/api/v1/templates/follow_up/render", {"interview_id": interview_id}),
    ]:
        assert c.post(path, json=body).status_code == 200, path
    assert c.get(f"/api/v1/interviews/{interview_id}/messages").status_code == 200


@pytest.mark.parametrize(
    "option, value",
    [
        ("--interview-at", "9999-12-31T23:59"),
        ("--now", "0001-01-01T00:00"),
        ("--decision-by", "9999-12-31"),
        ("--interview-at", "tuesday"),
    ],
)
def test_the_cli_says_one_line_and_exits_2_on_a_bad_date(option, value):
    import subprocess
    import sys

    r = subprocess.run(
        [sys.executable, "-m", "etiquette", "check", "-", option, value],
        input="Thank you",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2 and r.stdout == ""
    # The sub-command's usage, then one message line (the convention of tests/test_cli_errors.py).
    assert r.stderr.startswith("usage: etiquette check "), r.stderr
    message = [line for line in r.stderr.splitlines() if line.startswith("etiquette check: error:")]
    assert len(message) == 1 and option in message[0] and value in message[0], r.stderr
    assert "Traceback" not in r.stderr


def test_dates_read_from_a_message_are_proposed_only_inside_the_window():
    from etiquette.thread_dates import extract_dates

    assert extract_dates("We will decide by 31 December 9999.")["decision_by"] is None
    assert extract_dates("Interview on 3 March 2150 at 10am.")["interview_at"] is None
    both = extract_dates("We will decide by 31 December 9999, or at the latest by 4 December 2026.")
    assert both["decision_by"] == "2026-12-04"


def test_a_stored_time_that_does_not_parse_still_lists_and_checks(tmp_path, make_app):
    app = make_app(DATABASE=str(tmp_path / "t.sqlite3"))
    c = app.test_client()
    interview_id = c.post("/api/v1/interviews", json={"company": "Acme"}).get_json()["id"]
    c.post(f"/api/v1/interviews/{interview_id}/messages", json={"kind": "other"})
    with sqlite3.connect(tmp_path / "t.sqlite3") as db:
        db.execute("UPDATE messages SET sent_at = 'last tuesday'")
        db.execute("UPDATE interviews SET interview_at = 'soon', decision_by = 'whenever'")
    assert c.get(f"/api/v1/interviews/{interview_id}/messages").status_code == 200
    assert c.post("/api/v1/check", json={"text": DRAFT, "interview_id": interview_id}).status_code == 200


@FUZZ
@given(now=date_values, interview_at=moments.map(lambda d: d.isoformat()))
def test_any_now_or_interview_date_for_a_calendar_reminder_never_a_500(now, interview_at):
    reply = client().post(
        "/api/v1/reminder",
        data=json.dumps({"context": {"interview_at": interview_at}, "now": now}),
        headers=JSON,
    )
    assert reply.status_code in (200, 422), reply.get_data()[:300]
    if reply.status_code == 200:
        assert is_good(interview_at) and (now is None or is_good(now))
    interview_id = interview(interview_at="2026-11-20T10:00:00Z")
    reply = client().get(
        f"/api/v1/interviews/{interview_id}/reminder.ics",
        query_string={} if now is None else {"now": str(now)},
    )
    assert reply.status_code in (200, 422), reply.get_data()[:300]
    if not is_good(str(now)) and now is not None:
        assert reply.status_code == 422


def test_a_reminder_from_an_older_database_with_year_9999_is_no_traceback(tmp_path, make_app):
    import subprocess
    import sys

    db = tmp_path / "t.sqlite3"
    c = make_app(DATABASE=str(db)).test_client()
    interview_id = c.post(
        "/api/v1/interviews", json={"company": "Acme", "interview_at": "2026-11-20T10:00:00Z"}
    ).get_json()["id"]
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE interviews SET interview_at = '9999-12-31T23:59:00'")
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "etiquette",
            "interviews",
            "remind",
            str(interview_id),
            "--out",
            "-",
            "--db",
            str(db),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in r.stderr and r.returncode in (0, 1), r.stderr
    assert c.get(f"/api/v1/interviews/{interview_id}/reminder.ics").status_code in (200, 422)
