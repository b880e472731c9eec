"""A coach's voice: every rule's message, as a user reads it, is short, kind and well formed.

Run over every rule file in the pack (new ones included) through its own fail examples, so what is
checked is the message after {match}, {count}, {date}... are filled in. Each message must start with a
capital, quote the flagged words at most once, never put two articles in a row ("the 'the relocation
package'"), stay within 30 words, and never blame or use jargon ("owe you nothing", "desperate").
A rule whose message breaks one of these fails with the rule, the example and the message named.
"""

from __future__ import annotations

import re

import pytest
from etiquette.engine import check, get_pack

PACK = get_pack()
MAX_WORDS = 30
BLAME = re.compile(
    r"\b(?:owe you nothing|owe you|desperate|desperation|needy|pushy|nag|nagging|annoying|rude|lazy|"
    r"careless|unprofessional|you should know)\b",
    re.I,
)
JARGON = re.compile(r"\b(?:placeholder|regex|token|metric|occurrence|builtin|lint|span|excerpt)\b", re.I)
ARTICLES = re.compile(r"\b(a|an|the)\s+(a|an|the)\b", re.I)


def _messages(rule):
    for example in rule.examples["fail"]:
        result = check(
            example["text"],
            kind=example.get("kind", "auto"),
            context=example.get("context"),
            now=example.get("now"),
            subject=example.get("subject"),
            dictionary=example.get("dictionary"),
            disabled=example.get("disabled"),
        )
        # A meaning rule that judges whether something is present speaks through the rule it backs.
        ids = {rule.id, rule.params.backs} if rule.kind == "meaning" else {rule.id}
        for w in result["warnings"]:
            if w["rule"] in ids:
                yield example["text"], w


def style_problems(message: str, excerpt: str) -> list[str]:
    """What is wrong with one message as a user reads it (empty: nothing)."""
    problems = []
    if not message[:1].isupper() and not message[:1].isdigit():
        problems.append("does not start with a capital")
    words = len(message.split())
    if words > MAX_WORDS:
        problems.append(f"{words} words (at most {MAX_WORDS})")
    quoted = excerpt.strip()
    if quoted and message.count(f"'{quoted}'") > 1:
        problems.append(f"quotes '{quoted}' more than once")
    # Articles in a row, once the quoted words are reduced to their own leading article (if any).
    plain = message
    if quoted:
        lead = quoted.split()[0] if quoted.split() and quoted.split()[0].lower() in ("a", "an", "the") else ""
        plain = plain.replace(f"'{quoted}'", f"{lead} WORDS".strip())
    plain = re.sub(r"'[^']*'", "WORDS", plain)
    if ARTICLES.search(plain):
        problems.append(f"two articles in a row ({ARTICLES.search(plain).group(0)!r})")
    if BLAME.search(message):
        problems.append(f"blames the reader ({BLAME.search(message).group(0)!r})")
    if JARGON.search(message):
        problems.append(f"jargon ({JARGON.search(message).group(0)!r})")
    return problems


@pytest.mark.parametrize("rule", PACK.rules, ids=lambda r: r.id)
def test_every_message_reads_like_a_coach(rule):
    assert rule.message.count("{match}") <= 1, f"{rule.id}: names the flagged words more than once"
    seen = 0
    for text, w in _messages(rule):
        seen += 1
        problems = style_problems(w["message"], w["excerpt"])
        assert not problems, f"{rule.id} on {text!r}: {w['message']!r}: {'; '.join(problems)}"
    assert seen or rule.kind not in ("grammar", "meaning"), (
        f"{rule.id}: the {rule.kind} layer is off here; `make install` brings harper-py and `etiquette model "
        "fetch` the sentence encoder (make test does both)"
    )
    assert seen, f"{rule.id}: no fail example produced its message"


@pytest.mark.parametrize(
    "message, excerpt, problem",
    [
        ("'salary' raises pay before they have made an offer.", "salary", "capital"),
        ("Asking about the 'the relocation package' now.", "the relocation package", "articles"),
        ("Please wait, they owe you nothing yet.", "", "blames"),
        ("'X' and again 'X'.", "X", "more than once"),
        ("Word " * 31, "", "words"),
    ],
)
def test_the_style_check_catches_what_the_issue_named(message, excerpt, problem):
    assert any(problem in p for p in style_problems(message, excerpt)), style_problems(message, excerpt)


def test_very_excited_is_one_warning_and_exclamations_are_not_called_shouting():
    result = check("Thank you for the interview today, I am VERY EXCITED about the role and the team!!!")
    tone = [w for w in result["warnings"] if w["category"] == "tone"]
    capitals = [w for w in tone if w["rule"] in ("tone.shouting", "tone.capitals_run")]
    assert len(capitals) == 1 and capitals[0]["excerpt"] == "VERY EXCITED", tone
    marks = [w for w in tone if w["rule"] == "tone.exclamations"]
    assert marks and "shout" not in marks[0]["message"].lower()
