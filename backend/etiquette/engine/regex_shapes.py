"""What a regex's source says about its matches: how they start, which letters they take literally.

Used to make rules cheap to run (first-character guards, the phrase index, lower-cased matching). The
analysis is conservative: when it is unsure it answers None ("cannot tell") and the rule simply scans
the whole draft the ordinary way.
"""

from __future__ import annotations

import re

_META = set(".^$*+?{}[]\\|()")
_QUANTIFIERS = ("?", "*", "{")


def _structure(s: str, start: int = 0):
    """(index, character, depth after it) for each grouping character of ``s`` — parentheses and
    bars outside escapes and character classes — the one walk both helpers below need."""
    depth, i, in_class = 0, start, False
    while i < len(s):
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c in "()|":
            depth += {"(": 1, ")": -1, "|": 0}[c]
            yield i, c, depth
        i += 1


def _group_end(s: str, start: int) -> int:
    """Index just past the group that opens at ``start`` (-1 if it never closes)."""
    for i, c, depth in _structure(s, start):
        if c == ")" and depth == 0:
            return i + 1
    return -1


def _class_end(s: str, start: int) -> int:
    """Index just past the character class that opens at ``start``."""
    i = start + 1
    if i < len(s) and s[i] == "^":
        i += 1
    if i < len(s) and s[i] == "]":
        i += 1  # a leading ] is a literal member
    while i < len(s):
        if s[i] == "\\":
            i += 2
            continue
        if s[i] == "]":
            return i + 1
        i += 1
    return len(s)


def split_alternatives(s: str) -> list[str]:
    """The top-level alternatives of a pattern ("a|(b|c)" -> ["a", "(b|c)"])."""
    parts, start = [], 0
    for i, c, depth in _structure(s):
        if c == "|" and depth == 0:
            parts.append(s[start:i])
            start = i + 1
    parts.append(s[start:])
    return parts


def _ends_word(rest: str, outer: bool) -> bool:
    """Is the character after a literal word surely not a word character? (``outer``: at the end.)"""
    if not rest:
        return outer
    if rest.startswith(("(?=[ \\t", "(?=\\s", "(?!\\w)", "(?![\\w])")):
        return True
    if rest[0] == "\\" and len(rest) > 1:
        size = 2
        sure = rest[1] in "sWb" or not rest[1].isalnum()  # \s, \W, \b, or escaped punctuation
    elif rest[0] == "[":
        size = _class_end(rest, 0)
        sure = rest.startswith("[ \\t]")
    else:
        size = 1
        sure = rest[0] not in ".^$*+?{}[]\\|()" and not rest[0].isalnum() and rest[0] != "_"
    # An optional element ("\s?", "[ -]*") may be absent: then the word may run on.
    return sure and rest[size : size + 1] not in ("?", "*") and not rest[size:].startswith("{0")


def start_words(pattern: str, outer: bool = True) -> frozenset | None:
    """Words (letters, digits, _) that every match of ``pattern`` starts with, or None if unsure.

    "(?:the|my)\\s+pay" starts with "the" or "my"; "i(?:'m|\\s+am)" with "i"; "wages?" with "wage".
    A word that must be followed by a non-word character is returned with a trailing space ("the "),
    so that the index looks for the whole word, not every word that begins with it. ``outer`` says
    whether the end of ``pattern`` is itself followed by a non-word character (true for a phrase rule's
    own items, which are word-bounded). Used to find, in one pass, the only places a phrase can match.
    """
    alternatives = split_alternatives(pattern)
    if len(alternatives) > 1:
        union = set()
        for alt in alternatives:
            sub = start_words(alt, outer)
            if sub is None:
                return None
            union |= sub
        return frozenset(union)
    i = 0
    while pattern.startswith(("(?<!", "(?<=", "(?=", "(?!"), i):
        end = _group_end(pattern, i)
        if end < 0:
            return None
        i = end
    if pattern.startswith("(", i):
        end = _group_end(pattern, i)
        if end < 0:
            return None
        inner = pattern[i + 1 : end - 1]
        if inner.startswith("?:"):
            inner = inner[2:]
        elif inner.startswith("?"):
            return None
        if end < len(pattern) and pattern[end] in _QUANTIFIERS:
            # An optional leading group: the match starts with it or with what follows it.
            rest = pattern[end:]
            rest = rest[rest.index("}") + 1 :] if rest[0] == "{" else rest[1:]
            if rest.startswith("?"):
                rest = rest[1:]  # lazy quantifier
            first = start_words(inner, _ends_word(rest, outer))
            after = start_words(rest, outer)
            return None if first is None or after is None else first | after
        return start_words(inner, _ends_word(pattern[end:], outer))
    word = []
    complete = False
    while i < len(pattern) and (pattern[i].isalnum() or pattern[i] == "_"):
        if i + 1 < len(pattern) and pattern[i + 1] in _QUANTIFIERS:
            break  # this character is optional: the sure part ends before it
        word.append(pattern[i])
        i += 1
    else:
        complete = _ends_word(pattern[i:], outer)
    if not word:
        return None
    return frozenset(["".join(word) + (" " if complete else "")])


def first_chars(item: str) -> str | None:
    """A character-class fragment that every match of ``item`` starts with, or None if unsure."""
    alternatives = split_alternatives(item)
    if len(alternatives) > 1:
        firsts = [first_chars(a) for a in alternatives]
        return "".join(sorted(set(firsts))) if all(firsts) else None
    # Lookbehinds consume nothing; a leading "(?=[...])" already says what the first character is.
    while item.startswith(("(?<!", "(?<=")):
        end = _group_end(item, 0)
        if end < 0:
            return None
        item = item[end:]
    m = re.match(r"\(\?=\[([^\]\\]+|\\[dw])\]\)|\(\?=(\\[dw])\)", item)
    if m:
        return m.group(1) or m.group(2)
    grouped = item.startswith("(?:")
    while item.startswith("(?:"):
        item = item[3:]
    if re.match(r"[A-Za-z0-9]|\\[dw]", item):
        return r"\w"
    if grouped:
        return None  # an optional leading group could let the match start elsewhere
    if item.startswith("\\") and len(item) > 1 and not item[1].isalnum():
        return re.escape(item[1])
    if item and item[0] not in ".^$*+?{}[]\\|()":
        return re.escape(item[0])
    m = re.match(r"\[([^\]\\]+)\]", item)
    if m:
        return m.group(1)
    return None


def lower_literals(pattern: str) -> str:
    """Lower-case the letters a pattern matches literally, leaving escapes (\\S, \\W, \\d...) alone.

    Case-insensitive rules run as case-sensitive patterns over a lower-cased copy of the draft: the
    regex engine then skips quickly over positions that cannot start a match, which matters on long
    adversarial drafts (IGNORECASE roughly doubles the cost of every alternative tried).
    """
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            out.append(pattern[i : i + 2])
            i += 2
            continue
        out.append(c.lower())
        i += 1
    return "".join(out)


def alternation(items: list[str], bounded: bool) -> str:
    body = "|".join(f"(?:{item})" for item in items)
    firsts = [first_chars(item) for item in items]
    if not bounded:
        # A pattern that already starts by consuming a class or a literal lets the regex engine skip
        # ahead on its own; a guard (an assertion) in front would only stop it from doing so.
        starts_plainly = all(
            item[:1] not in ("(", "\\", "^", "$", ".") or item.startswith(("\\[", "\\{", "\\?"))
            for item in items
        )
        guard = f"(?=[{''.join(sorted(set(firsts)))}])" if all(firsts) and not starts_plainly else ""
        return f"{guard}(?:{body})"
    # A cheap guard on the first character: most positions of a long draft (spaces, emoji, brackets)
    # are rejected before the alternation's branches are tried, which keeps the worst case linear and small.
    guard = f"(?=[{''.join(sorted(set(firsts)))}])" if all(firsts) else ""
    # Word-bounded without \b so a token may start or end with punctuation ("!!!") or whitespace:
    # the end holds when the next character is not a letter or the last one taken was not.
    return rf"{guard}(?<![\w])(?:{body})(?:(?<=\W)|(?![\w]))"
