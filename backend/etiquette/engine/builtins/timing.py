"""Timing from the interview, the last message and the decision date the employer gave."""

from __future__ import annotations

from datetime import timedelta

from ..when import ago, day_label, decision_day, decision_deadline, last_contact, same_day_or_later


def thank_you_late(rule, state):
    interview = state.context.get("interview_at")
    if interview is None:
        return
    elapsed = state.now - interview
    if elapsed > timedelta(hours=rule.params.hours):
        yield 0, 0, rule.say(when=ago(interview, state.now)), list(rule.suggestions)


def follow_up_too_soon(rule, state):
    ctx = state.context
    interview = ctx.get("interview_at")
    if interview is None:
        return
    if _persistence_speaks(state) != rule.params.after_limit:
        return  # below the limit this rule names a date; at it, its sibling says "too soon" without one
    deadline = decision_deadline(ctx.get("decision_by"), state.now.tzinfo)
    if deadline is not None:
        if not same_day_or_later(state.now, deadline):
            return  # the decision-date rule speaks for this case
        # After the date they gave, a follow-up is welcome even inside the week — unless one was
        # already sent after that date.
        sent_since = [t for t in ctx.get("previous_follow_ups") or [] if t >= deadline]
        if not sent_since:
            return
        when, what = max(sent_since), "your last follow-up"
    else:
        when, what = last_contact(ctx)
    if when is None:
        return
    # The sibling at the limit waits as long as this rule does (one source: Pack.thresholds).
    days = state.pack.thresholds.follow_up_days if rule.params.after_limit else rule.params.days
    earliest = when + timedelta(days=days)
    if same_day_or_later(state.now, earliest):
        return  # the week is up today: no "wait until" today
    message = rule.say(
        when=ago(when, state.now),
        since=what[0].upper() + what[1:],
        date=day_label(earliest.astimezone(state.now.tzinfo)),
    )
    yield 0, 0, message, list(rule.suggestions)


def _persistence_speaks(state) -> bool:
    """Enough follow-ups already sent: the persistence rules say wait for their reply, so timing names
    no date to follow up from (the next step agrees: both read ``Pack.thresholds``)."""
    return len(state.context.get("previous_follow_ups") or []) >= state.pack.thresholds.follow_up_limit


def before_decision_date(rule, state):
    ctx = state.context
    if ctx.get("interview_at") is None or _persistence_speaks(state):
        return
    deadline = decision_deadline(ctx.get("decision_by"), state.now.tzinfo)
    if deadline is None or same_day_or_later(state.now, deadline):
        return
    decided_by = decision_day(ctx.get("decision_by"), state.now.tzinfo)
    yield 0, 0, rule.say(date=day_label(decided_by)), list(rule.suggestions)


def thank_you_missing(rule, state):
    """Only the tracker knows this: a follow-up when no thank-you was ever logged."""
    if state.context.get("thank_you_sent") is False:
        yield 0, 0, rule.message, list(rule.suggestions)
