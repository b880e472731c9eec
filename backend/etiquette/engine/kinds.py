"""Is this draft a thank-you, a follow-up, or something else? (``kind: auto``)"""

from __future__ import annotations


def detect_kind(draft, context: dict) -> str:
    from . import get_pack

    if context.get("stage") == "offer":
        return "other"  # after an offer only the content rules apply
    patterns = get_pack().kind_patterns
    text, end = draft.masked, draft.end
    subject = draft.subject or ""
    follow = len(patterns["follow_up"].findall(text, 0, end)) + len(patterns["follow_up"].findall(subject))
    thanks = len(patterns["thank_you"].findall(text, 0, end)) + len(patterns["thank_you"].findall(subject))
    # Follow-ups usually thank the reader too ("thanks again for your time"), so asking about the
    # outcome decides it.
    if follow:
        return "follow_up"
    if thanks:
        return "thank_you"
    if context.get("previous_follow_ups") or context.get("thank_you_sent"):
        return "follow_up"
    return "other"
