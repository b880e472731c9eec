"""What the candidate can do next, and when: "You can follow up from Tue 2 Dec", with the reason.

The next step agrees with the timing warnings of the same answer: a thank-you draft is never told to
follow up, and a wait that ends today is over (``same_day_or_later``)."""

from __future__ import annotations

from datetime import timedelta

from .when import day_label, decision_day, decision_deadline, last_contact, same_day_or_later

FOLLOW_UP_GAP = timedelta(days=7)
THANK_YOU_WINDOW = timedelta(hours=24)


def follow_up_limit(pack) -> int:
    """How many follow-ups already sent make another one unwelcome: the persistence rule's own
    threshold (shared-rules/rules/persistence/follow_ups_sent.yml), so timing and the next step agree."""
    try:
        return int(pack.by_id("persistence.follow_ups_sent").params.get("at_least", 2))
    except KeyError:
        return 2


def _step(action, date, message, reason):
    return {
        "action": action,
        "date": date.date().isoformat() if date else None,
        "message": message,
        "reason": reason,
    }


def next_step(state) -> dict | None:
    """The one thing to do next for this interview, or None without an interview date."""
    ctx, now = state.context, state.now
    interview = ctx.get("interview_at")
    if interview is None or ctx.get("stage") in ("offer", "rejected", "withdrawn"):
        return None
    follow_ups = ctx.get("previous_follow_ups") or []
    if len(follow_ups) >= follow_up_limit(state.pack):
        return _step(
            "wait",
            None,
            "Wait for them to reply",
            f"You have already sent {len(follow_ups)} follow-ups; another could feel like pressure.",
        )
    thanked = ctx.get("thank_you_sent") or follow_ups or ctx.get("last_message_at")
    if state.kind == "thank_you" or (
        not thanked and state.kind != "follow_up" and now - interview <= THANK_YOU_WINDOW
    ):
        due = (interview + THANK_YOU_WINDOW).astimezone(now.tzinfo)
        if now <= due:
            return _step(
                "thank_you",
                due,
                f"Send your thank-you by {day_label(due)}, {due:%H:%M}",
                "A thank-you within a day of the interview shows interest while they still remember you.",
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
        earliest = when + FOLLOW_UP_GAP
        reason = f"A week after {what} ({day_label(when.astimezone(now.tzinfo))}) gives them time to decide."
    if same_day_or_later(now, earliest):
        return _step("follow_up", now, "You can follow up now", reason)
    earliest = earliest.astimezone(now.tzinfo)
    return _step("follow_up", earliest, f"You can follow up from {day_label(earliest)}", reason)
