"""What a regex's source says about its matches: how they start, which letters they take literally,
and whether they can take quadratic or exponential time.

Used to make rules cheap to run (first-character guards, the phrase index, lower-cased matching). The
analysis is conservative: when it is unsure it answers None ("cannot tell") and the rule simply scans
the whole draft the ordinary way.

``ambiguities`` reads a compiled pattern's parse tree and names the shapes on which Python's
backtracking engine blows up on long input; tests/test_properties.py runs it over every pattern the
engine and the rule pack compile, so a new rule with such a shape fails its test, not a user's draft.
"""

from __future__ import annotations

import functools
import re
from typing import ClassVar

try:  # Python 3.11+
    import re._compiler as sre_compile
    import re._parser as sre_parse
    from re._constants import MAXREPEAT
except ImportError:  # Python 3.10
    import sre_compile
    import sre_parse
    from sre_constants import MAXREPEAT

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


_ZERO_WIDTH_ATOM = re.compile(r"\\[bBAZ]|\^")
_LOOKAROUND = ("(?=", "(?!", "(?<=", "(?<!")
_QUANTIFIER_START = ("?", "*", "+", "{")


def zero_width_prefix(pattern: str) -> int:
    """Length of the run of assertions that opens ``pattern`` (``\\b``, ``^``, lookarounds, and groups
    made only of those, such as ``(?:^|(?<=\\n)|(?<=[.!?]\\s))``): they consume nothing, so a match
    starts where what follows them starts."""
    i = 0
    while i < len(pattern):
        m = _ZERO_WIDTH_ATOM.match(pattern, i)
        if m:
            i = m.end()
            continue
        if pattern.startswith("(", i):
            end = _group_end(pattern, i)
            if end < 0 or pattern[end : end + 1] in _QUANTIFIER_START:
                break
            if pattern.startswith(_LOOKAROUND, i):
                i = end
                continue
            inner = pattern[i + 1 : end - 1]
            if not inner.startswith("?:"):
                break
            alternatives = split_alternatives(inner[2:])
            if all(alt and zero_width_prefix(alt) == len(alt) for alt in alternatives):
                i = end
                continue
        break
    return i


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
    # Assertions consume nothing ("(?=weak)(?:(?<=next\s)|(?<=this\s))weak" starts with "weak").
    i = zero_width_prefix(pattern)
    if pattern.startswith("(", i):
        end = _group_end(pattern, i)
        if end < 0:
            return None
        inner = pattern[i + 1 : end - 1]
        if inner.startswith("?:"):
            inner = inner[2:]
        elif inner.startswith("?P<") and ">" in inner:
            inner = inner[inner.index(">") + 1 :]  # a named group ("(?P<slip>...)") starts with its content
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


MAX_NEEDLES = 4  # a requirement of more alternatives costs more substring searches than it saves


def needles(pattern: re.Pattern) -> frozenset | None:
    """Strings one of which every match of ``pattern`` contains, as typed (None: none worth a look).

    "\\b(?:will|would)\\s+(?P<slip>effect)\\s+" cannot match a draft without "effect": one substring
    search (a C loop far quicker than the regex engine) says so before any match is tried. Only what
    the pattern must consume or must see (a positive lookaround) counts; anything case-insensitive is
    left out, since a substring search is exact. Of all such requirements, the one with the longest
    shortest string is kept, being the likeliest to be absent.
    """
    if pattern.flags & re.IGNORECASE:
        return None
    parsed = list(sre_parse.parse(pattern.pattern, pattern.flags))
    found = [r for r in _required(parsed) if len(r) <= MAX_NEEDLES]
    if not found:
        return None
    best = _likeliest_absent(found)
    return best if min(map(len, best)) >= 3 else None


def _likeliest_absent(requirements: list[frozenset]) -> frozenset:
    """The requirement whose shortest string is longest (then the one of fewest strings)."""
    return max(requirements, key=lambda r: (min(map(len, r)), -len(r)))


def _required(items) -> list[frozenset]:
    """Each a set of strings one of which every match of the sequence ``items`` contains."""
    out: list[frozenset] = []
    run: list[str] = []  # the literal characters just read, one string in every match
    for item in items:
        op, av = _op(item), item[1]
        if op == "LITERAL":
            run.append(chr(av))
            continue
        if run:
            out.append(frozenset(["".join(run)]))
            run = []
        if op == "SUBPATTERN" and not av[1] & re.IGNORECASE:  # (?i:...) matches other cases
            out += _required(av[-1])
        elif op in _REPEATS and av[0] >= 1:  # taken at least once
            out += _required(av[2])
        elif op == "ASSERT" or op == "ATOMIC_GROUP":  # a positive lookaround must see it in the draft
            out += _required(av[1] if op == "ASSERT" else av)
        elif op == "BRANCH":
            # one string from each alternative: every match holds one of them
            picks = [_required(list(b)) for b in av[1]]
            if all(picks):
                out.append(frozenset().union(*map(_likeliest_absent, picks)))
    if run:
        out.append(frozenset(["".join(run)]))
    return out


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


# ---- catastrophic backtracking ---------------------------------------------------------------------


@functools.cache
def _universe() -> str:
    """The sample of characters a regex item is run on: all of the BMP but surrogates, plus the emoji
    planes (built on first use: the engine imports this module and never needs it)."""
    return "".join(
        chr(c) for c in list(range(0xD800)) + list(range(0xE000, 0x10000)) + list(range(0x1F000, 0x1FB00))
    )


class _Chars:
    """The set of characters one regex item can consume, computed exactly by running it on the sample
    (a class, not a module-level dict, so tests/test_properties.py's walk for patterns skips the cache)."""

    _cache: ClassVar[dict] = {}

    @classmethod
    def of(cls, item, flags: int) -> frozenset:
        key = (repr(item), flags)  # parse items hold lists: their repr is the key
        if key not in cls._cache:
            state = sre_parse.State()
            state.flags = flags
            one = sre_parse.SubPattern(state, [item])
            cls._cache[key] = frozenset(sre_compile.compile(one, flags).findall(_universe()))
        return cls._cache[key]


_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
_ASSERTS = {"ASSERT", "ASSERT_NOT"}
_ZERO_WIDTH = {"AT"} | _ASSERTS
_SINGLE = {"LITERAL", "NOT_LITERAL", "IN", "ANY", "CATEGORY"}


def _op(item) -> str:
    return str(item[0])


def _body(item):
    """The sub-sequence of a repeat or group item."""
    return item[1][2] if _op(item) in _REPEATS else item[1][-1] if _op(item) == "SUBPATTERN" else None


def _nullable(item) -> bool:
    op, av = _op(item), item[1]
    if op in _REPEATS:
        return av[0] == 0 or all(_nullable(i) for i in av[2])
    if op == "SUBPATTERN":
        return all(_nullable(i) for i in av[-1])
    if op == "BRANCH":
        return any(all(_nullable(i) for i in b) for b in av[1])
    return op in _ZERO_WIDTH


def _unbounded(item) -> bool:
    # A possessive repeat never gives back, so it cannot be split many ways.
    return _op(item) in ("MAX_REPEAT", "MIN_REPEAT") and item[1][1] == MAXREPEAT


def _consumed(items, flags) -> frozenset:
    """Characters any part of ``items`` may consume."""
    out = set()
    for item in items:
        op = _op(item)
        if op in _SINGLE:
            out |= _Chars.of(item, flags)
        elif op in _REPEATS or op == "SUBPATTERN":
            out |= _consumed(_body(item), flags)
        elif op == "BRANCH":
            for b in item[1][1]:
                out |= _consumed(b, flags)
    return frozenset(out)


def _first(items, flags, from_end: bool = False) -> frozenset:
    """Characters a match of the sequence ``items`` may start (or end) with."""
    out = set()
    for item in reversed(items) if from_end else items:
        op = _op(item)
        if op in _SINGLE:
            out |= _Chars.of(item, flags)
        elif op in _REPEATS or op == "SUBPATTERN":
            out |= _first(_body(item), flags, from_end)
        elif op == "BRANCH":
            for b in item[1][1]:
                out |= _first(b, flags, from_end)
        if not _nullable(item):
            break
    return frozenset(out)


def _last(items, flags) -> frozenset:
    return _first(items, flags, from_end=True)


def _edge_repeats(items, from_end: bool):
    """Unbounded repeats that can begin (or end) a match of ``items``: only nullable items before (after)."""
    for item in reversed(items) if from_end else items:
        op = _op(item)
        if _unbounded(item):
            yield item
        elif op == "SUBPATTERN":
            yield from _edge_repeats(_body(item), from_end)
        elif op == "BRANCH":
            for b in item[1][1]:
                yield from _edge_repeats(b, from_end)
        if not _nullable(item):
            return


def _can_fail(items) -> bool:
    """Whether a match can still fail in ``items``: a mandatory item or an assertion can; an optional
    repeat or an alternative with an empty branch cannot (the engine just takes the empty way)."""
    for item in items:
        op = _op(item)
        if op in _ZERO_WIDTH or not _nullable(item):
            return True
        if op == "SUBPATTERN" and _can_fail(_body(item)):
            return True
    return False


def ambiguities(pattern: re.Pattern, anchored_use: bool = False) -> list[str]:
    """Shapes on which Python's backtracking engine takes quadratic or worse time on long input:

    1. nested: an unbounded repeat whose body can end in a repeat that eats what the body starts with,
       as in ``(a+)+`` or ``(\\w+\\s?)*`` (exponential);
    2. adjacent: two unbounded repeats over shared characters with only optional items between them,
       as in ``[ \\t]*(?:x)?\\s*`` (one run splits n ways between them);
    3. restart: the pattern begins with an unbounded repeat, can fail after it, and nothing stops it
       from starting again inside the run it just gave up on, as in ``\\s+x`` or ``[.!?]+(?=\\s)``
       (n attempts of n steps). A lookbehind excluding the run's characters, or ``\\A``, prevents it;
       so does using the pattern only with ``match()`` at one position (``anchored_use``).
    """
    flags = pattern.flags
    found = []
    text = lambda item: repr(item)[:90]  # noqa: E731

    def visit(items, after_can_fail: bool):
        # Ambiguity only costs time when a later failure makes the engine try every split.
        open_tails = []  # (repeat, chars it consumes) of unbounded repeats that may end right before this item
        for index, item in enumerate(items):
            op = _op(item)
            can_fail = after_can_fail or _can_fail(items[index + 1 :])
            if op in _REPEATS and _unbounded(item) and can_fail:
                head = _first(_body(item), flags)
                for tail in _edge_repeats(_body(item), from_end=True):
                    if _last(_body(tail), flags) & head:
                        found.append(f"nested: {text(item)}")
            if op not in _ZERO_WIDTH:
                for head in _edge_repeats([item], from_end=False) if can_fail else ():
                    for tail, chars in open_tails:
                        if chars & _first(_body(head), flags):
                            found.append(f"adjacent: {text(tail)} then {text(head)}")
                tails = [(r, _last(_body(r), flags)) for r in _edge_repeats([item], from_end=True)]
                open_tails = open_tails + tails if _nullable(item) else tails
            for sub in (
                [_body(item)]
                if _body(item) is not None
                else item[1][1]
                if op == "BRANCH"
                else [item[1][1]]
                if op in _ASSERTS
                else []
            ):
                visit(sub, can_fail and op not in _ASSERTS)

    def restarts(items, allowed_before=None):
        # allowed_before: characters after which a new attempt may start (None: after any)
        for index, item in enumerate(items):
            op, av = _op(item), item[1]
            if op == "AT":
                where = str(av)
                if where == "AT_BEGINNING_STRING" or (where == "AT_BEGINNING" and not flags & re.M):
                    return
                if where == "AT_BEGINNING":
                    allowed_before = {"\n"}
                continue
            if op == "ASSERT_NOT" and av[0] == -1 and len(av[1]) == 1 and _op(av[1][0]) in _SINGLE:
                excluded = _Chars.of(av[1][0], flags)
                allowed_before = (allowed_before or set(_universe())) - excluded
                continue
            if op in _ASSERTS:
                continue
            if op == "BRANCH":
                for b in av[1]:
                    restarts(list(b) + items[index + 1 :], allowed_before)
                return
            if op == "SUBPATTERN" and not _unbounded(item):
                restarts(list(_body(item)) + items[index + 1 :], allowed_before)
                return
            if _unbounded(item) and _can_fail(items[index + 1 :]):
                run = _consumed(_body(item), flags)
                if allowed_before is None or run & allowed_before:
                    found.append(f"restart: {text(item)}")
            return

    visit(list(sre_parse.parse(pattern.pattern, flags)), False)
    if not anchored_use:
        restarts(list(sre_parse.parse(pattern.pattern, flags)))
    return sorted(set(found))
