"""A greeting to someone other than the interviewer ("Dear Tom," when Siobhan interviewed you)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_GREETING_WORD = re.compile(
    r"^\s*(?:dear|hi|hello|hey|hiya|good\s+(?:morning|afternoon|evening)|greetings)\b[\s,]*", re.I
)
# Titles, and the courtesies that address the reader without a name ("Dear Ma'am," "Respected Sir,"
# "Dear Sirs,"): in Indian and formal English the interviewer is greeted so, and no name is given to
# be wrong (_fold strips an end apostrophe or full stop, not the one inside "ma'am").
_TITLES = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "sir",
    "madam",
    "dame",
    "ma'am",
    "maam",
    "mam",
    "madame",
    "sirs",
    "mesdames",
    "respected",
    "gentlemen",
    "ladies",
}
# ... and the group or the office greeted in place of a person ("Dear Selection Committee", "Dear
# Search Committee", "Dear HR", "Dear Human Resources", "Dear Talent Acquisition", "Dear Board
# Members"): no one's name, so none to get wrong.
_GENERIC = re.compile(
    r"\b(?:all|team|everyone|everybody|there|hiring|recruit\w*|folks|colleagues|whom|sir\s+or\s+madam|panel"
    r"|committee|board|members|hr|human\s+resources|talent|personnel|department|interviewers?)\b",
    re.I,
)
_NAME = re.compile(r"[A-Z\u00C0-\u024F][\w\u00C0-\u024F'-]*")


@lru_cache(maxsize=4096)
def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.replace("\u2019", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip(".'")


# Short forms that are not prefixes of the full name.
_NICKNAMES = {
    "bob": "robert",
    "rob": "robert",
    "bobby": "robert",
    "bill": "william",
    "will": "william",
    "liam": "william",
    "liz": "elizabeth",
    "beth": "elizabeth",
    "lizzie": "elizabeth",
    "betty": "elizabeth",
    "kate": "katherine",
    "katie": "katherine",
    "kathy": "katherine",
    "jim": "james",
    "jamie": "james",
    "mike": "michael",
    "mick": "michael",
    "dave": "david",
    "tom": "thomas",
    "tony": "anthony",
    "andy": "andrew",
    "drew": "andrew",
    "steve": "stephen",
    "jen": "jennifer",
    "jenny": "jennifer",
    "becky": "rebecca",
    "becca": "rebecca",
    "meg": "margaret",
    "maggie": "margaret",
    "peggy": "margaret",
    "dick": "richard",
    "rick": "richard",
    "rich": "richard",
    "ted": "edward",
    "ed": "edward",
    "ned": "edward",
    "jack": "john",
    "johnny": "john",
    "chuck": "charles",
    "charlie": "charles",
    "sandy": "alexandra",
    "sasha": "alexander",
    "harry": "henry",
    "peg": "margaret",
    "nell": "eleanor",
    "ellie": "eleanor",
    "sue": "susan",
    "susie": "susan",
    "gabe": "gabriel",
    "nate": "nathan",
    "zach": "zachary",
    "josh": "joshua",
    "greg": "gregory",
}


def _close(a: str, b: str) -> bool:
    """One typo apart (Jon/John, Sara/Sarah): a slip of the keys, not a different person."""
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 3:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=False)) <= 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _same(a: str, b: str) -> bool:
    # "Sam" for "Samantha" and "Chris" for "Christopher" are prefixes; "Bob" for "Robert" is a nickname.
    if a == b or _close(a, b) or _NICKNAMES.get(a) == b or _NICKNAMES.get(b) == a:
        return True
    return min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a))


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
    rest = line[lead.end() :]
    if _GENERIC.search(rest):
        return
    names = [(m.start(), m.group(0)) for m in _NAME.finditer(rest) if _fold(m.group(0)) not in _TITLES]
    if not names:
        return
    parts = [p for p in re.split(r"[\s,&]+|\band\b", interviewer) if p]
    known = [_fold(p) for p in parts if _fold(p) not in _TITLES]
    # Stored as title and surname ("Mr Cole", "Dr. Alvarez"): their first name is not known, so a
    # greeting by a first name alone ("Hi Ian,") cannot be told wrong; only a surname can ("Dear Mr Smith").
    surname_only = len(parts) == 2 and _fold(parts[0]) in _TITLES
    first_word = (rest.split() or [""])[0]
    if surname_only and len(names) == 1 and _fold(first_word) not in _TITLES:
        return
    # Stored as a first name alone ("Samantha"): the surname is not known, so a greeting by title and
    # surname ("Dear Ms Reid,") cannot be told wrong either; only another first name can ("Hi Tom,").
    if len(parts) == 1 and known and _fold(first_word) in _TITLES:
        return
    known += [_fold(p) for part in known for p in part.split("-") if p]
    if any(_same(_fold(n), k) for _, n in names for k in known if k):
        return
    offset = start + lead.end() + names[0][0]
    first_name = interviewer.split()[0]
    message = rule.say(match=names[0][1], expected=interviewer)
    yield offset, len(names[0][1]), message, [first_name]
