"""Adversarial drafts of exactly 20,000 code points: the longest text the API accepts, shaped to hit
the slow paths of regex rules, tokenisers and the spell checker (see research/anchors-linters.md §4:
pyspellchecker at distance 2 costs seconds on long unknown words)."""

from __future__ import annotations

import random
import string

SIZE = 20_000
EMOJI = "😀🎉🙏👍🔥💯😅🚀✨🤞"

_PROSE = (
    "Thank you for taking the time to speak with me about the role. I enjoyed learning about the "
    "team's plans for the platform and I remain very interested in the position. "
)


def _fit(text: str) -> str:
    """Exactly SIZE code points (Python string length), repeating or cutting as needed."""
    if not text:
        return text
    while len(text) < SIZE:
        text += text
    return text[:SIZE]


def _words(rng: random.Random, lo: int, hi: int, letters: str = string.ascii_lowercase) -> str:
    out, n = [], 0
    while n <= SIZE:  # the joined text is n - 1 long
        word = "".join(rng.choice(letters) for _ in range(rng.randint(lo, hi)))
        out.append(word)
        n += len(word) + 1
    return " ".join(out)[:SIZE]


def _lines(prefix: str, rng: random.Random) -> str:
    out, n = [], 0
    while n <= SIZE:  # the joined text is n - 1 long
        line = prefix + " ".join(rng.choice(_PROSE.split()) for _ in range(rng.randint(3, 12)))
        out.append(line)
        n += len(line) + 1
    return "\n".join(out)[:SIZE]


def drafts(seed: int = 20261125) -> list[tuple[str, str]]:
    """(name, text) pairs, deterministic for a seed."""
    rng = random.Random(seed)
    letters = string.ascii_lowercase
    cases = [
        ("junk tokens (5-40 letters)", _words(rng, 5, 40)),
        ("long words (40 letters)", _words(rng, 40, 40)),
        ("capitalised junk", _words(rng, 5, 14).title()),
        ("single 20,000-char token", "".join(rng.choice(letters) for _ in range(SIZE))),
        ("no-spaces prose", _fit(_PROSE.replace(" ", ""))),
        ("[[[[ run", "[" * SIZE),
        ("(((( run", "(" * SIZE),
        ("{{{{ run", "{" * SIZE),
        ("[a][b]... pairs", _fit("".join(f"[{c}]" for c in letters))),
        ("<<<< and >>>> runs", _fit("<" * 500 + ">" * 500)),
        ("emoji run", _fit(EMOJI)),
        ("emoji between words", _fit("".join(f"great {e} " for e in EMOJI))),
        ("'salary salary ...'", _fit("salary ")),
        ("'the the the ...'", _fit("the ")),
        (
            "repeated rule phrases",
            _fit(
                "I need an answer ASAP!!! what is the salary, £65k or $120,000? "
                "I assume you went with someone else. by the way my holiday "
            ),
        ),
        ("placeholders", _fit("[Company Name] {name} <Position> XXX TODO ")),
        ("many newlines", _fit("Hi\n" + "\n" * 997 + "thanks\n")),
        ("many '>' lines", _lines("> ", rng)),
        ("'On ... wrote:' + quotes", _fit("On Mon, 23 Nov 2026, Sam wrote:\n> thanks for coming in\n")),
        ("ALL CAPS shouting", _fit("PLEASE RESPOND TO MY EMAIL NOW!!! ")),
        ("one 20,000-char sentence", _fit("and I also really want to say that ")),
        ("numbers and currency", _fit("80k 120,000 $95,000.00 £65k 3.5% 2026-11-25 ")),
        ("punctuation soup", _fit(".,;:!?-'\"/\\|*&^%$#@~` ")),
        ("realistic prose x130", _fit(_PROSE)),
    ]
    for name, text in cases:
        assert len(text) == SIZE, (name, len(text))
    return cases
