"""What used to be code about particular rules is rule data: which rule gives way to which ("one
explanation per slip"), and where a rule's idea comes from. Each key fails at load when it is wrong."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import etiquette.engine
import pytest
from etiquette.engine import check, get_pack
from etiquette.engine.pack import RulePackError, load_pack, rules_root

PACK = get_pack()


def _edit(tmp_path, relative, old, new):
    pack = tmp_path / "pack"
    shutil.copytree(rules_root(), pack)
    path = pack / "rules" / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return pack


def test_the_engine_names_no_rule_when_it_drops_a_second_explanation():
    source = Path(etiquette.engine.__file__).read_text(encoding="utf-8")
    body = source[source.index("def _drop_explained") : source.index("def _dedupe")]
    named = set(re.findall(r"[\"']([a-z_]+\.[a-z0-9_]+)[\"']", body))
    assert not named, f"_drop_explained names rules {named}: say it in the rule files (yields_to:)"
    assert PACK.by_id("proofreading.spelling").yields_to == ("*",)
    assert PACK.by_id("proofreading.placeholders").explains_inside == ("*",)


def test_a_typo_another_rule_explains_is_said_once():
    words = [w["rule"] for w in check("thx for the chat")["warnings"] if w["excerpt"] == "thx"]
    assert words == ["tone.chat_speak"], words


def test_words_inside_a_placeholder_are_the_placeholder_only():
    text = "Dear Sam,\n\nI enjoyed hearing about [INSERT DETAIL HERE] today.\n\nBest,\nJo"
    inside = [w["rule"] for w in check(text, kind="thank_you")["warnings"] if "[" in w["excerpt"]]
    assert inside == ["proofreading.placeholders"], inside


def test_yields_to_must_name_a_rule(tmp_path):
    pack = _edit(tmp_path, "proofreading/spelling.yml", 'yields_to: ["*"]', "yields_to: [tone.nope]")
    with pytest.raises(RulePackError, match=r"spelling\.yml: field 'yields_to': no rule 'tone\.nope'"):
        load_pack(pack)


def test_explains_inside_must_name_a_rule_or_star(tmp_path):
    pack = _edit(
        tmp_path, "proofreading/placeholders.yml", 'explains_inside: ["*"]', 'explains_inside: ["all"]'
    )
    with pytest.raises(RulePackError, match=r"placeholders\.yml: field 'explains_inside"):
        load_pack(pack)


def test_a_rule_may_say_where_its_idea_comes_from():
    sourced = {r.id: r.source for r in PACK.rules if r.source}
    assert sourced["proofreading.grammar_a_an"].startswith("Harper")
    assert all(r.path.endswith(f"{r.id.replace('.', '/')}.yml") for r in PACK.rules)


def test_a_source_is_one_line(tmp_path):
    pack = _edit(tmp_path, "tone/demands.yml", "kind: existence\n", 'kind: existence\nsource: "a\\nb"\n')
    with pytest.raises(RulePackError, match=r"demands\.yml: field 'source': one line"):
        load_pack(pack)


def test_a_named_list_expands_to_its_alternation_in_order_wherever_a_pattern_names_it():
    from etiquette.engine.terms import expand

    data = {
        "terms": {"verbs": ["explain", "take"], "pets": ["cats?", "dogs?"]},
        "tokens": [r"\b(?&pets)\b"],
        "patterns": [r"the\s+(?&pets)\s+(?P<slip>(?&verbs))\b|(?&verbs)"],
        "params": {"pattern": [r"(?!(?&verbs)\b)\w+"], "fix": {"take": "takes"}},
        "message": "(?&pets) is not expanded outside patterns",
    }
    out = expand(data)
    assert "terms" not in out and out["message"] == data["message"]
    assert out["tokens"] == [r"\b(?:cats?|dogs?)\b"]
    assert out["patterns"] == [r"the\s+(?:cats?|dogs?)\s+(?P<slip>(?:explain|take))\b|(?:explain|take)"]
    assert out["params"] == {"pattern": [r"(?!(?:explain|take)\b)\w+"], "fix": {"take": "takes"}}
    assert re.compile(out["patterns"][0]).search("the dogs take").group("slip") == "take"


@pytest.mark.parametrize(
    "data,error",
    [
        ({"terms": {"a": ["x"]}, "tokens": ["(?&b)"]}, r"field 'tokens.0': no list 'terms.b'"),
        ({"terms": {"a": ["x"], "b": ["y"]}, "tokens": ["(?&a)"]}, r"field 'terms.b': no pattern uses it"),
        ({"tokens": ["(?&a)"]}, r"field 'tokens': no list 'terms.a' \(the file has no terms:\)"),
        ({"terms": {"a": []}, "tokens": ["(?&a)"]}, r"field 'terms.a': a non-empty list"),
        ({"terms": {"a": ["x", True]}, "tokens": ["(?&a)"]}, r"field 'terms.a': a non-empty list"),
        ({"terms": {"A b": ["x"]}, "tokens": ["x"]}, r"field 'terms': 'A b' is not a name"),
        ({"terms": ["x"], "tokens": ["x"]}, r"field 'terms': a mapping"),
    ],
)
def test_a_wrong_list_or_reference_is_refused_naming_the_field(data, error):
    from etiquette.engine.terms import TermsError, expand

    with pytest.raises(TermsError, match=error):
        expand(data)


def test_the_long_alternations_are_named_lists_and_expand_to_what_the_rules_match():
    rule = PACK.by_id("salary.currency_amount")
    assert "(?&" not in rule.exceptions.pattern
    assert rule.exceptions.pattern.count("|turnover|raised|") == 3  # one list, used by three exceptions
    said = check("Hi Sam, I grew our pipeline to £2m in revenue and we serve 40k requests a minute.")
    assert not [w for w in said["warnings"] if w["rule"] == rule.id], said["warnings"]
    assert max(len(t) for t in PACK.by_id("assumption.assuming_rejection").items) > 900


def test_a_rule_file_naming_a_missing_list_fails_to_load(tmp_path):
    pack = _edit(tmp_path, "tone/ultimatums.yml", "(?&walking_away)'", "(?&walking_off)'")
    with pytest.raises(
        RulePackError, match=r"ultimatums\.yml: field 'tokens\.0': no list 'terms\.walking_off'"
    ):
        load_pack(pack)
