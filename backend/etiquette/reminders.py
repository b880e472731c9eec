"""Add to calendar: the next step ("You can follow up from Tue 8 Dec") as an iCalendar (.ics) event.

One event on the day of the next step, at 09:00 in the time zone of the interview (else of "now"),
written in UTC so every calendar puts it at the same moment. The text says which application and what
to send, and links nothing: no URL, no address outside this machine (RFC 5545 §3.8.4.6 URL is left out).
Built with the ``icalendar`` library (README: libraries).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

REMIND_AT = time(9, 0)  # a quiet hour to write an email
DURATION = timedelta(minutes=15)
WHAT = {"thank_you": "your thank-you", "follow_up": "your follow-up"}


class NoReminder(Exception):
    """There is no dated next step to put in a calendar (no interview date, or nothing left to send)."""


def _application(context: dict) -> str:
    position, company = context.get("position"), context.get("company")
    if position and company:
        return f"{position} at {company}"
    return position or company or "your application"


def reminder_event(context: dict, step: dict | None, now: datetime, interview_id: int | None = None) -> dict:
    """When and what the reminder says, before it becomes iCalendar text.

    :raise NoReminder: the step has no day, or is not something to send."""
    if not step or not step.get("date") or step.get("action") not in WHAT:
        raise NoReminder("There is no dated next step to remind you of: set the interview date first.")
    zone = (context.get("interview_at") or now).tzinfo or UTC
    day = datetime.fromisoformat(step["date"]).date()
    start = datetime.combine(day, REMIND_AT, tzinfo=zone)
    if step["action"] == "thank_you" and context.get("interview_at") is not None:
        # A thank-you is due within a day: remind a little before the deadline, not at 09:00 after it.
        due = context["interview_at"] + timedelta(hours=24)
        start = min(due - timedelta(hours=2), start)
    if start < now:  # "you can follow up now": remind at the next quarter hour, not in the past
        soon = now + timedelta(minutes=15)
        start = soon.replace(minute=(soon.minute // 15) * 15, second=0, microsecond=0)
    application = _application(context)
    who = context.get("interviewer")
    summary = f"Send {WHAT[step['action']]}: {application}"
    about = (
        f"your application for {application}"
        if context.get("position") or context.get("company")
        else application
    )
    lines = [
        f"What to send: {WHAT[step['action']]}" + (f" to {who}" if who else "") + f", about {about}.",
        f"{step['message']}." if not step["message"].endswith(".") else step["message"],
        step.get("reason") or "",
        "Write it in your mail with the etiquette panel open: it checks the draft on this computer.",
    ]
    uid_key = f"interview-{interview_id}" if interview_id else "draft"
    return {
        "summary": summary,
        "description": "\n".join(line for line in lines if line),
        "start": start,
        "end": start + DURATION,
        "uid": f"{uid_key}-{step['action']}-{day.isoformat()}@follow-up-etiquette",
    }


def reminder_ics(context: dict, step: dict | None, now: datetime, interview_id: int | None = None) -> bytes:
    """The reminder as an .ics file (one VEVENT with a display alarm at its start).

    :raise NoReminder: nothing dated to remind of."""
    from icalendar import Alarm, Calendar, Event

    event_data = reminder_event(context, step, now, interview_id)
    cal = Calendar()
    cal.add("prodid", "-//Follow-up Etiquette//reminder//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", event_data["uid"])
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", event_data["start"].astimezone(UTC))
    event.add("dtend", event_data["end"].astimezone(UTC))
    event.add("summary", event_data["summary"])
    event.add("description", event_data["description"])
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", event_data["summary"])
    alarm.add("trigger", timedelta(0))
    event.add_component(alarm)
    cal.add_component(event)
    return cal.to_ical()


def filename(step: dict, interview_id: int | None = None) -> str:
    """A file name that says what it is: follow-up-2026-12-08.ics."""
    what = step["action"].replace("_", "-")
    return f"{what}-{step['date']}" + (f"-interview-{interview_id}" if interview_id else "") + ".ics"


def reminder_for(context: dict, now=None, interview_id: int | None = None, pack=None) -> tuple[bytes, str]:
    """The .ics of the next step for this context (the request's, or the tracker's), and a file name;
    ``pack`` is the rule pack whose thresholds decide the step (the process's by default).

    :raise NoReminder: no dated next step (no interview date, an offer, nothing left to send)."""
    from .engine import _context, check
    from .engine.when import aware

    now_dt = aware(now) or datetime.now(UTC).astimezone()
    step = check("", kind="auto", context=context, now=now_dt, pack=pack)["next_step"]
    body = reminder_ics(_context(context), step, now_dt, interview_id)
    return body, filename(step, interview_id)
