"""Spelling with pyspellchecker, tuned so that it only speaks when it is sure.

What is never checked (the way Vale's spelling filters and careful editors work): names and other
capitalised words mid-sentence, ALL-CAPS, CamelCase, tokens with digits, URLs, email addresses,
file names, placeholders and anything non-ASCII. British and American spellings are both accepted.
Suggestions use edit distance 1 only and are cached: distance 2 costs seconds per long unknown word.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

# A "chunk" is a run of non-space characters; a chunk that looks like code, a URL or an address is skipped whole.
_CHUNK = re.compile(r"\S+")
_TECHNICAL = re.compile(r"[@/\\:_#=+~|*<>{}\[\]$%^&0-9]|\w\.\w|^[\"'(]*[.-]")
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")
_ACCENTED = re.compile(r"[\u00C0-\u024F]")
MAX_WORD = 24  # longer "words" are junk or identifiers; nothing useful to suggest
MAX_SUGGESTION_WORK = 12  # distance-1 candidate searches per draft, to bound the worst case
TYPO_TARGET_FREQUENCY = 500  # a typo is a slip on an everyday word
SENTENCE_START_MIN = 6  # letters
SENTENCE_START_FREQUENCY = 50_000

_lock = threading.Lock()
_checker = None


def checker():
    """pyspellchecker's English words and counts, loaded once per process (compactly: word_list.py)."""
    global _checker
    if _checker is None:
        with _lock:
            if _checker is None:
                from .word_list import load_english

                _checker = load_english()
    return _checker


def _dictionary():
    return checker()


# British endings mapped to American ones; a British word is accepted when its American twin is known.
_UK_TO_US = (
    ("isations", "izations"),
    # the doer of it: organiser, fertiliser, stabilisers
    ("isers", "izers"),
    ("iser", "izer"),
    ("isation", "ization"),
    ("ising", "izing"),
    ("ised", "ized"),
    ("ises", "izes"),
    ("ise", "ize"),
    ("ysing", "yzing"),
    ("ysed", "yzed"),
    ("yses", "yzes"),
    ("yse", "yze"),
    ("ogues", "ogs"),
    ("ogue", "og"),
    ("mmes", "ms"),
    ("mme", "m"),
    ("tres", "ters"),
    ("tre", "ter"),
    ("bres", "bers"),
    ("bre", "ber"),
    ("ences", "enses"),
    ("ence", "ense"),
    ("lled", "led"),
    ("lling", "ling"),
    ("ller", "ler"),
    ("ement", "ment"),
    ("eable", "able"),
    ("ageing", "aging"),
)


def _us_forms(word: str):
    for uk, us in _UK_TO_US:
        if word.endswith(uk):
            yield word[: -len(uk)] + us
    if "our" in word:
        yield word.replace("our", "or")
    if "ae" in word:
        yield word.replace("ae", "e")
    if "oe" in word:
        yield word.replace("oe", "e")
    if word.endswith("l") and not word.endswith("ll"):  # enrol, fulfil, instil
        yield word + "l"
    if "lful" in word:  # skilful
        yield word.replace("lful", "llful")


@lru_cache(maxsize=50_000)
def _known_plain(word: str) -> bool:
    d = _dictionary()
    if word in d:
        return True
    forms = [word]
    if word.endswith("'s"):
        forms.append(word[:-2])
    elif word.endswith("'"):
        forms.append(word[:-1])
    else:
        # A word and a contracted have, will, are or would: the dictionary lists "would've" but not
        # "could've" or "might've", so the stem decides ("could'nt" is not one: n't is not taken here)
        stem = word
        while stem.endswith(_CONTRACTED):
            stem = stem[: stem.rindex("'")]
        if stem != word and stem:
            forms.append(stem)
    return any(f in d or any(us in d for us in _us_forms(f)) for f in forms)


_CONTRACTED = ("'ve", "'ll", "'re", "'d")


# Prefixes that make new words from known ones (rebrand, misconfigured, co-founder typed as cofounder).
_PREFIXES = (
    "re",
    "un",
    "mis",
    "pre",
    "co",
    "de",
    "non",
    "over",
    "under",
    "out",
    "sub",
    "inter",
    "multi",
    "cross",
    "self",
    "micro",
    "macro",
    "anti",
    "auto",
    "bio",
    "cyber",
    "eco",
    "hyper",
    "meta",
    "mid",
    "mini",
    "post",
    "pro",
    "semi",
    "super",
    "tele",
    "trans",
    "up",
    "down",
    "ultra",
    "omni",
)
_PART_FREQUENCY = 5000  # compound parts must be everyday words ("writ"+"ting" is not "writting")


@lru_cache(maxsize=50_000)
def _known_compound(word: str) -> bool:
    """workflow, voicemail, lifecycle, homeware: two ordinary words joined; or a prefix on a known word."""
    d = _dictionary()
    if word.endswith(("full", "fully")) and _known_plain(word.replace("full", "ful", 1)):
        return False  # "usefull", "beautifull": the suffix -ful misspelt, not the word "full"
    for i in range(len(word) - 1):
        if word[i] == word[i + 1] and d.get(word[:i] + word[i + 1 :], 0) >= TYPO_TARGET_FREQUENCY:
            return False  # "untill", "allways": an everyday word with a letter doubled, not un+till, all+ways
    for prefix in _PREFIXES:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= 3 and _known_plain(rest):
            return True
    for i in range(3, len(word) - 2):
        a, b = word[:i], word[i:]
        if d.get(a, 0) >= _PART_FREQUENCY and d.get(b, 0) >= _PART_FREQUENCY:
            return True
    return False


_VOWELS = set("aeiou")


def _stem_frequency(word: str) -> int:
    """Frequency of the known word this is a regular inflection of (ramping, callouts), else 0.

    English doubles the last consonant of a short stressed stem (run -> running, refer -> referred), so
    "refered" and "begining" are not inflections of "refer" and "begin" but the classic misspellings.
    """
    d = _dictionary()
    if word.endswith("s") and not word.endswith("ss"):
        single = word[:-2] if word.endswith("es") and word[:-2] in d else word[:-1]
        if single in d or (single.isalpha() and _known_compound(single)):
            return max(d.get(single, 0), _PART_FREQUENCY)
    for suffix in ("ing", "ed", "er", "ers"):
        if not word.endswith(suffix) or len(word) - len(suffix) < 3:
            continue
        stem = word[: -len(suffix)]
        if len(stem) >= 2 and stem[-1] == stem[-2] and stem[:-1] in d:
            return d[stem[:-1]]  # running, planned: the doubling was right
        if stem + "e" in d:
            return d[stem + "e"]  # making, baked
        if stem in d and stem[-1] not in _VOWELS | set("wxy") and stem + stem[-1] + suffix in d:
            return 0  # the dictionary doubles this stem's consonant: "commited", "occured" are slips
        if stem in d:
            cvc = (
                len(stem) >= 3
                and stem[-1] not in _VOWELS | set("wxy")
                and stem[-2] in _VOWELS
                and stem[-3] not in _VOWELS
            )
            if cvc and len(stem) <= 5:
                return 0  # begin+ing should have doubled: "begining" is a slip
            return d[stem]
    return 0


# The British shapes a suggestion may take when only its American twin is in the word list: the
# endings of _UK_TO_US, and "our" where it ends a word or comes before a suffix ("favourite",
# "honourable", "colours"). Not "our" anywhere ("oppourtunity" is no British word).
_BRITISH_SHAPE = re.compile(
    "(?:" + "|".join(uk for uk, _ in _UK_TO_US) + r")$"
    r"|our(?:s|ed|ing|ite|ites|able|ably|ful|less|er|ers|ist|ists|ism|al|hood|hoods)?$"
)


def _american_twin(word: str) -> str | None:
    """The American spelling of a word of a British shape ("organised": "organized"), else None."""
    m = _BRITISH_SHAPE.search(word)
    if m is None:
        return None
    ending = m.group(0)
    if ending.startswith("our"):
        return word[: m.start()] + "or" + ending[3:]
    return word[: m.start()] + dict(_UK_TO_US)[ending]


@lru_cache(maxsize=5_000)
def suggestions_for(word: str) -> tuple:
    """Up to three distance-1 corrections, most frequent first (cached across requests)."""
    sp = checker()
    d = _dictionary()
    # A British spelling is a candidate too ("organsied" -> "organised"), counted as often as its
    # American twin: the word list is American, and a slip on a British word had no suggestion, so
    # it was never reported at all.
    counts = {}
    for w in sp.edit_distance_1(word):
        if w == word:
            continue
        if w in d:
            counts[w] = d[w]
        else:
            twin = _american_twin(w)
            if twin is not None and twin in d:
                counts[w] = d[twin]
    candidates = sorted(counts, key=lambda w: (-counts[w], w))
    return tuple(candidates[:3])


def _frequency(word: str) -> int:
    """How common a word is; a British spelling counts as often as its American twin."""
    d = _dictionary()
    if word in d:
        return d[word]
    return d.get(_american_twin(word) or "", 0)


@lru_cache(maxsize=4)
def _title_words(root: str) -> frozenset:
    """shared-rules/lists/job-titles.txt: the words a job title ends with."""
    text = (Path(root) / "lists" / "job-titles.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() for w in line.split("#", 1)[0].split())


_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z][a-z]+)\b")
_PREVIOUS_WORD = re.compile(r"\b[A-Z][a-z]+[ \t]+$")


def _in_a_title(text: str, start: int, end: int, options: tuple, titles: frozenset) -> bool:
    """Is the capitalised word at ``text[start:end]`` part of a job title, not a name? It is right
    before a capitalised title word ("Sofware Engineer"), or it follows another capitalised word
    and a title word follows it or is its nearest spelling ("Marketing Coordinater role",
    "Administrative Asistant"). A name before "role" alone ("the Monzo role") is not enough."""
    after = _NEXT_WORD.match(text, end)
    nxt = after.group(1) if after else ""
    if nxt[:1].isupper() and nxt.lower() in titles:
        return True
    if not _PREVIOUS_WORD.search(text, max(0, start - 30), start):
        return False
    return nxt.lower() in titles or bool(options and options[0].lower() in titles)


def _title_first(word: str, options: tuple, titles: frozenset) -> tuple:
    """The suggestions with any title word one edit away first (it may be past the three kept)."""
    near = sorted(w for w in checker().edit_distance_1(word) if w in titles)
    return tuple(dict.fromkeys([*near, *options]))[:3]


def _match_case(original: str, suggestion: str) -> str:
    return suggestion[:1].upper() + suggestion[1:] if original[:1].isupper() else suggestion


def _extra_words(state) -> set:
    """Names the context gives (the interviewer, the company...): words of this draft's world."""
    words = set()
    ctx = state.context
    for key in ("interviewer", "candidate", "company", "position", "topic"):
        value = ctx.get(key)
        if isinstance(value, str):
            words.update(w.lower() for w in _WORD.findall(value))
    for name in ctx.get("other_companies") or []:
        if isinstance(name, str):
            words.update(w.lower() for w in _WORD.findall(name))
    return words


# Prose punctuation that _TECHNICAL would take for code: a word before a colon ("availability:"),
# emphasis ("*really*", "_really_") and words joined by slashes ("mornings/evenings", "his/her").
# Such a token is checked as the words it holds (a URL, a path, a time or a tag still is not).
_PROSE_EDGES = re.compile(r"([*_]?)([A-Za-z'’-]+(?:/[A-Za-z'’-]+)*)(?:[*_]?[:;,.!?]?|[:;][*_]?)")


def _prose_core(token: str) -> tuple[int, str] | None:
    """(offset, words) of a token that is plain words in prose punctuation, else None."""
    m = _PROSE_EDGES.fullmatch(token)
    if m is None or (m.group(1) and not token.rstrip(":;,.!?").endswith(m.group(1))):
        return None  # "*really" without its closing star is not emphasis
    return m.start(2), m.group(2)


_RUN = re.compile(r"(\w)\1\1+")


def _stretched(word: str) -> bool:
    """A known word with one letter held down ("sooo" so, "pleeease" please, "thankssss" thanks)?
    No English word has a letter three times running, so the run was typed on purpose."""
    if not _RUN.search(word):
        return False
    return _known_plain(_RUN.sub(r"\1", word)) or _known_plain(_RUN.sub(r"\1\1", word))


@lru_cache(maxsize=50_000)
def _suspects(token: str) -> tuple:
    """Words of one whitespace-delimited token that the dictionary does not know, with where they sit.

    Depends on the token alone, so it is cached: a draft is mostly words seen many times before.
    """
    if _ACCENTED.search(token):
        return ()
    if _TECHNICAL.search(token):
        core = _prose_core(token)
        if core is None:
            return ()
        at, words = core
        found = []
        for part in re.finditer(r"[^/]+", words):
            if not _TECHNICAL.search(part.group(0)):  # "--" or "-.": still not a word
                found.extend((at + part.start() + start, *rest) for start, *rest in _suspects(part.group(0)))
        return tuple(found)
    found = []
    for m in _WORD.finditer(token):
        word = m.group(0)
        if len(word) < 2 or len(word) > MAX_WORD:
            continue
        if word.isupper() or any(c.isupper() for c in word[1:]):
            continue  # acronyms, SHOUTING (a tone rule's business) and CamelCase
        hyphenated = token[m.end() : m.end() + 1] == "-" or (m.start() > 0 and token[m.start() - 1] == "-")
        if hyphenated and len(word) <= 5:
            continue  # cryo-EM, multi-tenant, e-obs: short parts of compounds are prefixes, not words
        lower = word.lower()
        if lower.strip("x") == "":
            continue  # kisses after a name or a thank-you ("Shannon xx"): never a slip of the keys
        base = lower[:-2] if lower.endswith("'s") else lower
        if _known_plain(lower):
            continue
        if _stretched(lower):
            continue  # "sooo", "pleeease": a word drawn out on purpose (tone's business), not a slip
        # Capitalised words are names or sentence starts; compounds matter for lowercase jargon.
        if word[0].islower() and _known_compound(base):
            continue
        found.append((m.start(), word, lower, base))
    return tuple(found)


_BEFORE = re.compile(r"(?<![\w'-])([a-z]{2,24})[ \t]+$")
_AFTER = re.compile(r"[ \t]+([a-z]{2,24})(?![\w'-])")


def _neighbours(text: str, start: int, end: int) -> list:
    """The lower-case words right before and after ``text[start:end]`` on its line, with nothing but
    spaces between."""
    found = []
    m = _BEFORE.search(text, max(0, start - 30), start)
    if m:
        found.append(m.group(1))
    m = _AFTER.match(text, end)
    if m:
        found.append(m.group(1))
    return found


def spelling(rule, state):
    draft = state.draft
    text, end = draft.masked, draft.end
    # Unique tokens first (split runs in C); most drafts have no suspect at all and stop here.
    suspects = {}
    for token in set(text[:end].split()):
        found = _suspects(token)
        if found:
            suspects[token] = found
    if not suspects:
        return
    extra = _extra_words(state)
    vocabulary = state.pack.vocabulary
    starts = draft.sentence_starts
    titles = _title_words(str(state.pack.root))
    budget = MAX_SUGGESTION_WORK
    verdicts: dict = {}

    def _foreign(neighbour: str) -> bool:
        """An unknown lower-case word with no ordinary word one edit away (asked within the budget)."""
        nonlocal budget
        if _known_plain(neighbour) or neighbour in vocabulary or neighbour in state.dictionary:
            return False
        if neighbour not in verdicts:
            if budget <= 0:
                return True  # cannot tell: stay quiet rather than guess
            budget -= 1
            verdicts[neighbour] = suggestions_for(neighbour)
        return not verdicts[neighbour]

    for chunk in _CHUNK.finditer(text, 0, end):
        found = suspects.get(chunk.group(0))
        if not found:
            continue
        for start, word, lower, base in found:
            offset = chunk.start() + start
            # A capitalised word mid-sentence is a name, a company, a place, unless it sits in a job
            # title (decided once it has suggestions, below).
            titled = word[0].isupper() and offset not in starts
            if titled and not (word[1:].islower() and _NEXT_WORD.match(text, offset + len(word))):
                continue
            if (
                lower in extra
                or base in extra
                or lower in vocabulary
                or base in vocabulary
                or lower in state.dictionary
                or base in state.dictionary
            ):
                continue
            if lower not in verdicts:
                if budget <= 0:
                    continue  # past the budget nothing can be confirmed: stay quiet rather than guess
                budget -= 1
                # No ordinary word one edit away: jargon, a name or a coinage, not a slip of the keys.
                verdicts[lower] = suggestions_for(lower)
            options = verdicts[lower]
            if not options:
                continue
            if titled:
                if not _in_a_title(text, offset, offset + len(word), options, titles):
                    continue  # a name, a company, a place
                # inside a title the title word is the likeliest fix ("Coordinater": Coordinator)
                options = _title_first(lower, options, titles)
            nearest = _frequency(options[0].lower())
            if nearest < TYPO_TARGET_FREQUENCY:
                continue  # the nearest word is itself rare: more likely jargon than a slip
            stem = _stem_frequency(lower) if word[0].islower() else 0
            if stem >= 1000 and nearest < 10 * stem:
                continue  # a regular form of a known word (ramping, callouts), not a slip of a commoner one
            if (
                word[0].isupper()
                and not titled
                and (
                    len(word) < SENTENCE_START_MIN
                    or _frequency(options[0].lower()) < SENTENCE_START_FREQUENCY
                )
            ):
                # A capitalised first word is often a name ("Sian said...", "Marek and I..."): only a
                # slip of a long, common word ("Recieved", "Definately") is worth saying.
                continue
            if any(_foreign(n) for n in _neighbours(text, offset, offset + len(word))):
                continue  # "the akad nikah": one word of a phrase in another language, not a slip
            message = rule.say(match=word)
            yield offset, len(word), message, [_match_case(word, o) for o in options]
