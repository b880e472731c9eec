"""Times in the API: ISO 8601 strings or datetimes; a time without an offset is the server's local time.

Only years 1970 to 2100 are times at all here (``etiquette/date_window.py`` says why): a date outside
them is treated as no date, so no arithmetic below can overflow and no check can raise on a date.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from ..date_window import in_range


def aware(value) -> datetime | None:
    """A timezone-aware datetime, or None for anything that is not a time in 1970-2100 (never raises)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime.combine(value, time(0, 0))
    elif isinstance(value, str):
        try:
            dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    if not in_range(dt):
        return None
    try:
        return dt if dt.tzinfo else dt.astimezone()
    except (OverflowError, OSError, ValueError):  # a platform without local-time data that far out
        return None


def decision_deadline(value, tz) -> datetime | None:
    """The end of the decision date: a follow-up on that day is still early; the next day is welcome."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            return None
        if not in_range(day):
            return None
        return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=tz)
    return aware(value)


def decision_day(value, tz) -> datetime | None:
    """The date the employer gave, for saying it back ("they would decide by Fri 27 Nov")."""
    deadline = decision_deadline(value, tz)
    if deadline is not None and isinstance(value, str) and len(value.strip()) == 10:
        return deadline - timedelta(days=1)
    return deadline


def day_label(dt: datetime) -> str:
    """'Tue 2 Dec' — short, unambiguous in UK and US English alike."""
    return f"{dt:%a} {dt.day} {dt:%b}"


def same_day_or_later(now: datetime, moment: datetime) -> bool:
    """Whether ``now`` falls on ``moment``'s calendar day or after it (in ``now``'s time zone).

    A wait ends on a day, not at a minute: on the day it ends the advice to wait is gone, so no message
    ever says "wait until" today."""
    return now.date() >= moment.astimezone(now.tzinfo).date()


def ago(then: datetime, now: datetime) -> str:
    """How long ago ``then`` was, as a person says it: "3 hours ago", "yesterday", "2 days ago",
    "last Tuesday", "10 days ago", "3 weeks ago" (calendar days in ``now``'s time zone)."""
    then = then.astimezone(now.tzinfo)
    days = (now.date() - then.date()).days
    if days <= 0:
        hours = int((now - then).total_seconds() // 3600)
        if hours < 1:
            return "less than an hour ago"
        return f"{hours} hour{'s' if hours != 1 else ''} ago"
    if days == 1:
        return "yesterday"
    if days <= 5:
        return f"{days} days ago"
    if days <= 7:
        return f"last {then:%A}"
    if days < 21:
        return f"{days} days ago"
    return f"{days // 7} weeks ago"


def last_contact(context) -> tuple:
    """The latest of the interview and every message sent since, with what it was."""
    candidates = [(context.get("interview_at"), "your interview")]
    candidates += [(t, "your last follow-up") for t in context.get("previous_follow_ups") or []]
    if context.get("last_message_at") is not None:
        candidates.append((context["last_message_at"], "your last message"))
    candidates = [c for c in candidates if c[0] is not None]
    return max(candidates, key=lambda c: c[0]) if candidates else (None, "")
