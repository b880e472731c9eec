"""How many follow-ups were already sent for this interview (from the request or the tracker)."""


def follow_ups_sent(rule, state):
    sent = len(state.context.get("previous_follow_ups") or [])
    low, high = rule.params.at_least, rule.params.below
    if sent >= low and (high is None or sent < high):
        yield 0, 0, rule.say(count=sent), list(rule.suggestions)
