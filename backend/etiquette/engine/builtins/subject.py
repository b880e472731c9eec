"""An empty subject line: only when the client sent one (a missing subject is unknown, not empty),
and only once there is a message to send (a fresh compose window is not a mistake yet)."""


def empty_subject(rule, state):
    subject = state.draft.subject
    if subject is not None and not subject.strip() and state.draft.word_count:
        yield 0, 0, rule.message, list(rule.suggestions)
