"""``builtin: verb_form``: a verb in the wrong form after words that fix its form — "I look forward to
meet you" (wants "meeting"), "a pleasure to met you" ("meet"), "I have attend" ("attended"), "I will
sent it" ("send") — slips Harper does not see (checked against harper-py 0.2.0's curated rules).

Params (rule file): ``after``, a pattern (lower case) that must end just before the verb; ``want``, the
form that belongs there (``base``, ``gerund`` or ``participle``); ``wrong``, the forms that are slips
there (``base``, ``s``, ``past``, ``participle``, ``gerund``); optionally ``verbs`` (only these) or
``skip`` (never these), and ``capital_is_name`` (a capitalised first word is a name: "Will"); a group
named ``lead`` in ``after`` marks words the fix replaces together with the verb ("enjoyed to meet":
``lead`` on "to ", so the warning covers "to meet" and suggests "meeting"); their
schema is ``VerbFormParams`` in engine/params.py. The verbs and their irregular forms are
``shared-rules/lists/verbs.txt``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..scan import finditer

_WORD_AFTER = r"(?P<verb>[a-z]+)(?![\w'-])"
_CONSONANTS = set("bcdfghjklmnpqrstvwxz")


def _s(base: str) -> str:
    if base in ("be", "have", "do", "go"):
        return {"be": "is", "have": "has", "do": "does", "go": "goes"}[base]
    if base.endswith(("s", "x", "z", "ch", "sh")):
        return base + "es"
    if base.endswith("y") and base[-2] in _CONSONANTS:
        return base[:-1] + "ies"
    return base + "s"


def _ing(base: str, double: bool) -> str:
    if base == "be":
        return "being"
    if base.endswith("ie"):
        return base[:-2] + "ying"
    if base.endswith("e") and not base.endswith(("ee", "ye", "oe")):
        return base[:-1] + "ing"
    return base + (base[-1] if double else "") + "ing"


def _ed(base: str, double: bool) -> str:
    if base.endswith("e"):
        return base + "d"
    if base.endswith("y") and base[-2] in _CONSONANTS:
        return base[:-1] + "ied"
    return base + (base[-1] if double else "") + "ed"


@lru_cache(maxsize=4)
def _table(path: str) -> tuple[dict, dict]:
    """``(forms_of_base, bases_of_word)``: each verb's five forms, and which (base, form) a word can be."""
    forms_of, bases_of = {}, {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].split()
        if not line:
            continue
        double = line[0].endswith("+")
        base = line[0].rstrip("+")
        past = line[1] if len(line) > 1 else _ed(base, double)
        participle = line[2] if len(line) > 2 else past
        forms = {
            "base": base,
            "s": _s(base),
            "gerund": _ing(base, double),
            "past": past,
            "participle": participle,
        }
        forms_of[base] = forms
        for form, word in forms.items():
            bases_of.setdefault(word, []).append((base, form))
    return forms_of, bases_of


def _verbs_file(state) -> str:
    return _verbs_path(state.pack.root)


@lru_cache(maxsize=8)
def _verbs_path(root) -> str:
    """Once per pack root: verb_form asks on every check, and pathlib costs ~0.1 ms a call."""
    return str(Path(root) / "lists" / "verbs.txt")


@lru_cache(maxsize=64)
def _compiled(after: str) -> re.Pattern:
    return re.compile(f"(?:{after}){_WORD_AFTER}")


def _match_case(original: str, replacement: str) -> str:
    return replacement[:1].upper() + replacement[1:] if original[:1].isupper() else replacement


def verb_form(rule, state):
    params = rule.params
    forms_of, bases_of = _table(_verbs_file(state))
    want, wrong, only, skip = params.want, params.wrong, params.verbs, params.skip
    text = state.draft.lowered
    starts = state.draft.sentence_starts
    for m in finditer(_compiled(params.after), text, 0, state.draft.end):
        word = m.group("verb")
        typed = state.draft.text
        # "Will sent me the brief", "I spoke to Drew": a capital mid-sentence is a name, not a verb.
        if any(typed[i].isupper() and i not in starts for i in (m.start(), m.start("verb"))):
            continue
        if params.capital_is_name and typed[m.start()].isupper():
            continue  # "Will sent me the brief": a question would need "Will you send"
        for base, form in bases_of.get(word, ()):
            if form not in wrong or (only and base not in only) or base in skip:
                continue
            right = forms_of[base][want]
            if right == word or any(f == want for b, f in bases_of.get(word, ()) if b == base):
                continue  # "read", "come": the wrong form is also the right one
            a, b = m.span("verb")
            if "lead" in m.re.groupindex and m.start("lead") >= 0:
                a = m.start("lead")  # "to meet" -> "meeting": the words before the verb go too
            original = state.draft.text[a:b]
            fixed = _match_case(original, right)
            yield a, b - a, rule.say(match=original, expected=fixed), [fixed]
            break
