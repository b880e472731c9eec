"""Add to calendar: the next step as an .ics event, from the API and the CLI, read back with icalendar."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone

import icalendar
import pytest

CONTEXT = {
    "interview_at": "2026-11-24T10:00:00+01:00",
    "company": "Acme Analytics",
    "position": "Data Engineer",
    "interviewer": "Siobhan O'Donnell",
    "thank_you_sent": True,
}
PARIS = timezone(timedelta(hours=1))


def event_of(body: bytes):
    cal = icalendar.Calendar.from_ical(body)
    events = cal.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def test_the_follow_up_day_is_in_the_calendar_at_nine_in_the_interviews_time_zone(client):
    r = client.post("/api/v1/reminder", json={"context": CONTEXT, "now": "2026-11-26T12:00:00+01:00"})
    assert r.status_code == 200 and r.mimetype == "text/calendar"
    assert r.headers["Content-Disposition"] == 'attachment; filename="follow-up-2026-12-01.ics"'
    event = event_of(r.data)
    start = event.decoded("dtstart")
    assert start.tzinfo is not None and start.astimezone(PARIS) == datetime(2026, 12, 1, 9, 0, tzinfo=PARIS)
    assert event.decoded("dtend") - start == timedelta(minutes=15)
    # It says which application and what to send, and links nothing.
    text = str(event["summary"]) + "\n" + str(event["description"])
    assert "Data Engineer at Acme Analytics" in text and "your follow-up to Siobhan O'Donnell" in text
    assert "http" not in r.data.decode() and "www." not in r.data.decode()
    assert event.walk("VALARM"), "a reminder pops up at the start"


def test_a_thank_you_is_reminded_before_its_deadline_not_after(client):
    ctx = {k: v for k, v in CONTEXT.items() if k != "thank_you_sent"}
    r = client.post("/api/v1/reminder", json={"context": ctx, "now": "2026-11-24T12:00:00+01:00"})
    event = event_of(r.data)
    start = event.decoded("dtstart").astimezone(PARIS)
    assert start == datetime(2026, 11, 25, 8, 0, tzinfo=PARIS)  # two hours before 24 h are up
    assert "Send your thank-you" in str(event["summary"])


def test_nothing_dated_is_a_clear_422(client):
    r = client.post("/api/v1/reminder", json={"context": {"company": "Acme"}})
    assert r.status_code == 422 and r.get_json()["error"]["code"] == "no_next_step"


def test_a_tracked_interview_has_its_reminder_at_its_own_address(client):
    headers = {}  # a local client without an Origin, as curl (an extension pairs first: tests/test_pairing.py)
    made = client.post(
        "/api/v1/interviews",
        json={
            "company": "Acme Analytics",
            "position": "Data Engineer",
            "interview_at": "2026-11-24T10:00:00+00:00",
        },
        headers=headers,
    )
    assert made.status_code == 201, made.get_json()
    iid = made.get_json()["id"]
    client.post(
        f"/api/v1/interviews/{iid}/messages",
        json={"kind": "thank_you", "sent_at": "2026-11-24T15:00:00+00:00"},
        headers=headers,
    )
    r = client.get(f"/api/v1/interviews/{iid}/reminder.ics?now=2026-11-26T09:00:00%2B00:00", headers=headers)
    assert r.status_code == 200, r.data
    event = event_of(r.data)
    assert event.decoded("dtstart") == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert str(event["uid"]).startswith(f"interview-{iid}-follow_up-2026-12-01@")
    assert client.get("/api/v1/interviews/999/reminder.ics", headers=headers).status_code == 404


def test_the_cli_writes_the_same_event(tmp_path):
    db = str(tmp_path / "t.sqlite3")

    def run(*a):
        return subprocess.run(
            [sys.executable, "-m", "etiquette", *a, "--db", db],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )

    added = run(
        "interviews",
        "add",
        "--company",
        "Acme Analytics",
        "--position",
        "Data Engineer",
        "--at",
        "2026-11-16T10:00:00+00:00",
    )
    assert added.returncode == 0, added.stderr
    done = run("interviews", "remind", "1", "--now", "2026-11-18T09:00:00+00:00")
    assert done.returncode == 0, done.stderr
    path = tmp_path / "follow-up-2026-11-23-interview-1.ics"
    assert path.name in done.stdout and path.exists()
    event = event_of(path.read_bytes())
    assert event.decoded("dtstart") == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert "Data Engineer at Acme Analytics" in str(event["summary"])
    assert run("interviews", "remind", "1", "--now", "yesterday").returncode == 2
    assert run("interviews", "remind", "7").returncode == 1


@pytest.mark.parametrize("zone_hours", [-8, 0, 5.5, 13])
def test_the_day_holds_in_every_time_zone(client, zone_hours):
    zone = timezone(timedelta(hours=zone_hours))
    interview = datetime(2026, 11, 24, 23, 30, tzinfo=zone)
    ctx = {**CONTEXT, "interview_at": interview.isoformat()}
    r = client.post(
        "/api/v1/reminder", json={"context": ctx, "now": (interview + timedelta(days=2)).isoformat()}
    )
    start = event_of(r.data).decoded("dtstart").astimezone(zone)
    assert (start.date().isoformat(), start.hour) == ("2026-12-01", 9)
