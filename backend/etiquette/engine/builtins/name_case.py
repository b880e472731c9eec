"""``builtin: name_case``: a name the context gives (the interviewer, the company) typed in lower case
in the draft: "Dear siobhan", "the role at hartwell housing trust".

Only the whole name in lower case, or a word of it that is not also an ordinary word: "grace" and
"green" in a sentence are English, whoever the interviewer is. Ordinary means what the spelling check
accepts in lower case: the dictionary's words, two everyday words joined ("saltbush", a plant on a
menu at Saltbush Dining) and a regular form of a known word ("analytics" at Retail Analytics). Not the
pack's vocabulary lists: they hold brands too ("linkedin"), which are names. Web
addresses, e-mail addresses and handles ("jobs@hartwell.org", "#hartwell") are left alone, and so is a
name the context itself writes in lower case ("asos", "monday.com").
"""

from __future__ import annotations

import re
from functools import lru_cache

from .spelling import _known_compound, _known_plain, _stem_frequency

_NAME_WORD = re.compile(r"[A-Z][a-z]{2,}(?:['’-][A-Za-z]+)*")
# The name first, so the search runs as a fast literal scan; the edges are lookarounds after it.
_EDGE_AFTER = r"(?![\w@/-]|\.\w)"


def _edged(body: str) -> str:
    """``body`` not followed by more word, address or handle (what comes before: ``_clear_before``)."""
    return body + _EDGE_AFTER


def _clear_before(text: str, a: int) -> bool:
    return a == 0 or not (text[a - 1].isalnum() or text[a - 1] in "_.@/#-")


def _ordinary(word: str) -> bool:
    """A lower-case word the spelling check takes as English without any list of names."""
    return _known_plain(word) or _known_compound(word) or _stem_frequency(word) > 0


@lru_cache(maxsize=4096)
def _patterns(name: str) -> tuple:
    """(regex, the name as written) for the whole name and each word of it worth checking."""
    words = _NAME_WORD.findall(name)
    if not words:
        return ()
    found = []
    if len(words) > 1 and " ".join(words) in name:
        whole = r"\s+".join(re.escape(w.lower()) for w in words)
        found.append((re.compile(_edged(whole)), " ".join(words)))
    for w in words:
        # "Cross-Dock": a word made of ordinary words ("a cross-dock site") is English too
        if not all(_ordinary(part) for part in re.split(r"['’-]", w.lower()) if part):
            found.append((re.compile(_edged(re.escape(w.lower()))), w))
    return tuple(found)


def name_case(rule, state):
    text, end = state.draft.masked, state.draft.end
    taken: list[tuple[int, int]] = []
    for key in ("interviewer", "company"):
        name = state.context.get(key)
        if not isinstance(name, str):
            continue
        for regex, right in _patterns(name.strip()):
            for m in regex.finditer(text, 0, end):
                a, b = m.span()
                if not _clear_before(text, a):
                    continue  # part of a longer word, an address or a handle
                if any(x < b and a < y for x, y in taken):
                    continue  # a word of the whole name already flagged
                taken.append((a, b))
                yield a, b - a, rule.say(match=m.group(0), expected=right), [right]
