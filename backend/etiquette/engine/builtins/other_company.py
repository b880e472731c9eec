"""A company that belongs to another of the user's applications: the classic copy-paste slip."""

from __future__ import annotations

import re


def other_company(rule, state):
    ctx = state.context
    own = (ctx.get("company") or "").strip().lower()
    names = {
        n.strip() for n in (ctx.get("other_companies") or []) if isinstance(n, str) and len(n.strip()) >= 2
    }
    text, end = state.draft.masked, state.draft.end
    subject = state.draft.subject or ""
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
