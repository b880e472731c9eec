"""The dates an employer already gave in their own message: when they will decide, when the interview is.

The candidate's reply quotes the employer's last message ("We hope to decide by Friday", "see you on
Tuesday at 10"). This module reads that quoted text -- never the candidate's draft, and never for
warnings -- and answers the decision date and interview time it states, each with the words that say
so, for the panel to *propose*. Relative words are resolved against the quoted message's own date (the
request's ``sent_at``, else its "On ... wrote:" / "Sent:" line), never against today: a quote read a
week later still means the Friday after it was written.

Only sentences that say what the date is for count (a cue such as "decide", "be in touch", "interview",
"see you"), so a date in a signature, an address or a sentence about something else is not taken.
``dateparser`` parses absolute dates, times with zones and the header line in ten languages; the
week arithmetic ("next Friday", "end of next week") is ours, because its readings of those differ from
how an employer means them (see tests/test_thread_dates.py).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta

from .date_window import in_range

# The UI languages of the header line ("On ... wrote:") that we read; the sentences themselves are English.
HEADER_LANGUAGES = ("en", "es", "fr", "de", "pt", "it", "nl", "pl", "zh", "ja")

# The reply header each webmail writes above a quoted message, per language: the date sits between the
# opening words and the closing ones. Gmail / Yahoo ("On <date>, <name> wrote:") and their translations
# as those webmails render them; Outlook writes a "Sent:" (or "Date:") line in its From/Sent/To block.
_ATTRIBUTION = [
    ("en", r"On\s+(?P<d>.{6,120}?)\s+wrote:"),
    ("es", r"El\s+(?P<d>.{6,120}?)\s+escribió:"),
    ("fr", r"Le\s+(?P<d>.{6,120}?)\s+a\s+écrit\s*:"),
    ("de", r"Am\s+(?P<d>.{6,120}?)\s+schrieb\b[^\n]{0,200}?:"),
    ("pt", r"Em\s+(?P<d>.{6,120}?)\s+escreveu:"),
    ("it", r"Il\s+(?:giorno\s+)?(?P<d>.{6,120}?)\s+ha\s+scritto:"),
    ("nl", r"Op\s+(?P<d>.{6,120}?)\s+schreef\b[^\n]{0,200}?:"),
    ("pl", r"(?:W\s+dniu\s+)?(?P<d>.{6,120}?)\s+napisał(?:\(a\))?:"),
    ("zh", r"于\s*(?P<d>.{6,60}?)\s*写道[:：]"),
    ("ja", r"(?P<d>\d{4}年\d{1,2}月\d{1,2}日.{0,40}?)\s+\S.{0,200}?:\s*$"),
]
_SENT_LINE = (
    r"^[ \t>]*(?:Sent|Date|Enviado|Envoyé|Gesendet|Enviada|Inviato|Verzonden|Wysłano|Wysłane|"
    r"发送时间|日期|送信日時|日時)\s*[:：]\s*(?P<d>[^\n]{6,120})$"
)
_HEADER_RES = [re.compile(p, re.M) for _, p in _ATTRIBUTION] + [re.compile(_SENT_LINE, re.M | re.I)]
# Other lines of Outlook's header block: never sentences of the message.
_HEADER_FIELD = re.compile(
    r"^[ \t>]*(?:From|To|Cc|Subject|De|Para|Asunto|À|Objet|Von|An|Betreff|Assunto|Da|A|Oggetto|"
    r"Van|Aan|Onderwerp|Od|Do|Temat|发件人|收件人|主题|差出人|宛先|件名)\s*[:：][^\n]*$",
    re.M,
)

# The end of the date part of a header: its last time of day (with a zone, when it has one), else its year.
_ZONE = r"(?:GMT|UTC|BST|IST|CET|CEST|EET|EEST|WET|WEST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|AEST|AEDT|JST|KST|HKT|SGT)"
_OFFSET = r"(?:[+-]\d{2}:?\d{2}|(?:GMT|UTC)[+-]\d{1,2}(?::?\d{2})?)"
_HEADER_TIME = re.compile(
    r"\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*(?:[AaPp]\.?[Mm]\.?|Uhr|h))?(?:\s*(?:" + _OFFSET + "|" + _ZONE + r"))?"
)
_HEADER_YEAR = re.compile(r"\d{4}(?:年\d{1,2}月\d{1,2}日)?")

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)day"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORD = r"(?:st|nd|rd|th)?"
_SMALL_NUMBERS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a couple of": 2,
    "couple of": 2,
    "a few": None,
    "few": None,
}

# Date words inside a sentence. Each alternative is a named group so resolution knows what it holds.
_DATE = re.compile(
    r"\b(?:"
    # "Fri 4 Dec", "Friday, 4th December 2026", "4 December", "the 4th of December"
    r"(?P<dmy>(?:"
    + _WEEKDAY
    + r"|(?:mon|tue|wed|thu|fri|sat|sun)\.?),?\s+)?(?:the\s+)?\d{1,2}"
    + _ORD
    + r"(?:\s+of)?\s+"
    + _MONTH
    + r"(?:,?\s+\d{4})?"
    # "December 4th", "Friday, December 4, 2026", "Dec. 4"
    r"|(?P<mdy>(?:" + _WEEKDAY + r",?\s+)?" + _MONTH + r"\s+\d{1,2}" + _ORD + r"\b(?:,?\s+\d{4})?)"
    # 04/12/2026, 4/12, 2026-12-04
    r"|(?P<numeric>\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?)"
    # "end of next week", "the end of the month", "close of business Friday"
    r"|(?P<period>(?:the\s+)?(?:end|close|middle|start|beginning)\s+of\s+(?:this|the|next)\s+(?:week|month)"
    r"|(?:early|mid|late|later)[\s-]+(?:this|next)\s+week|(?:this|next)\s+week)"
    # "mid-December", "early January", "the end of December"
    r"|(?P<month_part>(?:early|mid|late|the\s+end\s+of|end\s+of)[\s-]+" + _MONTH + r")"
    # "next Friday", "this coming Tuesday", "Friday next week", "on Friday"
    r"|(?P<weekday>(?:(?:this\s+coming|this|next|coming|the\s+following)\s+)?"
    + _WEEKDAY
    + r"(?:\s+next\s+week|\s+week)?)"
    # "the 12th"
    r"|(?P<nth>the\s+\d{1,2}(?:st|nd|rd|th))"
    r"|(?P<day>today|tonight|tomorrow|end\s+of\s+(?:the\s+)?day|close\s+of\s+business|end\s+of\s+play|eod|cob)"
    # "in two weeks", "within 10 working days"
    r"|(?P<span>(?:in|within)\s+(?:the\s+next\s+)?(?:\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"a\s+couple\s+of|couple\s+of)\s+(?:working\s+|business\s+)?(?:days?|weeks?))"
    r")\b",
    re.I,
)

_TIME = re.compile(
    r"(?:\b(?:at|from|for|by)\s+)?\b(?:(?P<noon>noon|midday)|(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ampm>[ap]\.?m\b\.?)?)"
    r"(?:\s*(?P<zone>\(?(?:" + _OFFSET + "|" + _ZONE + r")\)?))?",
    re.I,
)

# What a sentence says the date is for. Each list is matched as whole words, case-insensitively.
DECISION_CUES = [
    r"decide",
    r"deciding",
    r"decision",
    r"get back to",
    r"come back to",
    r"revert",
    r"be in touch",
    r"get in touch",
    r"let you know",
    r"hear (?:back )?from (?:us|me)",
    r"update you",
    r"an update",
    r"feedback",
    r"the outcome",
    r"finali[sz]e",
    r"make (?:a|an|our) (?:offer|choice|selection|hire)",
    r"confirm (?:the|our|a) (?:outcome|decision|next steps)",
    r"next steps",
    r"an answer",
    r"news",
]
INTERVIEW_CUES = [
    r"interview",
    r"interviews",
    r"see you",
    r"meet",
    r"meeting",
    r"call",
    r"chat",
    r"speak",
    r"talk",
    r"join us",
    r"come in",
    r"visit",
    r"second round",
    r"final round",
    r"first round",
    r"panel",
    r"assessment",
    r"slot",
    r"booked",
    r"scheduled",
    r"invite you",
]
_DECISION = re.compile(r"\b(?:" + "|".join(DECISION_CUES) + r")\b", re.I)
_INTERVIEW = re.compile(r"\b(?:" + "|".join(INTERVIEW_CUES) + r")\b", re.I)
_NEGATED = re.compile(
    r"\b(?:not|unable|cannot|can't|won't|wont|don't|isn't|aren't|unlikely|until after)\b|n't\b", re.I
)
# Words before a date that make it a deadline ("by Friday") rather than an appointment ("on Friday").
_DEADLINE = re.compile(
    r"\b(?:by|before|no later than|until|till|within|in|end of|at the latest)\s*(?:the\s+)?$", re.I
)


def _dateparser():
    import dateparser  # imported on first use: it takes a second to load its language data

    return dateparser


def _parse(text: str, base: datetime | None, languages=("en",), date_order: str | None = None):
    settings = {"PREFER_DATES_FROM": "future", "STRICT_PARSING": False}
    if base is not None:
        settings["RELATIVE_BASE"] = base.replace(tzinfo=None)
    if date_order:
        settings["DATE_ORDER"] = date_order
    try:
        return _dateparser().parse(text, languages=list(languages), settings=settings)
    except (ValueError, OverflowError, TypeError):
        return None


def find_header(text: str) -> tuple[datetime | None, tuple[int, int] | None, str | None]:
    """The quoted message's own date from its reply header: (when, (start, end) of the header, day order).

    The day order is "DMY" or "MDY" as the header writes its date (23 Nov vs Nov 23), else None.
    """
    best = None
    for rx in _HEADER_RES:
        m = rx.search(text)
        if m and (best is None or m.start() < best.start()):
            best = m
    if best is None:
        return None, None, None
    raw = best.group("d")
    raw = re.sub(r"<[^>]*>|\([^)]*@[^)]*\)", " ", raw)
    cut = None
    for tm in _HEADER_TIME.finditer(raw):
        cut = tm.end()
    if cut is None:
        years = list(_HEADER_YEAR.finditer(raw))
        cut = years[-1].end() if years else len(raw)
    stamp = re.sub(r"\s+", " ", raw[:cut]).strip(" ,")
    stamp = re.sub(
        r"\s+at\s+(?=\d)|\s+um\s+(?=\d)|\s+à\s+(?=\d)|\s+a\s+las\s+(?=\d)|\s+às\s+(?=\d)|\s+alle\s+(?=\d)|\s+om\s+(?=\d)|\s+o\s+(?=\d)",
        " ",
        stamp,
    )
    stamp = re.sub(r"(?<=\d)\s*Uhr\b", "", stamp)
    when = _parse(stamp, None, HEADER_LANGUAGES)
    order = None
    if re.search(r"\d{1,2}\.?\s+[^\W\d_]{3,}", stamp) and not re.search(
        r"[^\W\d_]{3,}\.?\s+\d{1,2}\b(?!:)", stamp
    ):
        order = "DMY"
    elif re.search(
        r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b", stamp, re.I
    ):
        order = "MDY"
    return when, (best.start(), best.end()), order


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _weekday_index(word: str) -> int:
    w = word.lower()[:3]
    return ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].index(w)


def _add_working_days(d: date, n: int) -> date:
    while n > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


def _resolve(m: re.Match, base: datetime, order: str | None) -> date | None:
    """The calendar day a date expression means, written on ``base``; None when it means none."""
    phrase = re.sub(r"\s+", " ", m.group(0).lower())
    today = base.date()
    if m.group("weekday"):
        wd = _weekday_index(re.search(_WEEKDAY, phrase).group(0))
        if phrase.startswith("next ") or phrase.endswith("next week") or phrase.startswith("the following "):
            return _monday(today) + timedelta(days=7 + wd)
        ahead = (wd - today.weekday()) % 7
        if phrase.startswith("this ") and not phrase.startswith("this coming"):
            return today + timedelta(days=ahead)
        return today + timedelta(days=ahead or 7)
    if m.group("period"):
        nxt = "next" in phrase
        if "month" in phrase:
            y, mo = (
                (today.year + (today.month == 12), today.month % 12 + 1) if nxt else (today.year, today.month)
            )
            last = calendar.monthrange(y, mo)[1]
            if phrase.endswith("month") and re.search(r"\b(?:middle)\b", phrase):
                return date(y, mo, 15)
            if re.search(r"\b(?:start|beginning)\b", phrase):
                return date(y, mo, 7) if nxt else None
            return date(y, mo, last)
        monday = _monday(today) + timedelta(days=7 if nxt else 0)
        if re.search(r"\b(?:start|beginning|early)\b", phrase):
            day = monday + timedelta(days=1)
        elif re.search(r"\b(?:mid|middle)\b", phrase):
            day = monday + timedelta(days=2)
        else:  # "end of", "late", "this week", "next week": by the end of that working week
            day = monday + timedelta(days=4)
        return day if day >= today else None
    if m.group("month_part"):
        names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        mo = names.index(re.search(_MONTH, phrase).group(0)[:3]) + 1
        y = today.year + (mo < today.month)
        day = (
            7
            if phrase.startswith("early")
            else 15
            if phrase.startswith("mid")
            else calendar.monthrange(y, mo)[1]
        )
        return date(y, mo, day)
    if m.group("day"):
        return today + timedelta(days=1) if phrase == "tomorrow" else today
    if m.group("span"):
        n_m = re.search(
            r"\d+|a couple of|couple of|a|one|two|three|four|five|six|seven|eight|nine|ten",
            phrase[3:] if phrase.startswith("in ") else phrase[7:],
        )
        n = int(n_m.group(0)) if n_m.group(0).isdigit() else _SMALL_NUMBERS.get(n_m.group(0))
        if not n:
            return None
        if "week" in phrase:
            return today + timedelta(weeks=n)
        return (
            _add_working_days(today, n)
            if re.search(r"working|business", phrase)
            else today + timedelta(days=n)
        )
    if m.group("nth"):
        n = int(re.search(r"\d+", phrase).group(0))
        y, mo = today.year, today.month
        for _ in range(3):
            if n <= calendar.monthrange(y, mo)[1] and date(y, mo, n) >= today:
                return date(y, mo, n)
            y, mo = (y + (mo == 12), mo % 12 + 1)
        return None
    text = m.group(0)
    if m.group("numeric") and re.fullmatch(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?", text):
        a, b = (int(x) for x in text.split("/")[:2])
        day_first = order != "MDY" if (a <= 12 and b <= 12) else a > 12
        text_order = "DMY" if day_first else "MDY"
        parsed = _parse(text, base, date_order=text_order)
    else:
        parsed = _parse(re.sub(r"\bthe\b|\bof\b", " ", text, flags=re.I), base, date_order=order)
    return parsed.date() if parsed else None


def _time_near(sentence: str, start: int, end: int):
    """A time of day written next to the date at sentence[start:end] (within a few words): (time, zone, span)."""
    best = None
    for tm in _TIME.finditer(sentence):
        if tm.group("h") is None and tm.group("noon") is None:
            continue
        if tm.group("h") is not None:
            # A bare number is a time only with "at", a colon, am/pm or a zone ("on the 4th at 10", "10:30").
            if not (
                tm.group("m")
                or tm.group("ampm")
                or tm.group("zone")
                or re.match(r"\s*at\b", tm.group(0), re.I)
            ):
                continue
            if tm.start("h") >= start and tm.end("h") <= end:
                continue  # a digit of the date itself
        gap = start - tm.end() if tm.end() <= start else tm.start() - end
        if gap < 0 or gap > 30:
            continue
        if best is None or gap < best[0]:
            best = (gap, tm)
    if best is None:
        return None
    tm = best[1]
    if tm.group("noon"):
        hour, minute = 12, 0
    else:
        hour, minute = int(tm.group("h")), int(tm.group("m") or 0)
        ampm = (tm.group("ampm") or "").lower().replace(".", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        elif not ampm and 1 <= hour <= 7:
            hour += 12  # "at 2" in an invitation means the afternoon
    if hour > 23 or minute > 59:
        return None
    zone = (tm.group("zone") or "").strip("() ") or None
    return time(hour, minute), zone, (tm.start(), tm.end())


def _zone_info(zone: str | None, base: datetime):
    if not zone:
        return base.tzinfo
    parsed = _parse("12:00 " + zone, base)
    return parsed.tzinfo if parsed is not None and parsed.tzinfo is not None else base.tzinfo


def _combine(day: date, at: time, zone: str | None, base: datetime) -> str | None:
    try:
        return datetime.combine(day, at, tzinfo=_zone_info(zone, base)).isoformat()
    except (OverflowError, ValueError):
        return None


def _sentences(text: str):
    """(start, sentence) for each sentence of ``text``."""
    start = 0
    for m in re.finditer(r"(?<=[.!?])(?<!a\.m\.)(?<!p\.m\.)\s+(?=[A-Z\"'“(])|\n\s*\n|\n(?=\s*[-*•])", text):
        yield start, text[start : m.start()]
        start = m.end()
    yield start, text[start:]


def _cue_before(sentence: str, pos: int, rx: re.Pattern) -> re.Match | None:
    """The nearest cue of ``rx`` to ``pos`` in the sentence (before it preferred)."""
    before = [c for c in rx.finditer(sentence) if c.end() <= pos]
    if before:
        return before[-1]
    after = [c for c in rx.finditer(sentence) if c.start() >= pos]
    return after[0] if after else None


def extract_dates(text: str, sent_at: datetime | None = None) -> dict:
    """The decision date and interview time the employer's message states, with the words that say so.

    ``sent_at`` is when they wrote it (relative words are resolved from it); when None, the quote's own
    header line gives it, and without either only dates that name their year are read. Offsets count
    code points of ``text``. Never raises on any text.
    """
    header_at, header_span, order = find_header(text)
    base = sent_at or header_at
    out = {
        "decision_by": None,
        "interview_at": None,
        "evidence": [],
        "sent_at": base.isoformat() if base is not None else None,
    }
    body_start, body_end = 0, len(text)
    if header_span is not None:
        # The message is what follows its header, up to the next (older) quoted message.
        if header_span[0] < 200 or not text[: header_span[0]].strip():
            body_start = header_span[1]
        else:
            body_end = header_span[0]
        rest = text[body_start:body_end]
        later = [rx.search(rest) for rx in _HEADER_RES]
        later = [m.start() for m in later if m and m.start() > 0]
        if later:
            body_end = body_start + min(later)
    body = text[body_start:body_end]
    masked = _HEADER_FIELD.sub(lambda m: " " * len(m.group(0)), body)
    reference = base if base is not None else datetime(1, 1, 1)
    for s_start, sentence in _sentences(masked):
        if not sentence.strip():
            continue
        found = list(_DATE.finditer(sentence))
        for i, dm in enumerate(found):
            if (
                dm.group("day")
                and i + 1 < len(found)
                and found[i + 1].start() - dm.end() <= 6
                and not dm.group(0).lower().startswith(("today", "tonight", "tomorrow"))
            ):
                continue  # "close of business on Friday": Friday is the day
            if base is None and not re.search(r"\d{4}", dm.group(0)):
                continue  # relative words need the day the message was written
            try:
                day = _resolve(dm, reference, order)
            except (OverflowError, ValueError):
                continue  # a message dated at the edge of the calendar (year 1 or 9999): nothing to propose
            if day is None or (base is not None and day < base.date()):
                continue
            if not in_range(day):
                continue  # the tracker takes 1970-2100 only (date_window.py): never propose what it refuses
            decision = _cue_before(sentence, dm.start(), _DECISION)
            interview = _cue_before(sentence, dm.start(), _INTERVIEW)
            near = _time_near(sentence, dm.start(), dm.end())
            # "by Friday", and "by 5pm on Friday" where the time comes first.
            deadline = bool(
                _DEADLINE.search(sentence[: dm.start()])
                or (
                    near is not None
                    and near[2][1] <= dm.start()
                    and re.match(r"\s*(?:by|before)\b", sentence[near[2][0] : near[2][1]], re.I)
                )
            )
            field = None
            if decision and (
                not interview
                or deadline
                or abs(decision.start() - dm.start()) <= abs(interview.start() - dm.start())
            ):
                field = "decision_by"
                cue = decision
            elif interview and near is not None:
                field = "interview_at"
                cue = interview
            if field is None or out[field] is not None:
                continue
            lo, hi = sorted((cue.end(), dm.start()))
            if _NEGATED.search(sentence[lo:hi]) or _NEGATED.search(
                sentence[max(0, cue.start() - 20) : cue.start()]
            ):
                continue
            span_lo, span_hi = min(cue.start(), dm.start()), max(cue.end(), dm.end())
            if field == "interview_at":
                at, zone, (t0, t1) = near
                span_lo, span_hi = min(span_lo, t0), max(span_hi, t1)
                value = _combine(day, at, zone, reference)
            else:
                value = day.isoformat()
                if near is not None and deadline:
                    at, zone, (t0, t1) = near
                    span_lo, span_hi = min(span_lo, t0), max(span_hi, t1)
                    value = _combine(day, at, zone, reference)
            if value is None:
                continue
            out[field] = value
            offset = body_start + s_start + span_lo
            excerpt = text[offset : body_start + s_start + span_hi]
            out["evidence"].append(
                {"field": field, "offset": offset, "length": len(excerpt), "excerpt": excerpt}
            )
    return out
