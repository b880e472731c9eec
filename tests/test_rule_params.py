"""A rule's params and message placeholders are checked when the pack loads, and the thresholds the
next step uses are the rules' own params: a typo fails loudly, naming the file and the field, and
changing a rule's threshold moves everything that depends on it."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import etiquette.engine
import pytest
from etiquette.engine import check, set_pack
from etiquette.engine.builtins import BUILTINS
from etiquette.engine.messages import FILLS, fill
from etiquette.engine.pack import RulePackError, load_pack, rules_root
from etiquette.engine.params import KIND_PARAMS, defaults

NOW = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)


@pytest.fixture
def pack_dir(tmp_path):
    root = tmp_path / "pack"
    shutil.copytree(rules_root(), root)
    return root


def _edit(root, rel, old, new):
    path = root / "rules" / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{rel} no longer says {old!r}: update this test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _load_error(root) -> str:
    with pytest.raises(RulePackError) as err:
        load_pack(root)
    return str(err.value)


@pytest.mark.parametrize(
    "rel,old,new,field",
    [
        ("timing/thank_you_late.yml", "params: {hours: 24}", "params: {hourz: 24}", "params.hourz"),
        ("timing/thank_you_late.yml", "params: {hours: 24}", "params: {hours: soon}", "params.hours"),
        ("timing/follow_up_too_soon.yml", "params: {days: 7}", "params: {days: 7, day: 8}", "params.day"),
        ("salary/pay.yml", "unless_role_word: true", "unless_role_words: true", "params.unless_role_words"),
        ("salary/pay.yml", "fix: remove_sentence", "fix: remove_sentance", "params.fix"),
        ("interest/no_interest.yml", "subject_counts: true", "subject_count: true", "params.subject_count"),
        ("proofreading/look_forward_to.yml", "want: gerund", "want: gerunds", "params.want"),
        ("proofreading/missing_to.yml", "  fix: {glad:", "  fixes: {glad:", "params.fixes"),
    ],
)
def test_a_misspelt_or_wrongly_typed_param_fails_at_load_naming_file_and_field(
    pack_dir, rel, old, new, field
):
    _edit(pack_dir, rel, old, new)
    message = _load_error(pack_dir)
    assert rel.split("/")[-1] in message and f"'{field}'" in message, message


def test_a_param_on_a_kind_that_takes_none_fails_at_load(pack_dir):
    _edit(pack_dir, "proofreading/homophones.yml", "\nswap:", "\nparams: {fix: remove_sentence}\nswap:")
    message = _load_error(pack_dir)
    assert "homophones.yml" in message and "'params.fix'" in message, message


@pytest.mark.parametrize(
    "rel, old, new, field",
    [
        # a metric counts the body whatever it is told: a scope would be silently ignored
        ("length/body_too_long.yml", "\nmetric: words", "\nmetric: words\nscope: letter", "scope"),
        # a substitution matches its swap keys, never tokens
        ("proofreading/homophones.yml", "\nswap:", "\ntokens: [alot]\nswap:", "tokens"),
        # Harper rule names belong to grammar rules
        ("salary/pay.yml", "\nkind:", "\nharper: [SpellCheck]\nkind:", "harper"),
    ],
)
def test_a_field_the_rules_kind_never_reads_fails_at_load(pack_dir, rel, old, new, field):
    _edit(pack_dir, rel, old, new)
    message = _load_error(pack_dir)
    assert rel.split("/")[-1] in message and f"'{field}'" in message and "does not read" in message, message


def test_a_bad_pattern_in_params_fails_at_load(pack_dir):
    _edit(pack_dir, "proofreading/missing_to.yml", "(?P<slip>glad", "(?P<slip>(glad")
    message = _load_error(pack_dir)
    assert "missing_to.yml" in message and "'params.pattern'" in message and "regular expression" in message


@pytest.mark.parametrize(
    "rel,old,new,placeholder",
    [
        ("salary/pay.yml", "{match}", "{mach}", "{mach}"),
        # {expected} is filled for a substitution, not for an existence rule
        ("salary/pay.yml", "{match}", "{expected}", "{expected}"),
        ("timing/thank_you_late.yml", "{when}", "{date}", "{date}"),
        ("length/body_too_long.yml", "{count}", "{words}", "{words}"),
    ],
)
def test_a_placeholder_the_rule_cannot_fill_fails_at_load(pack_dir, rel, old, new, placeholder):
    _edit(pack_dir, rel, old, new)
    message = _load_error(pack_dir)
    assert rel.split("/")[-1] in message and placeholder in message and "'message'" in message, message


def test_every_kind_and_builtin_says_its_params_and_placeholders():
    kinds = {"existence", "substitution", "occurrence", "metric", "conditional", "grammar", "meaning"}
    assert set(KIND_PARAMS) == set(FILLS) == kinds
    for name, builtin in BUILTINS.items():
        assert callable(builtin.run), name
        assert all(re.fullmatch(r"[a-z_]+", f) for f in builtin.fills), name
    for schema in list(KIND_PARAMS.values()) + [b.params for b in BUILTINS.values()]:
        if schema.__name__ not in (
            "MeaningParams",
            "PatternFixParams",
            "VerbFormParams",
            "AnotherEmployerParams",
        ):
            defaults(schema)  # a schema without required params loads from nothing


def test_fill_replaces_each_placeholder_once():
    assert fill("Fill in '{match}' ({count})", match="{count}", count=2) == "Fill in '{count}' (2)"
    assert fill("No placeholders here.") == "No placeholders here."


def _next_step(**kwargs):
    return check(now=NOW, **kwargs)["next_step"]


def test_next_step_and_timing_rules_read_their_thresholds_from_the_pack(pack_dir):
    thanks = "Hi Sam,\n\nThank you for the interview. I enjoyed hearing about the platform.\n\nBest,\nJo"
    follow = "Hi Sam,\n\nI'm following up on my interview for the analyst role.\n\nBest,\nJo"
    late = {"interview_at": (NOW - timedelta(hours=30)).isoformat()}
    week = {"interview_at": (NOW - timedelta(days=8)).isoformat()}
    twice = {
        "interview_at": (NOW - timedelta(days=30)).isoformat(),
        "previous_follow_ups": [(NOW - timedelta(days=d)).isoformat() for d in (20, 10)],
    }
    before = (
        _next_step(text=thanks, kind="thank_you", context=late),
        _next_step(text=follow, kind="follow_up", context=week),
        _next_step(text=follow, kind="follow_up", context=twice),
    )
    assert before[0]["message"] == "Send your thank-you today"
    assert before[1]["message"] == "You can follow up now"
    assert before[2]["action"] == "wait"

    _edit(pack_dir, "timing/thank_you_late.yml", "params: {hours: 24}", "params: {hours: 48}")
    _edit(pack_dir, "timing/follow_up_too_soon.yml", "params: {days: 7}", "params: {days: 10}")
    _edit(pack_dir, "persistence/follow_ups_sent.yml", "{at_least: 2, below: 3}", "{at_least: 3, below: 4}")
    pack = load_pack(pack_dir)
    assert (pack.thresholds.thank_you_hours, pack.thresholds.follow_up_days) == (48, 10)
    assert pack.thresholds.follow_up_limit == 3
    try:
        set_pack(pack)
        after = (
            _next_step(text=thanks, kind="thank_you", context=late),
            _next_step(text=follow, kind="follow_up", context=week),
            _next_step(text=follow, kind="follow_up", context=twice),
        )
        rules = {w["rule"] for w in check(follow, kind="follow_up", context=week, now=NOW)["warnings"]}
    finally:
        set_pack(None)
    assert after[0]["message"].startswith("Send your thank-you by "), after[0]
    assert "within 48 hours" in after[0]["reason"]
    assert after[1]["message"].startswith("You can follow up from "), after[1]
    assert after[1]["reason"].startswith("10 days after your interview")
    assert "timing.follow_up_too_soon" in rules  # the timing rule moved with the next step
    assert after[2]["action"] == "follow_up", after[2]


def test_kind_detection_reads_its_days_from_kinds_yml(pack_dir):
    text = "Hi Sam,\n\nI attached the notes on the data role we discussed.\n\nBest,\nJo"
    three_days = {"interview_at": (NOW - timedelta(days=3)).isoformat()}
    assert check(text, context=three_days, now=NOW)["kind"] == "follow_up"
    kinds = pack_dir / "kinds.yml"
    kinds.write_text(kinds.read_text().replace("thank_you_within: 2", "thank_you_within: 4"))
    try:
        set_pack(load_pack(pack_dir))
        assert check(text, context=three_days, now=NOW)["kind"] == "thank_you"
    finally:
        set_pack(None)
    kinds.write_text(kinds.read_text().replace("thank_you_within: 4", "thank_you_within: soon"))
    message = _load_error(pack_dir)
    assert "kinds.yml" in message and "'days.thank_you_within'" in message, message


def test_no_timing_threshold_is_written_in_the_code():
    """The dates and counts live in the pack (rule params, kinds.yml); the code only reads them."""
    engine = Path(etiquette.engine.__file__).parent
    for name in ("next_step.py", "kinds.py", "builtins/timing.py", "builtins/persistence.py"):
        source = (engine / name).read_text(encoding="utf-8")
        found = re.findall(r"timedelta\([^)]*\d|(?:days|hours|at_least)\s*(?:=|>=|<=|>|<)\s*\d", source)
        assert not found, f"{name} writes a threshold the pack should give: {found}"
