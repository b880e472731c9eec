"""A draft as the checker sees it: the candidate's own words, with everything else blanked out.

Quoted earlier messages and the signature are replaced by spaces (newlines kept) in ``masked``, so
every regex runs on a string of the same length as the original and its match offsets point straight
into the original text (code points, as Python indexes strings). LanguageTool's browser add-on blanked
quoted lines for the same reason.
"""

from __future__ import annotations

import bisect
import re
from functools import cached_property

# "On Tue, 24 Nov 2026 at 10:02, Siobhan <s@acme.io> wrote:" — mail clients wrap it over two lines.
_QUOTE_HEADER = re.compile(r"^[ \t]*On\b[^\n]{0,300}?(?:\n[^\n]{0,200}?)?\bwrote:[ \t]*$", re.M)
_FORWARD_HEADER = re.compile(
    r"^[ \t]*(?:-{2,}\s*(?:Original Message|Forwarded message)\s*-{2,}"
    r"|From:[^\n]{1,200}\n(?:[^\n]{0,200}\n){0,3}?(?:Sent|Date):)",
    re.M | re.I,
)
_QUOTED_LINE = re.compile(r"^[ \t]*>[^\n]*$", re.M)
# RFC 3676 signature separator "-- " (many people type it without the space).
_SIG_SEPARATOR = re.compile(r"^--[ \t]*$", re.M)
_SIGN_OFF = re.compile(
    r"^[ \t]*(?:(?:with[ \t]+)?"
    r"(?:(?:best|kind|warm|warmest|many|kindest|all[ \t]+the[ \t]+best|sincere|respectful)[ \t]+)?"
    r"(?:regards|wishes|thanks|thank[ \t]+you|best)|cheers|sincerely|yours[ \t]+(?:sincerely|truly|faithfully)"
    r"|yours|respectfully|thanks(?:[ \t]+(?:again|so[ \t]+much|very[ \t]+much))?"
    r"|thank[ \t]+you(?:[ \t]+(?:again|so[ \t]+much))?"
    r"|many[ \t]+thanks|all[ \t]+the[ \t]+best|take[ \t]+care|speak[ \t]+soon|talk[ \t]+soon"
    r"|with[ \t]+gratitude|gratefully|warmly"
    # the warm sign-offs of friendly notes ("Lots of love," / "Love,"), which a name and kisses follow
    r"|(?:lots[ \t]+of[ \t]+|much[ \t]+|all[ \t]+my[ \t]+)?love)"
    r"(?:[ \t]*[,.!])?[ \t]*$",
    re.M | re.I,
)
# "P.S. ..." up to the next blank line.
_POSTSCRIPT = re.compile(r"^[ \t]*P\.?[ \t]?S\.?(?:[ \t]|:)[^\n]*(?:\n[ \t]*\S[^\n]*)*", re.M)
# A last line of one to three capitalised words and nothing else ("Liam", "Jo Bloggs", "Dr. Nneka Eze"),
# perhaps with kisses after the name ("Shannon xx").
_NAME_LINE = re.compile(
    r"\n[ \t]*\n[ \t]*((?:(?:Dr|Mr|Mrs|Ms|Prof)\.?[ \t]+)?[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’.-]*){0,2}"
    r"(?:[ \t]+x{1,5})?)\s*$"
)
# "Dear Siobhan," / "Hi Sam" alone on its line, or "Hi Sam," at the start of a line that goes on.
_GREETING = re.compile(
    r"[ \t]*(?:dear|hi|hello|hey|hiya|good[ \t]+(?:morning|afternoon|evening)|greetings|to[ \t]+whom)\b"
    r"(?:[^\n,.!?;:]{0,60}[,!:;]|(?:[ \t]+\S+){0,5}[ \t]*$)",
    re.I,
)
# A URL or an address is one word, however many dots and slashes it has; so is "design-system"
# (word processors count a hyphenated compound once), and so is a number such as "1,200" or "3.2".
_WORD = re.compile(
    r"(?:https?://|www\.)\S+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\d(?<!\d\d)\d*(?:[.,]\d+)+(?![\w'’-])"
    r"|[A-Za-z0-9\u00C0-\u024F]+(?:['’-][A-Za-z0-9\u00C0-\u024F]+)*"
)
# Sentence ends: . ! ? (runs) followed by space or end, or a blank line / line break before a new line.
# A run of line breaks is one match: the spans are the same (the pieces between them are blank and
# skipped), and a draft of 20,000 newlines costs one step, not 20,000.
_SENTENCE_END = re.compile(r"(?<![.!?])[.!?]+(?=[\s\"')\]]|$)|\n+")
# Titles never end a sentence; other abbreviations ("etc.", "Nov.", "p.m.") only when a lowercase word follows.
_TITLE = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Mx|Dr|Prof|St|Jr|Sr|vs|e\.g|i\.e)|\b[A-Z])$")
_ABBREV = re.compile(
    r"\b(?:etc|approx|Inc|Ltd|Co|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|a\.m|p\.m)$"
)
_NEXT_LOWER = re.compile(r"\s*[a-z0-9]")


def same_length_lower(text: str) -> str:
    """``text.lower()``, except characters whose lower case is longer (e.g. "İ") stay as they are."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


# A line break a mail client or an editor put inside a paragraph ("...about the school's outdoor\n
# learning program, and..."): prose before it that does not end a sentence, prose after it that does not
# start a list item, a header ("Mobile: ..."), or a sign-off. To a reader it is a space, and so it is in
# ``masked``, or every wrapped line would read as a sentence of its own.
_WRAP_CANDIDATE = re.compile(r"[^\s.!?:;]\n(?=[ \t]*[\w\"'(])")
_WRAP_MIN_LINE = 40  # a wrapped line is long; greetings, names and contact lines are short
_NOT_PROSE_START = re.compile(
    r"[ \t]*(?:\d{1,2}[.)][ \t]|[A-Z][\w'-]*(?:[ \t][\w'-]+){0,2}:[ \t]|(?:P\.?[ \t]?S\b))"
)


def _soft_wraps(text: str) -> list[int]:
    """Offsets of the line breaks inside wrapped paragraphs of ``text``."""
    found = []
    for m in _WRAP_CANDIDATE.finditer(text):
        brk = m.end() - 1
        line_start = text.rfind("\n", 0, brk) + 1
        line = text[line_start:brk].strip()
        if len(line) < _WRAP_MIN_LINE:
            continue
        if line.endswith(",") and not text[:line_start].strip():
            continue  # a long greeting line ("Dear members of the interview panel,")
        nxt = brk + 1
        if _NOT_PROSE_START.match(text, nxt) or _SIGN_OFF.match(text, nxt, _line_end(text, nxt)):
            continue
        found.append(brk)
    return found


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


_NON_BLANK_LINE = re.compile(r"^[^\S\n]*\S[^\n]*", re.M)


class _Tail:
    """The non-blank lines of ``text[:cut]`` that are not a P.S., found once: every sign-off line asks
    whether only a name and contact lines follow it (a draft of many lines asked it once per line)."""

    def __init__(self, text: str, cut: int):
        self.text = text
        self.lines = [
            (m.start(), m.end())
            for m in _NON_BLANK_LINE.finditer(text, 0, cut)
            if not _POSTSCRIPT.match(text, m.start(), m.end())
        ]
        self.starts = [a for a, _ in self.lines]

    def looks_like_signature(self, pos: int) -> bool:
        """Are the lines after ``pos`` (a line end) at most 8, none longer than 12 words?"""
        i = bisect.bisect_left(self.starts, pos)
        lines = self.lines[i : i + 9]
        if len(lines) > 8:
            return False  # a long tail is a letter, not a signature
        return all(len(self.text[a:b].split()) <= 12 for a, b in lines)


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


class Draft:
    """The text, its masked twin, and the regions the rules care about."""

    def __init__(self, text: str, subject: str | None = None):
        self.text = text
        self.subject = subject
        chars = list(text.replace("\u2019", "'").replace("\u2018", "'"))
        n = len(text)

        # Quoted reply: from the "On ... wrote:" / "Original Message" header to the end.
        cut = n
        for pattern in (_QUOTE_HEADER, _FORWARD_HEADER):
            m = pattern.search(text)
            if m and m.start() < cut:
                cut = m.start()
        for m in _QUOTED_LINE.finditer(text):
            _blank(chars, m.start(), m.end())
        # The letter as signed: quotes blanked, signature kept (a "[Your name]" there is still a slip).
        self.quote_end = cut
        letter = chars[:]
        _blank(letter, cut, n)
        self.letter = "".join(letter)
        # Signature: after a "-- " line.
        m = _SIG_SEPARATOR.search(text, 0, cut)
        if m:
            cut = m.start()
        # After the last sign-off line ("Best regards,") come the name and contact lines.
        self.sign_off_start = None
        tail = None
        for m in _SIGN_OFF.finditer(text, 0, cut):
            # A sign-off has something before it and only a name and contact lines after it;
            # "Thank you!" on a line of its own mid-message is not one.
            if tail is None:
                tail = _Tail(text, cut)
            if text[: m.start()].strip() and tail.looks_like_signature(m.end()):
                self.sign_off_start = m.start()
                sign_off_end = m.end()
        if self.sign_off_start is None:
            # No "Best regards," but a bare name on the last line ("Liam"): that is the sign-off.
            m = _NAME_LINE.search(text, 0, cut)
            if m and text[: m.start()].strip():
                self.sign_off_start = m.start(1)
        if (
            self.sign_off_start is not None
            and self.sign_off_start < cut
            and _SIGN_OFF.match(text, self.sign_off_start)
        ):
            _blank(chars, sign_off_end, cut)
            # A "P.S." after the name is still the candidate writing: give it back to the rules.
            ps = _POSTSCRIPT.search(text, sign_off_end, cut)
            if ps:
                chars[ps.start() : ps.end()] = list(
                    text[ps.start() : ps.end()].replace("\u2019", "'").replace("\u2018", "'")
                )
        _blank(chars, cut, n)
        self.end = cut
        masked = "".join(chars)
        for i in _soft_wraps(masked):
            chars[i] = " "
        self.masked = "".join(chars)

        # Greeting: the first non-blank line when it reads like one ("Dear Siobhan,").
        self.greeting = None
        first = re.search(r"\S[^\n]*", self.masked)
        greeting = _GREETING.match(first.group(0)) if first else None
        if greeting:
            self.greeting = (first.start(), first.start() + greeting.end())

    # ---- case-folded twins (same length, so offsets still hold) ------------------------------
    @cached_property
    def lowered(self) -> str:
        return same_length_lower(self.masked)

    @cached_property
    def letter_lowered(self) -> str:
        return same_length_lower(self.letter)

    # ---- regions -----------------------------------------------------------------------------
    @cached_property
    def body_range(self) -> tuple[int, int]:
        """Where the message itself is: after the greeting, before the sign-off (or the cut)."""
        start = self.greeting[1] if self.greeting else 0
        end = self.sign_off_start if self.sign_off_start is not None else self.end
        return start, max(start, end)

    @cached_property
    def body(self) -> str:
        s, e = self.body_range
        return self.masked[s:e]

    @cached_property
    def words(self) -> list[re.Match]:
        s, e = self.body_range
        return list(_WORD.finditer(self.masked, s, e))

    @cached_property
    def word_count(self) -> int:
        return len(self.words)

    @cached_property
    def word_starts(self) -> list[int]:
        return [m.start() for m in self.words]

    def words_between(self, start: int, end: int) -> int:
        """How many body words start in [start, end)."""
        return bisect.bisect_left(self.word_starts, end) - bisect.bisect_left(self.word_starts, start)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Sentence spans over the whole checked text (greeting and sign-off included)."""
        spans = []
        text = self.masked
        start = 0
        limit = self.end
        for m in _SENTENCE_END.finditer(text, 0, limit):
            if m.group(0) == "." and (
                _TITLE.search(text, max(0, m.start() - 6), m.start())
                or (
                    _ABBREV.search(text, max(0, m.start() - 6), m.start())
                    and _NEXT_LOWER.match(text, m.end())
                )
            ):
                continue
            end = m.end()
            if text[start:end].strip():
                spans.append(self._trim(start, end))
            start = end
        if text[start:limit].strip():
            spans.append(self._trim(start, limit))
        return spans

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        text = self.masked
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end

    @cached_property
    def sentence_offsets(self) -> list[int]:
        return [a for a, _ in self.sentences]

    @cached_property
    def body_sentences(self) -> list[tuple[int, int]]:
        s, e = self.body_range
        return [(a, b) for a, b in self.sentences if a >= s and b <= e]

    @cached_property
    def sentence_starts(self) -> set[int]:
        """Offsets of the first word of every sentence (and of every line)."""
        starts = set()
        for a, b in self.sentences:
            m = _WORD.search(self.masked, a, b)
            if m:
                starts.add(m.start())
        return starts

    @cached_property
    def question_count(self) -> int:
        s, e = self.body_range
        return len(re.findall(r"\?+", self.masked[s:e]))

    def stats(self) -> dict:
        return {
            "words": self.word_count,
            "sentences": len(self.body_sentences),
            "questions": self.question_count,
        }
