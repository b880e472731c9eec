"""Is this draft a thank-you, a follow-up, or something else? (``kind: auto``)"""

from __future__ import annotations

import re

# A subject that opens with thanks ("Thank you - Sous Chef", "Thanks for today") marks a thank-you.
_FOLLOW_UP_SUBJECT = re.compile(
    r"\bfollow(?:ing)?[- ]?up\b|\bchecking\s+in\b|\bstatus\s+(?:of|update)\b|\bany\s+(?:news|update)\b"
    r"|\bupdate\b|\bdecision\b"
)
# Weak signs of a follow-up: asking about the decision, the outcome, the timeline, or news.
_OUTCOME_WORDS = re.compile(
    r"\b(?:decision|outcome|timeline|timescale|timeframe|time\s+frame|news|update|"
    r"hear\s+back|heard\s+back|where\s+things\s+(?:are|stand)|still\s+(?:open|available|considering))\b"
)
# "Still keen" after a while hints at a follow-up, but a thank-you says it too (GUIDELINES.md: a draft
# that thanks them for the interview is a thank-you however late it is).
_STILL_INTERESTED = re.compile(
    r"\b(?:still|remain)\s+(?:very\s+|keenly\s+|really\s+|most\s+)?(?:interested|keen)\b"
)
# Thanks said outright, as opposed to "I enjoyed our chat" or "it was lovely to meet you".
_EXPLICIT_THANKS = re.compile(r"\b(?:thank|thanks|thx|thanx|thnx|cheers|grateful|thankful)\b")
_MENTIONS_ROLE = re.compile(r"\b(?:role|position|post|job|vacancy|opening|interview|application)\b")
# Thanks for an invitation are said both after an interview ("thank you for inviting me in yesterday")
# and before the next one, in a message that confirms or moves it ("Thank you for the invitation. I
# will attend on the 14th"): they alone are not thanks for the interview (GUIDELINES.md), so the head
# may read what the message is for.
_INVITED = re.compile(r"\b(?:invitation|invite|inviting)\b")
# ... unless the sentence says the visit is over ("thank you for inviting me in yesterday"): then they
# are thanks for the interview.
_VISIT_OVER = re.compile(
    r"\b(?:today|yesterday|this\s+(?:morning|afternoon|evening)|earlier|last\s+week|(?:mon|tues|wednes|thurs|fri)day's)\b"
)
_SENTENCE_END = re.compile(r"[.!?\n]")
# A condition before a settled outcome or a decision in its sentence: it is supposed, not stated
# ("if that is the case, I understand the decision"; "should you decide otherwise, I will withdraw").
_SUPPOSED = re.compile(
    r"\b(?:if(?!\s+(?:possible|i\s+may|you\s+(?:don['’]t|do\s+not)\s+mind)\b)|in\s+case|in\s+the\s+event|should\s+(?:that|this|it|you|the)|were\s+(?:that|this|it)|unless|otherwise)\b"
)
# "Thanks again for your time" repeats thanks already given: when it is all the thanks a draft has, the
# interview was thanked for in an earlier message, and this one is for something else (the references
# asked for, a form sent back), so beside an errand the errand decides, as for an invitation.
_AGAIN = re.compile(r"\bagain\b")
_THANKS_SUBJECT = re.compile(r"\s*(?:(?:re|fw|fwd)\s*:\s*)*(?:thank(?:s|\s+you)|many\s+thanks)\b")


# How the phrase reading was reached: FIXED (an offer, a date before the interview, a settled outcome:
# nothing overrules it), NUDGE (a follow-up phrase, a follow-up subject, follow-ups already sent: a
# draft that asks about the decision is a follow-up, errand and all, as kinds.yml's errands say),
# THANKED (thanks sent within days of the interview, or with no date to tell: nothing else it can be
# for, GUIDELINES.md), or PHRASES (thanks days later, outcome words, a date, or nothing told at all).
FIXED, NUDGE, THANKED, PHRASES = "fixed", "nudge", "thanked", "phrases"


def detect_kind(draft, context: dict, now, pack, meaning=None) -> str:
    """``thank_you``, ``follow_up`` or ``other`` for a draft checked as ``auto``, from ``pack``'s
    kind phrases (kinds.yml), the subject and the context's dates, and ``meaning`` when given: a
    callable answering ``"other"`` or None from the first sentences' meaning (meaning/kind.py),
    asked only where it can change the answer. Never raises."""
    kind, how = _by_phrases(draft, context, now, pack)
    if meaning is None or how in (FIXED, NUDGE, THANKED):
        return kind
    if kind in ("thank_you", "follow_up") and meaning() == "other":
        # Moving or confirming a slot, references sent, an offer or a rejection answered, written in
        # words no list holds: the phrases saw thanks days after the interview ("thank you for
        # inviting me to the second interview"), outcome words or a date; the head read what the
        # message is for. It is calibrated so that no labelled thank-you or follow-up crosses its
        # threshold (meaning/kind_train.py). It is not asked the other way: a draft the phrases
        # leave as other stays other (a thank-you taken for other loses its advice, but a question
        # about the rota taken for a follow-up gains false timing advice).
        return "other"
    return kind


def _by_phrases(draft, context: dict, now, pack) -> tuple[str, str]:
    """The kind the phrases and dates give, and how it was reached (FIXED, NUDGE, THANKED or PHRASES)."""
    if context.get("stage") == "offer":
        return "other", FIXED  # after an offer only the content rules apply
    if context.get("stage") in ("rejected", "withdrawn"):
        # The tracker already holds the outcome (vocab.STAGES): what is written after it answers the
        # no or the withdrawal, whatever words it thanks them in ("Thank you for finally letting me
        # know, a mere six weeks after the interview"), never a thank-you or a nudge about a decision
        # already made (engine/next_step.py proposes nothing after these stages for the same reason).
        return "other", FIXED
    interview = context.get("interview_at")
    if interview is not None and now is not None and now < interview:
        return "other", FIXED  # before the interview: confirming or moving the slot, not thanks or a nudge
    patterns = pack.kind_patterns
    text, end = draft.lowered, draft.end  # kind phrases are case-insensitive (compiled lower-case)
    subject = (draft.subject or "").lower()
    # A settled outcome (a rejection the employer gave, a withdrawal, an offer accepted or declined)
    # makes the draft neither thanks for the interview nor a nudge about the decision, however warmly
    # it thanks them and whatever was sent before (kinds.yml other.settled).
    # The candidate's own decision (a withdrawal, an offer accepted or declined) is settled as surely.
    if any(
        _stated(patterns[key], text, end) or _stated(patterns[key], subject) for key in ("settled", "decided")
    ):
        return "other", FIXED
    if context.get("previous_follow_ups"):
        return "follow_up", NUDGE  # once you have followed up, what you send next about it is a follow-up
    # A thank-you that also "follows up on a few points" is still a thank-you when it is sent within
    # days of the interview; a week later, asking about the outcome makes it a follow-up (kinds.yml days).
    days = pack.kind_days
    # Only whether each kind has a telling phrase matters, so search (first hit) rather than count.
    follow = bool(patterns["follow_up"].search(text, 0, end) or patterns["follow_up"].search(subject))
    thanked = patterns["thank_you"].search(text, 0, end)
    thanks = bool(thanked or patterns["thank_you"].search(subject) or _THANKS_SUBJECT.match(subject))
    follow = follow or bool(_FOLLOW_UP_SUBJECT.search(subject))
    # An errand (references sent, a slot confirmed) with no thanks and no nudge is neither; one that
    # also thanks them or asks about the decision is that, errand and all (kinds.yml other.errands).
    # Thanks for the invitation to the next stage alone are not thanks for the interview: beside an
    # errand ("Thank you for the invitation. I confirm I'll attend on the 9th") the errand decides; so
    # do thanks only repeated ("Here are my references. Thanks again for your time.").
    not_for_the_interview = (
        thanks
        and thanked is not None
        and (
            _only_for_an_invitation(patterns["thank_you"], draft, subject)
            or _only_thanks_again(patterns["thank_you"], draft, subject)
        )
    )
    if not follow and (not thanks or not_for_the_interview) and patterns["errands"].search(text, 0, end):
        return "other", PHRASES
    # "Thank you for the interview two weeks ago" is a late thank-you; "I interviewed three weeks ago
    # ... Thanks for your time" is a follow-up: time gone by counts unless the draft opens with thanks.
    passed = patterns["time_passed"].search(text, 0, end)
    if passed and not (thanks and (thanked is None or thanked.start() < passed.start())):
        follow = True
    days_later = interview is not None and now is not None and now - interview > days.thank_you_within
    if follow and thanks and interview is not None and now is not None:
        return ("follow_up" if days_later else "thank_you"), NUDGE
    # "Still keen" a week on marks a follow-up unless the draft opens by thanking them outright ("Thank
    # you for the interview last week ... I'm still keen" is a late thank-you; "I enjoyed our chat ...
    # I'm still keen on the post" nineteen days later is a follow-up).
    still = _STILL_INTERESTED.search(text, 0, end)
    opens_with_thanks = (
        thanked is not None
        and _EXPLICIT_THANKS.search(thanked.group(0)) is not None
        and (still is None or thanked.start() < still.start())
    )
    if (
        thanks
        and interview is not None
        and now is not None
        and now - interview >= days.follow_up_from
        and (_OUTCOME_WORDS.search(text, 0, end) or (still and not opens_with_thanks))
    ):
        # "Thank you again for the interview ... when might a decision be made?" a week on is a follow-up;
        # a thank-you a few days late stays a (late) thank-you.
        return "follow_up", PHRASES
    # Follow-ups usually thank the reader too ("thanks again for your time"), so asking about the
    # outcome decides it.
    if follow:
        return "follow_up", NUDGE
    if thanks:
        # Right after the interview thanks are for it; days later they may be for the invitation to the
        # next one or for news given, which the head may read (engine/kinds.py detect_kind); so may
        # thanks for an invitation alone, however soon.
        return "thank_you", (PHRASES if days_later or not_for_the_interview else THANKED)
    if context.get("previous_follow_ups") or context.get("thank_you_sent"):
        return "follow_up", NUDGE
    # No telling phrase either way. Asking about the outcome marks a follow-up; otherwise the
    # interview date decides: days later it is a follow-up, within a few days a late thank-you.
    # "I remain very interested" on the day of the interview is what a thank-you says (one whose thanks
    # are in words no list holds); a week later it is the follow-up's "still keen".
    soon = interview is not None and now is not None and now - interview <= days.thank_you_within
    if (
        _OUTCOME_WORDS.search(text, 0, end)
        or _OUTCOME_WORDS.search(subject)
        or (not soon and _STILL_INTERESTED.search(text, 0, end))
    ):
        return "follow_up", PHRASES
    # The job may be named only in the subject ("Quick one re the Chef job").
    mentions_role = _MENTIONS_ROLE.search(text, 0, end) or _MENTIONS_ROLE.search(subject)
    if interview is not None and now is not None and mentions_role:
        return ("thank_you" if now - interview <= days.thank_you_within else "follow_up"), PHRASES
    return "other", PHRASES


def _stated(pattern, text: str, end: int | None = None) -> bool:
    """Whether ``pattern`` matches ``text`` (up to ``end``) in a sentence that states it rather than
    supposes it: "In case that is so, I fully understand the decision" after "I presume the committee
    has finalised another candidate" is a follow-up's guess, and "If I don't hear back, I will withdraw
    my application" a threat in one; a settled outcome or a decision is said without a condition
    before it in its sentence."""
    end = len(text) if end is None else end
    for m in pattern.finditer(text, 0, end):
        stop = max(text.rfind(c, 0, m.start()) for c in ".!?\n")
        if not _SUPPOSED.search(text, stop + 1, m.start()):
            return True
    return False


def _only_for_an_invitation(thank_you, draft, subject: str) -> bool:
    """Every thank-you phrase of the body thanks them for an invitation to something still to come
    (the rest of its sentence says no "today" or "yesterday"), and the subject does not thank them."""
    if thank_you.search(subject) or _THANKS_SUBJECT.match(subject):
        return False
    text, end = draft.lowered, draft.end
    for m in thank_you.finditer(text, 0, end):
        stop = _SENTENCE_END.search(text, m.end(), end)
        sentence = text[m.start() : stop.start() if stop else end]
        if not _INVITED.search(sentence) or _VISIT_OVER.search(sentence):
            return False
    return True


def _only_thanks_again(thank_you, draft, subject: str) -> bool:
    """Every thank-you phrase of the body repeats thanks ("thanks again for your time", "thank you once
    again for ..."), and the subject does not thank them."""
    if thank_you.search(subject) or _THANKS_SUBJECT.match(subject):
        return False
    text, end = draft.lowered, draft.end
    return all(_AGAIN.search(m.group(0)) for m in thank_you.finditer(text, 0, end))
