"""What the candidate can do next, and when: "You can follow up from Tue 2 Dec", with the reason.

The next step agrees with the timing warnings of the same answer: a thank-you draft is never told to
follow up, and a wait that ends today is over (``same_day_or_later``)."""

from __future__ import annotations

from datetime import timedelta

from .when import day_label, decision_day, decision_deadline, last_contact, same_day_or_later


def _a_day(hours: int) -> str:
    return "a day" if hours == 24 else f"{hours} hours"


def _a_week(days: int) -> str:
    return "A week" if days == 7 else f"{days} days"


def _step(action, date, message, reason):
    return {
        "action": action,
        "date": date.date().isoformat() if date else None,
        "message": message,
        "reason": reason,
    }


def next_step(state) -> dict | None:
    """The one thing to do next for this interview, or None without an interview date.

    Its thresholds are the timing and persistence rules' own params (``Pack.thresholds``), so what it
    says and what those rules warn about move together."""
    ctx, now = state.context, state.now
    limits = state.pack.thresholds
    thank_you_window = timedelta(hours=limits.thank_you_hours)
    interview = ctx.get("interview_at")
    if interview is None or ctx.get("stage") in ("offer", "rejected", "withdrawn"):
        return None
    follow_ups = ctx.get("previous_follow_ups") or []
    if len(follow_ups) >= limits.follow_up_limit:
        return _step(
            "wait",
            None,
            "Wait for them to reply",
            f"You have already sent {len(follow_ups)} follow-ups; another could feel like pressure.",
        )
    thanked = ctx.get("thank_you_sent") or follow_ups or ctx.get("last_message_at")
    if state.kind == "thank_you" or (
        not thanked and state.kind != "follow_up" and now - interview <= thank_you_window
    ):
        due = (interview + thank_you_window).astimezone(now.tzinfo)
        if now <= due:
            return _step(
                "thank_you",
                due,
                f"Send your thank-you by {day_label(due)}, {due:%H:%M}",
                f"A thank-you within {_a_day(limits.thank_you_hours)} of the interview shows interest "
                "while they still remember you.",
            )
        return _step(
            "thank_you",
            now,
            "Send your thank-you today",
            "A late thank-you still counts: it shows you valued their time.",
        )
    deadline = decision_deadline(ctx.get("decision_by"), now.tzinfo)
    after_deadline = [t for t in follow_ups if deadline is not None and t >= deadline]
    if deadline is not None and not after_deadline:
        earliest = deadline
        said = day_label(decision_day(ctx.get("decision_by"), now.tzinfo))
        reason = (
            f"They said they would decide by {said}; "
            "following up once that day has passed respects their timeline."
        )
    else:
        when, what = (max(after_deadline), "your last follow-up") if after_deadline else last_contact(ctx)
        earliest = when + timedelta(days=limits.follow_up_days)
        since = day_label(when.astimezone(now.tzinfo))
        reason = f"{_a_week(limits.follow_up_days)} after {what} ({since}) gives them time to decide."
    if same_day_or_later(now, earliest):
        return _step("follow_up", now, "You can follow up now", reason)
    earliest = earliest.astimezone(now.tzinfo)
    return _step("follow_up", earliest, f"You can follow up from {day_label(earliest)}", reason)
