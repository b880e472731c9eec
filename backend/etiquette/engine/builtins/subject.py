"""An empty subject line: only when the client sent one (a missing subject is unknown, not empty),
and only once there is a message to send (a fresh compose window is not a mistake yet)."""


def empty_subject(rule, state):
    subject = state.draft.subject
    if subject is not None and not subject.strip() and state.draft.word_count:
        yield 0, 0, rule.message, list(rule.suggestions)


def subject_placeholder(rule, state):
    """A template placeholder left in the subject line ("Thank you – [Position] interview")."""
    subject = state.draft.subject
    if not subject:
        return
    placeholders = state.pack.by_id(rule.params.same_as)
    m = placeholders.regex.search(subject)
    if m:
        yield 0, 0, rule.say(match=m.group(0)), list(rule.suggestions)
