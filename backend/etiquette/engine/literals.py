"""What a rule's phrases start with, read from the regex source itself (see PhraseIndex).

The analysis is conservative: when it is unsure it answers None ("cannot tell") and the rule simply
scans the whole draft.
"""

from __future__ import annotations

_META = set(".^$*+?{}[]\\|()")
_QUANTIFIERS = ("?", "*", "{")


def _group_end(s: str, start: int) -> int:
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
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
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


def _split_alternatives(s: str) -> list[str]:
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(s):
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(s[start:i])
            start = i + 1
        i += 1
    parts.append(s[start:])
    return parts


def start_words(pattern: str) -> frozenset | None:
    """Words (letters, digits, _) that every match of ``pattern`` starts with, or None if unsure.

    "(?:the|my)\\s+pay" starts with "the" or "my"; "i(?:'m|\\s+am)" with "i"; "wages?" with "wage".
    Used to find, in one pass, the only places where a phrase rule can match.
    """
    alternatives = _split_alternatives(pattern)
    if len(alternatives) > 1:
        union = set()
        for alt in alternatives:
            sub = start_words(alt)
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
        inner = pattern[i + 1:end - 1]
        if inner.startswith("?:"):
            inner = inner[2:]
        elif inner.startswith("?"):
            return None
        first = start_words(inner)
        if first is None:
            return None
        if end < len(pattern) and pattern[end] in _QUANTIFIERS:
            # An optional leading group: the match starts with it or with what follows it.
            rest = pattern[end:]
            rest = rest[rest.index("}") + 1:] if rest[0] == "{" else rest[1:]
            if rest.startswith("?"):
                rest = rest[1:]  # lazy quantifier
            after = start_words(rest)
            return None if after is None else first | after
        return first
    word = []
    while i < len(pattern) and (pattern[i].isalnum() or pattern[i] == "_"):
        if i + 1 < len(pattern) and pattern[i + 1] in _QUANTIFIERS:
            break  # this character is optional: the sure part ends before it
        word.append(pattern[i])
        i += 1
    return frozenset(["".join(word)]) if word else None
