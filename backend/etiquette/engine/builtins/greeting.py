"""A greeting to someone other than the interviewer ("Dear Tom," when Siobhan interviewed you)."""

from __future__ import annotations

import re
import unicodedata

_GREETING_WORD = re.compile(
    r"^\s*(?:dear|hi|hello|hey|hiya|good\s+(?:morning|afternoon|evening)|greetings)\b[\s,]*", re.I)
_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "madam", "dame"}
_GENERIC = re.compile(r"\b(?:all|team|everyone|everybody|there|hiring|recruit\w*|folks|colleagues|whom|sir\s+or\s+madam|panel)\b", re.I)
_NAME = re.compile(r"[A-Z\u00C0-\u024F][\w\u00C0-\u024F'-]*")


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.replace("\u2019", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip(".'")


def _same(a: str, b: str) -> bool:
    # "Liz" for "Elizabeth" is beyond a rule; "Sam" for "Samantha" and "Chris" for "Christopher" are not.
    return a == b or (min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a)))


def greeting_mismatch(rule, state):
    interviewer = (state.context.get("interviewer") or "").strip()
    draft = state.draft
    if not interviewer or draft.greeting is None:
        return
    start, end = draft.greeting
    line = draft.text[start:end]
    lead = _GREETING_WORD.match(line)
    if not lead:
        return
    rest = line[lead.end():]
    if _GENERIC.search(rest):
        return
    names = [(m.start(), m.group(0)) for m in _NAME.finditer(rest) if _fold(m.group(0)) not in _TITLES]
    if not names:
        return
    known = [_fold(p) for p in re.split(r"[\s,&]+|\band\b", interviewer) if p and _fold(p) not in _TITLES]
    known += [_fold(p) for part in known for p in part.split("-") if p]
    if any(_same(_fold(n), k) for _, n in names for k in known if k):
        return
    offset = start + lead.end() + names[0][0]
    first_name = interviewer.split()[0]
    message = rule.message.replace("{match}", names[0][1]).replace("{expected}", interviewer)
    yield offset, len(names[0][1]), message, [first_name]
