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

