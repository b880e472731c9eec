"""A company that belongs to another of the user's applications: the classic copy-paste slip."""

from __future__ import annotations

import re


def _short_form(name: str, trade_words: frozenset) -> str | None:
    """The name as people say it, its trade words dropped from the end ("Ravenscourt" for
    "Ravenscourt Digital"); None when nothing distinctive (four letters or more) is left."""
    words = name.split()
    while len(words) > 1 and re.sub(r"\W", "", words[-1]).lower() in trade_words:
        words.pop()
    short = " ".join(words)
    return short if short != name and len(short) >= 4 else None


def other_company(rule, state):
    ctx = state.context
    own = (ctx.get("company") or "").strip().lower()
    names = {
        n.strip() for n in (ctx.get("other_companies") or []) if isinstance(n, str) and len(n.strip()) >= 2
    }
    text, end = state.draft.masked, state.draft.end
    subject = state.draft.subject or ""
    names |= {short for n in names if (short := _short_form(n, rule.params.trade_words))}
    for name in sorted(names, key=len, reverse=True):
        if name.lower() == own or (own and (name.lower() in own or own in name.lower())):
            continue  # "Acme" and "Acme Analytics" are the same employer
        # Company names are proper nouns: match the capitalisation the user stored, word-bounded.
        pattern = re.compile(rf"(?<![\w]){re.escape(name)}(?![\w])")
        fix = [ctx["company"]] if ctx.get("company") else []
        message = rule.say(match=name, expected=ctx.get("company") or "this employer")
        if pattern.search(subject):
            yield 0, 0, f"The subject line: {message}", fix  # the subject has no offsets of its own
        for m in pattern.finditer(text, 0, end):
            yield m.start(), m.end() - m.start(), message, fix


_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_LINKS = frozenset(
    {"the", "and", "of"}
)  # not in an initialism: "LBCA" is Lyle & Barrow Chartered Accountants


def _words(name: str, ignore: frozenset) -> set[str]:
    """The words that tell one employer from another: lower-cased, possessive 's gone, suffixes such
    as Ltd or Group (the rule's ``ignore``) left out."""
    name = re.sub(r"['\u2019]s\b", "", name)
    return {w for w in (m.group().lower() for m in _WORD.finditer(name)) if w not in ignore}


def another_employer(rule, state):
    """A name the draft says the candidate would join ("would be proud to join Aldi", "the chance to
    grow Hopstone Ales") that shares no word with the company this email is for: the copy-paste slip
    when the earlier application is not in the tracker, so ``other_company`` has no list to match.

    Params: ``pattern``, each with a named group ``name`` (a run of capitalised words) after the
    words that say "join them"; ``ignore``, words that name no employer of their own (Ltd, Group, The)."""
    ctx = state.context
    company = (ctx.get("company") or "").strip()
    params = rule.params
    own = _words(company, params.ignore)
    if not own:
        return
    initials = "".join(
        m.group()[0] for m in _WORD.finditer(company) if m.group().lower() not in _LINKS
    ).lower()
    listed = {n.strip() for n in (ctx.get("other_companies") or []) if isinstance(n, str)}
    people = set()
    for key in ("interviewer", "candidate", "position"):
        if isinstance(ctx.get(key), str):
            people |= _words(ctx[key], params.ignore)
    many_sites = bool(_words(company, frozenset()) & params.many_sites)
    text, end = state.draft.masked, state.draft.end
    seen = set()
    for pattern in params.patterns:
        for m in pattern.finditer(text, 0, end):
            name = m.group("name").strip()
            words = _words(name, params.ignore)
            if not words or words & (own | people) or name in listed or m.start("name") in seen:
                continue  # the same employer, a person met, or other_company's to say
            # "Acme" for "Acme Analytics", "Lyle & Barrow" for "Lyle & Barrow Chartered Accountants"
            # share a word; an initialism of the company ("LBCA") is the same employer too.
            if initials in words:
                continue
            # An employer of many sites (``params.many_sites``: NHS boards, trusts, councils,
            # universities) is worked for at a place with a name of its own: "the radiographer post at
            # Raigmore" names the hospital, not another employer; "join Bupa" still speaks.
            if many_sites and text[max(0, m.start("name") - 3) : m.start("name")].lower() == "at ":
                continue
            seen.add(m.start("name"))
            yield m.start("name"), len(name), rule.say(match=name, expected=company), [company]
