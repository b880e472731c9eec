"""The years every date in the API, the tracker and the engine must fall in: 1970 to 2100.

An interview in year 1 or 9999 is a typo, and the arithmetic the timing advice does (a day later, a
week later, in local time) overflows at the edges of what ``datetime`` holds. The schemas refuse such
dates with a 422 (:func:`range_problem` says why) and the engine treats any that still reach it (from
Python, or a hand-edited database) as no date at all. 2100 leaves room for any real decision date.
No imports from the package: the schemas and the engine both use this.
"""

from __future__ import annotations

from datetime import date, datetime

FIRST_YEAR = 1970
LAST_YEAR = 2100
RANGE_MESSAGE = f"Dates must be between {FIRST_YEAR} and {LAST_YEAR}."


def in_range(value) -> bool:
    """Whether a date or datetime falls in the years the checker works with (1970-2100)."""
    return isinstance(value, date) and FIRST_YEAR <= value.year <= LAST_YEAR


def parse_iso(value: str) -> date | None:
    """An ISO 8601 date (``2026-12-01``) or date-time (with ``Z`` or an offset, or none); None otherwise."""
    text = value.strip()
    if len(text) == 10:
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def range_problem(value) -> str | None:
    """What is wrong with a date a user gave (not ISO 8601, or outside 1970-2100), or None when it is fine."""
    parsed = parse_iso(value) if isinstance(value, str) else value
    if not isinstance(parsed, date):
        return "Not an ISO 8601 date or date-time (e.g. 2026-12-01 or 2026-11-24T10:00)."
    if not in_range(parsed):
        return RANGE_MESSAGE
    return None
