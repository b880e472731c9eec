"""An empty subject line: only when the client sent one (a missing subject is unknown, not empty)."""


def empty_subject(rule, state):
    subject = state.draft.subject
    if subject is not None and not subject.strip():
        yield 0, 0, rule.message, list(rule.suggestions)
