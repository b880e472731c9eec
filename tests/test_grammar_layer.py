"""The grammar layer (Harper): on when harper-py loads, off — and nothing else changed — when it does not."""

from __future__ import annotations

import builtins
import threading

import pytest
from etiquette import grammar
from etiquette.engine import check, get_pack

SLIP = "Thank you for introducing me to Priya. She have been very kind throughout the process."


@pytest.fixture
def no_harper(monkeypatch):
    """Harper as if it were not installed: its import fails."""
    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "harper" or name.startswith("harper."):
            raise ImportError("No module named 'harper'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    grammar.reset()
    yield
    monkeypatch.undo()
    grammar.reset()
    grammar.configure(grammar._names, grammar._vocabulary)


def _rules(result):
    return [w["rule"] for w in result["warnings"]]


def test_harper_finds_the_slip_under_its_rule_id():
    assert grammar.status() == ("on", None)
    assert "proofreading.grammar_agreement" in _rules(check(SLIP))


def test_health_reports_the_grammar_layer_on(client):
    body = client.get("/api/v1/health").get_json()
    assert body["layers"]["grammar"] == "on" and body["layers"]["rules"] == "on"
    assert "grammar" not in body.get("reasons", {})


def test_without_harper_grammar_is_off_and_everything_else_is_unchanged(no_harper, client):
    text = SLIP + " What is the salary range? I realy enjoyed it."
    result = check(text)
    assert "proofreading.grammar_agreement" not in _rules(result)
    assert {"salary.pay", "proofreading.spelling"} <= set(_rules(result))
    body = client.get("/api/v1/health").get_json()
    assert body["status"] == "ok" and {k: body["layers"][k] for k in ("rules", "grammar")} == {
        "rules": "on",
        "grammar": "off",
    }
    assert "not installed" in body["reasons"]["grammar"] and "/" not in body["reasons"]["grammar"]


def test_switching_harper_off_only_removes_grammar_warnings(request):
    text = SLIP + " I look forward to meet the team. What is the salary range? Please let me know ASAP."
    on = check(text)["warnings"]
    request.getfixturevalue("no_harper")
    off = check(text)["warnings"]
    assert off == [w for w in on if not w["rule"].startswith("proofreading.grammar_")]
    assert len(off) < len(on)


def test_a_disabled_grammar_rule_stays_quiet():
    assert "proofreading.grammar_agreement" not in _rules(
        check(SLIP, disabled=["proofreading.grammar_agreement"])
    )


def test_names_and_the_personal_dictionary_are_never_flagged():
    text = "Thank you, Siobhan. It was a Ealing office visit I enjoyed."
    flagged = [
        w
        for w in check(text, dictionary=["Ealing"])["warnings"]
        if w["rule"].startswith("proofreading.grammar")
    ]
    assert not flagged


def test_legitimate_english_that_looks_like_a_slip_passes():
    for text in (
        "The team had had three releases slip.",
        "I know that that approach worked.",
        "We walked through the roadmap, the runbooks and the netcode.",
        "It went well.  Then we toured the office.",
        "We use Python, Go and Rust.",
        "We use Python, Go, and Rust.",
        "The organisation's colour programme.",
        "The organization's color program.",
        "I'm sorry this thank-you is a day late.",
    ):
        found = [w for w in check(text, kind="thank_you")["warnings"] if w["category"] == "proofreading"]
        assert not found, (text, found)


@pytest.mark.parametrize("dialect", grammar.DIALECTS)
def test_every_dialect_checks(dialect):
    assert "proofreading.grammar_agreement" in _rules(check(SLIP, dialect=dialect))


def test_threads_check_at_once_and_harper_runs_on_one_thread(monkeypatch):
    """A Linter is not thread-safe and each thread that lints holds MBs of Harper's own state: checks
    from four threads at once all succeed, and every sentence was linted on one thread of the layer's."""
    errors, linted_on = [], set()
    lint_fresh = grammar._lint_fresh

    def recording(dialect, units):
        linted_on.add(threading.get_ident())
        return lint_fresh(dialect, units)

    monkeypatch.setattr(grammar, "_lint_fresh", recording)

    def work():
        try:
            for i in range(5):
                assert "proofreading.grammar_agreement" in _rules(
                    check(SLIP + f" {threading.current_thread().name} {i}")
                )
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, name=f"t{i}") for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    assert len(linted_on) == 1 and not linted_on & ({t.ident for t in threads} | {threading.get_ident()})


def test_a_check_lints_each_new_sentence_once_and_a_recheck_only_the_changed_one(monkeypatch):
    """The check starts Harper on the draft before the rules run (grammar.prefetch) and the grammar
    rules then collect those findings: no sentence is linted twice, and a re-check after one sentence
    changed lints only that sentence, with the same findings as a check from cold."""
    linted = []
    lint_fresh = grammar._lint_fresh

    def recording(dialect, units):
        linted.extend(units)
        return lint_fresh(dialect, units)

    monkeypatch.setattr(grammar, "_lint_fresh", recording)
    first = "Thank you for meeting me on Tuesday 7311."
    text = f"{first} She have been very kind. Their is a lot to learn."
    grammar.clear_cache()
    cold = check(text)
    assert sorted(linted) == sorted(set(linted)) and first in linted
    linted.clear()
    changed = text.replace("7311", "7312")
    again = check(changed)
    assert linted == ["Thank you for meeting me on Tuesday 7312."]
    grammar.clear_cache()
    assert again == check(changed) and "proofreading.grammar_agreement" in _rules(cold)


def test_the_api_takes_a_dialect_and_refuses_an_unknown_one(client):
    ok = client.post("/api/v1/check", json={"text": SLIP, "dialect": "american"})
    assert ok.status_code == 200 and "proofreading.grammar_agreement" in _rules(ok.get_json())
    bad = client.post("/api/v1/check", json={"text": SLIP, "dialect": "klingon"})
    assert bad.status_code == 422 and "dialect" in bad.get_json()["error"]["fields"]


def test_grammar_rules_are_in_the_catalogue_and_name_known_harper_rules():
    rules = [r for r in get_pack().rules if r.kind == "grammar"]
    assert rules and all(r.harper for r in rules)
    assert {n for r in rules for n in r.harper} <= grammar.known_lint_names()
