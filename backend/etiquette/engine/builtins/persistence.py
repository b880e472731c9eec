"""How many follow-ups were already sent for this interview (from the request or the tracker)."""

from ..messages import fill


def follow_ups_sent(rule, state):
    sent = len(state.context.get("previous_follow_ups") or [])
    low, high = rule.params.at_least, rule.params.below
    if sent >= low and (high is None or sent < high):
        yield 0, 0, fill(rule.message, count=sent), list(rule.suggestions)
