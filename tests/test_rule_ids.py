"""A rule is its file: its id is its path under shared-rules/rules/, and the ids rules had before that
(issue 9) still switch them off, so the `disabled` lists users saved keep working for a release."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
import yaml
from etiquette.engine import get_pack
from etiquette.engine.pack import RulePackError, load_pack, rule_id_for, rules_root

PACK = get_pack()
RENAMED = [(old, rule.id) for rule in PACK.rules for old in rule.aliases]


def _plain(value):
    """YAML turns an unquoted date into a date object; the API wants ISO 8601 strings."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def test_every_rule_id_is_its_file_path():
    folder = rules_root() / "rules"
    files = sorted(folder.rglob("*.yml"))
    wrong = {}
    for path in files:
        written = yaml.safe_load(path.read_text(encoding="utf-8"))["id"]
        if written != rule_id_for(path, folder):
            wrong[str(path.relative_to(folder))] = written
    assert not wrong, f"rule files whose id is not their path: {wrong}"
    assert rule_id_for(folder / "tone" / "demands.yml", folder) == "tone.demands"
    assert len(files) == len(PACK.rules)


def test_a_rule_file_whose_id_is_not_its_path_fails_to_load_naming_both(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(rules_root(), pack)
    bad = pack / "rules" / "tone" / "demands.yml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("id: tone.demands", "id: tone.demand", 1))
    with pytest.raises(RulePackError, match=r"demands\.yml: field 'id': must be 'tone\.demands'"):
        load_pack(pack)


def test_an_old_id_may_not_be_another_rules_id(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(rules_root(), pack)
    bad = pack / "rules" / "tone" / "demands.yml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("[tone.demand]", "[tone.shouting]", 1))
    with pytest.raises(RulePackError, match=r"'tone\.shouting' is already used by"):
        load_pack(pack)


def test_the_renamed_rules_keep_their_old_ids_as_aliases():
    assert len(RENAMED) == 15
    assert ("tone.demand", "tone.demands") in RENAMED
    assert ("proofreading.placeholder", "proofreading.placeholders") in RENAMED
    assert PACK.aliases == dict(RENAMED) and PACK.current_id("tone.demand") == "tone.demands"
    assert PACK.current_id("tone") == "tone" and PACK.current_id("tone.shouting") == "tone.shouting"


def test_the_catalogue_lists_each_old_id_with_the_id_it_has_now(client):
    body = client.get("/api/v1/rules").get_json()
    assert body["aliases"] == dict(RENAMED)
    assert set(body["aliases"].values()) <= {r["id"] for r in body["rules"]}


@pytest.mark.parametrize("old,new", RENAMED, ids=[old for old, _ in RENAMED])
def test_an_old_id_in_disabled_switches_the_renamed_rule_off(client, old, new):
    example = _plain(PACK.by_id(new).examples["fail"][0])
    body = {k: example[k] for k in ("text", "subject", "kind", "context", "now") if k in example}
    on = client.post("/api/v1/check", json=body).get_json()
    assert new in {w["rule"] for w in on["warnings"]}, f"{new} did not flag its own example {body['text']!r}"
    by_new = client.post("/api/v1/check", json={**body, "disabled": [new]}).get_json()
    by_old = client.post("/api/v1/check", json={**body, "disabled": [old]}).get_json()
    assert new not in {w["rule"] for w in by_old["warnings"]}, f"disabled [{old!r}] kept {new}"
    assert by_old == by_new


def test_each_meaning_head_names_the_rule_that_reads_it():
    import json

    heads = {}
    for rule in PACK.rules:
        if rule.kind == "meaning":
            head = json.loads((PACK.root / rule.params.head).read_text(encoding="utf-8"))
            heads[rule.id] = head["rule"]
    assert heads and all(rule == named for rule, named in heads.items()), heads
