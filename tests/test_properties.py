"""Properties of the engine that must hold for any text a user (or a page, or a fuzzer) can send.

Hypothesis generates drafts mixing real email words with the characters that break text tools:
control characters, zero-width joiners and spaces, right-to-left marks and scripts, emoji sequences,
combining marks, and arbitrary Unicode, up to the API's 20,000 characters. Runs are derandomized so a
failure reproduces, and bounded so the file stays quick.

The last part reads every regular expression the engine and the rule pack compile and refuses the two
shapes that make Python's backtracking engine blow up on long input (see ``ambiguities``).
"""

from __future__ import annotations

import copy
import importlib
import inspect
import json
import pkgutil
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

import etiquette
from etiquette.app import create_app
from etiquette.vocab import CATEGORIES, KINDS, MAX_TEXT, MESSAGE_KINDS, SEVERITIES, STAGES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

try:  # Python 3.11+
    import re._compiler as sre_compile
    import re._parser as sre_parse
    from re._constants import MAXREPEAT
except ImportError:  # Python 3.10
    import sre_compile
    import sre_parse
    from sre_constants import MAXREPEAT

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
FAST = settings(
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

WORDS = [
    "Dear",
    "Hi",
    "Hello",
    "Ms.",
    "Mr",
    "Dr",
    "Patel",
    "Siobhan",
    "O'Donnell",
    "O’Brien",
    "thank",
    "thanks",
    "you",
    "for",
    "the",
    "interview",
    "today",
    "yesterday",
    "tomorrow",
    "Monday",
    "next",
    "week",
    "role",
    "position",
    "team",
    "I",
    "we",
    "am",
    "very",
    "really",
    "REALLY",
    "URGENT",
    "ASAP",
    "salary",
    "benefits",
    "pay",
    "package",
    "holiday",
    "just",
    "checking",
    "in",
    "following",
    "up",
    "again",
    "still",
    "waiting",
    "any",
    "news",
    "update",
    "decision",
    "offer",
    "excited",
    "interested",
    "enjoyed",
    "learning",
    "about",
    "your",
    "data",
    "platform",
    "dbt",
    "Kubernetes",
    "teh",
    "recieve",
    "definately",
    "seperate",
    "colour",
    "color",
    "[Name]",
    "[Company]",
    "{company}",
    "<interviewer>",
    "Best",
    "regards,",
    "Kind",
    "Cheers",
    "Sincerely",
    "Jordan",
    "Lee",
    "--",
    "jordan@example.com",
    "https://x.example/a?b=c",
    "2026-11-24",
    "24/11/2026",
    "10:00",
    "£55,000",
    "$120k",
    "30%",
    "...",
    "!",
    "?",
    "!!!",
    "???",
    "—",
    "–",
    ":",
    ";",
    "(",
    ")",
    '"',
    "'",
    ">",
    "On",
    "wrote:",
]
SPECIAL = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",  # zero-width space/non-joiner/joiner, word joiner, BOM
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2069",  # direction marks
    "שלום",
    "תודה רבה",
    "مرحبا",
    "شكرا لك",
    "Здравствуйте",
    "谢谢",
    "ありがとう",
    "😀",
    "🙏",
    "👍🏽",
    "👨\u200d👩\u200d👧",
    "🇬🇧",
    "❤\ufe0f",
    "🏽",
    "e\u0301",
    "\u0301\u0301",
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    "\t",
    "\x0b",
    "\x0c",
    "\x85",
    "\u2028",
    "\u2029",
    "\x00",
    "\x1b[31m",
]


def _rule_examples() -> list[str]:
    """Every rule's own failing examples: sentences known to trigger each category."""
    import yaml

    root = Path(etiquette.__file__).resolve().parents[2] / "shared-rules" / "rules"
    found = []
    for path in sorted(root.rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        found += [e for e in (data.get("examples") or {}).get("fail", []) if isinstance(e, str)]
    return found


TRIGGERS = _rule_examples()
NO_SURROGATES = st.characters(exclude_categories=("Cs",))
fragment = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(TRIGGERS),
    st.sampled_from(TRIGGERS),
    st.sampled_from(SPECIAL),
    st.text(NO_SURROGATES, max_size=6),
    st.characters(categories=("Cc", "Cf", "Mn", "Zs", "So")).map(str),
)
separator = st.sampled_from([" ", " ", " ", "", "\n", "  ", "\u00a0", "\t"])
draft_text = st.lists(st.tuples(fragment, separator), max_size=80).map(
    lambda parts: "".join(a + b for a, b in parts)
)


def _stretch(args):
    """Repeat a draft up to ``n`` code points: long inputs with the same odd characters throughout."""
    text, n = args
    if not text:
        return text
    return (text * (n // len(text) + 1))[:n]


long_text = st.tuples(draft_text, st.integers(1000, MAX_TEXT)).map(_stretch)
moment = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)
context = st.fixed_dictionaries(
    {},
    optional={
        "interview_at": moment,
        "previous_follow_ups": st.lists(moment, max_size=3),
        "last_message_at": moment,
        "decision_by": st.dates(min_value=datetime(2020, 1, 1).date()).map(lambda d: d.isoformat()),
        "stage": st.sampled_from(STAGES),
        "company": st.sampled_from(["Acme Analytics", "Ørsted", "", "[Company]"]),
        "interviewer": st.sampled_from(["Siobhan O'Donnell", "李雷", "", "Dr. Patel"]),
        "candidate": st.sampled_from(["Jordan Lee", "", "Zoë"]),
        "thank_you_sent": st.booleans(),
    },
)


def assert_well_formed(text: str, result: dict):
    assert set(result) >= {"kind", "verdict", "warnings", "stats"}
    assert result["kind"] in MESSAGE_KINDS
    # "empty" (nothing of the writer's own to check) joined the verdicts in issue 10.
    assert result["verdict"] in ("ready", "review", "fix", "empty")
    assert result["verdict"] != "empty" or (result["warnings"] == [] and result["stats"]["words"] == 0)
    offsets = []
    for w in result["warnings"]:
        assert 0 <= w["offset"] <= len(text), w
        assert 0 <= w["length"] <= len(text) - w["offset"], w
        assert w["excerpt"] == text[w["offset"] : w["offset"] + w["length"]], w
        assert w["category"] in CATEGORIES and w["severity"] in SEVERITIES, w
        assert isinstance(w["message"], str) and w["message"], w
        assert all(isinstance(s, str) for s in w["suggestions"]), w
        offsets.append(w["offset"])
    assert offsets == sorted(offsets)
    for key in ("words", "sentences", "questions"):
        assert isinstance(result["stats"][key], int) and result["stats"][key] >= 0


def check_twice(text, **kwargs):
    """Run the check twice on fresh copies: it must not raise, mutate its input, or vary."""
    before = copy.deepcopy(kwargs)
    first = etiquette.check(text, now=NOW, **kwargs)
    assert kwargs == before, "check() changed its arguments"
    second = etiquette.check(text, now=NOW, **copy.deepcopy(kwargs))
    assert first == second
    return first


@settings(FAST, max_examples=250)
@given(
    text=draft_text,
    kind=st.sampled_from(KINDS),
    ctx=context,
    subject=st.none() | draft_text.map(lambda s: s[:200]),
)
def test_any_draft_gives_in_bounds_sorted_deterministic_warnings(text, kind, ctx, subject):
    result = check_twice(text, kind=kind, context=ctx, subject=subject)
    assert_well_formed(text, result)


@settings(FAST, max_examples=12)
@given(text=long_text, kind=st.sampled_from(KINDS))
def test_long_drafts_up_to_the_api_limit(text, kind):
    result = check_twice(text, kind=kind)
    assert_well_formed(text, result)


@settings(FAST, max_examples=60)
@given(text=st.text(st.characters(), max_size=300))
def test_arbitrary_code_points_including_lone_surrogates(text):
    # A JSON body can carry "\ud800": the engine sees whatever the JSON decoder makes of it.
    result = check_twice(text)
    assert_well_formed(text, result)


@settings(FAST, max_examples=40)
@given(
    text=draft_text,
    words=st.lists(st.text(NO_SURROGATES, min_size=1, max_size=20), max_size=5),
    disabled=st.lists(st.sampled_from(list(CATEGORIES) + ["tone.shouting", "no.such.rule"]), max_size=3),
)
def test_dictionary_and_disabled_rules_only_remove_warnings(text, words, disabled):
    full = etiquette.check(text, now=NOW)
    narrowed = check_twice(text, dictionary=words, disabled=disabled)
    assert_well_formed(text, narrowed)
    key = lambda w: (w["rule"], w["offset"], w["length"])  # noqa: E731
    assert {key(w) for w in narrowed["warnings"]} <= {key(w) for w in full["warnings"]}
    assert not [w for w in narrowed["warnings"] if w["category"] in disabled or w["rule"] in disabled]


_api = None


def api_client():
    global _api
    if _api is None:
        import tempfile

        _api = create_app({"DATABASE": tempfile.mktemp(suffix=".sqlite3"), "TOKEN": None}).test_client()
    return _api


@settings(FAST, max_examples=40)
@given(text=st.text(st.characters(), max_size=200) | draft_text)
def test_api_answers_any_text_with_json_never_a_500(text):
    body = json.dumps({"text": text, "now": NOW.isoformat()})  # ensure_ascii: lone surrogates as \\udXXX
    reply = api_client().post("/api/v1/check", data=body, headers={"Content-Type": "application/json"})
    assert reply.status_code in (200, 422), reply.get_data()[:300]
    data = reply.get_json()
    if reply.status_code == 200:
        assert_well_formed(text, data)
    else:
        assert data["error"]["code"] == "validation"


# --------------------------------------------------------------------------- regular expressions


def compiled_patterns() -> dict[str, tuple[re.Pattern, bool]]:
    """Every compiled regex reachable from the loaded rule pack and the engine's modules, by origin, with
    whether the engine only ever calls ``match``/``fullmatch`` on it (read from the module's source)."""
    from etiquette import engine

    found: dict[str, re.Pattern] = {}
    seen: set[int] = set()

    def walk(obj, where: str, depth: int = 0):
        if id(obj) in seen or depth > 10:
            return
        seen.add(id(obj))
        if isinstance(obj, re.Pattern):
            found.setdefault(obj.pattern + f"/{obj.flags}", obj)
            found_where[obj.pattern + f"/{obj.flags}"] = where
        elif isinstance(obj, dict):
            for k, v in obj.items():
                walk(v, f"{where}[{k!r}]", depth + 1)
        elif isinstance(obj, (list, tuple, set, frozenset)):
            for i, v in enumerate(obj):
                walk(v, f"{where}[{i}]", depth + 1)
        elif (
            hasattr(obj, "__dict__")
            and not isinstance(obj, type)
            and not callable(obj)
            and type(obj).__module__.startswith("etiquette")
        ):
            label = getattr(obj, "id", None)
            walk(vars(obj), f"{where} {label}" if isinstance(label, str) else where, depth + 1)

    found_where: dict[str, str] = {}
    anchored: set[str] = set()
    walk(engine.get_pack(), "rule pack")
    for info in pkgutil.walk_packages(engine.__path__, "etiquette.engine."):
        module = importlib.import_module(info.name)
        source = inspect.getsource(module)
        for name, value in vars(module).items():
            if isinstance(value, (re.Pattern, dict, list, tuple)):
                walk(value, f"{info.name}.{name}")
            if isinstance(value, re.Pattern):
                methods = set(re.findall(rf"\b{re.escape(name)}\.(\w+)\(", source))
                if methods and methods <= {"match", "fullmatch"}:
                    anchored.add(value.pattern + f"/{value.flags}")
    return {f"{found_where[k]}: {p.pattern[:120]}": (p, k in anchored) for k, p in found.items()}


class _Chars:
    """The set of characters one regex item can consume, computed exactly by running it on a sample
    universe (all of the BMP but surrogates, plus the emoji planes)."""

    UNIVERSE = "".join(
        chr(c) for c in list(range(0xD800)) + list(range(0xE000, 0x10000)) + list(range(0x1F000, 0x1FB00))
    )
    _cache: ClassVar[dict] = {}

    @classmethod
    def of(cls, item, flags: int) -> frozenset:
        key = (repr(item), flags)
        if key not in cls._cache:
            state = sre_parse.State()
            state.flags = flags
            one = sre_parse.SubPattern(state, [item])
            cls._cache[key] = frozenset(sre_compile.compile(one, flags).findall(cls.UNIVERSE))
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
                allowed_before = (allowed_before or set(_Chars.UNIVERSE)) - excluded
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


def test_regex_checker_catches_the_known_bad_shapes():
    bad = [
        r"(a+)+$",
        r"(?:\w+\s?)*x",
        r"^[ \t]*(?:with\s+)?\s*regards",
        r"(?:x|\s*)\s*$",
        r"\b[ \t]*[,.!]?[ \t]*$",
        r"\s+x",
        r"[.!?]+(?=[\s\"')\]]|$)|\n",
        r"(?<![\w])(?:[A-Z]{2,}[ \t]+){2,}[A-Z]{2,}(?=[ \t]*[:(])",
        r"(?m)^\s+x",
    ]
    good = [
        r"[A-Za-z]+(?:'[A-Za-z]+)*",
        r"(?<!\w)[A-Z]{2,}(?:[ \t]+[A-Z]{2,})*(?!\w)",
        r"^[ \t]*>[^\n]*$",
        r"\bsalary\b",
        r"(?<![.!?])[.!?]+(?=[\s\"')\]]|$)|\n",
        r"(?m)^[ \t]*x",
        r"^[ \t]*(?:with\s+)?(?:(?:best|kind)\s+)?regards\b",
        r"\Aa+x",
        r"(?<![ \t])[ \t]+x",
        r"(?<![\w])(?:[A-Z]{2,}[ \t]+){2,8}[A-Z]{2,}(?=[ \t]*[:(])",
    ]
    for source in bad:
        assert ambiguities(re.compile(source)), source
    for source in good:
        assert not ambiguities(re.compile(source)), (source, ambiguities(re.compile(source)))


def test_no_engine_or_rule_pack_regex_can_backtrack_catastrophically():
    patterns = compiled_patterns()
    assert len(patterns) >= 10, "the collector found too few patterns: is the pack loaded?"
    offenders = {
        where: problems
        for where, (p, anchored_use) in patterns.items()
        if (problems := ambiguities(p, anchored_use))
    }
    assert not offenders, json.dumps(offenders, indent=1, ensure_ascii=False)
