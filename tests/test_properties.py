"""Properties of the engine that must hold for any text a user (or a page, or a fuzzer) can send.

Hypothesis generates drafts mixing real email words with the characters that break text tools:
control characters, zero-width joiners and spaces, right-to-left marks and scripts, emoji sequences,
combining marks, and arbitrary Unicode, up to the API's 20,000 characters. Runs are derandomized so a
failure reproduces, and bounded so the file stays quick.

The last part reads every regular expression the engine and the rule pack compile and refuses the
shapes that make Python's backtracking engine blow up on long input (``ambiguities``, in
etiquette/engine/regex_shapes.py; its own tests: tests/test_regex_shapes.py).
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

import etiquette
from etiquette.app import create_app
from etiquette.engine.regex_shapes import ambiguities
from etiquette.vocab import CATEGORIES, KINDS, MAX_TEXT, MESSAGE_KINDS, SEVERITIES, STAGES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


def test_no_engine_or_rule_pack_regex_can_backtrack_catastrophically():
    patterns = compiled_patterns()
    assert len(patterns) >= 10, "the collector found too few patterns: is the pack loaded?"
    offenders = {
        where: problems
        for where, (p, anchored_use) in patterns.items()
        if (problems := ambiguities(p, anchored_use))
    }
    assert not offenders, json.dumps(offenders, indent=1, ensure_ascii=False)
