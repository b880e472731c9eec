"""Engine behaviour a user would notice: what is checked, where the warnings point, kind and timing."""

from __future__ import annotations

import shutil
from pathlib import Path

import etiquette
import pytest
from etiquette.engine import check, set_pack
from etiquette.engine.pack import RulePackError, load_pack, rules_root

GOOD = """Dear Siobhan,

Thank you for taking the time to meet me today about the Data Engineer role. I especially enjoyed
our conversation about moving the nightly jobs to dbt, and I am even more excited about the team.

Best regards,
Jordan Lee
"""


def rules(result):
    return [w["rule"] for w in result["warnings"]]


def test_good_thank_you_is_ready_with_no_warning():
    result = check(
        GOOD,
        context={"interviewer": "Siobhan O'Donnell", "interview_at": "2026-11-24T10:00:00+00:00"},
        now="2026-11-24T15:00:00+00:00",
    )
    assert result["kind"] == "thank_you"
    assert result["verdict"] == "ready"
    assert result["warnings"] == []


def test_python_api_matches_engine():
    assert etiquette.check(GOOD, now="2026-11-24T15:00:00+00:00") == check(
        GOOD, now="2026-11-24T15:00:00+00:00"
    )


def test_offsets_count_code_points_after_emoji():
    text = "Hi Sam 🙂👋🏽,\n\nThank you! What is the salary for the role?"
    result = check(text)
    salary = [w for w in result["warnings"] if w["category"] == "salary"]
    # The salary warning covers its sentence (the "remove this sentence" fix, issue 13).
    assert (
        salary
        and text[salary[0]["offset"] : salary[0]["offset"] + salary[0]["length"]]
        == "What is the salary for the role?"
    )
    for w in result["warnings"]:
        assert w["excerpt"] == text[w["offset"] : w["offset"] + w["length"]]


def test_quoted_reply_and_signature_are_not_checked():
    text = (
        "Hi Sam,\n\nThank you for the call about the warehouse project; I am keen to help.\n\nBest,\nJo\n"
        "-- \nJo Bloggs | Reciept Street 12 | salary history available\n\n"
        "On Tue, 24 Nov 2026 at 10:02, Sam Reed <sam@acme.io> wrote:\n"
        "> The salary is £65k and the pension is generous. Teh team is great.\n"
    )
    result = check(text)
    assert not [w for w in result["warnings"] if w["category"] in ("salary", "proofreading")]
    assert result["stats"]["words"] < 25  # quoted lines and the signature are not counted


def test_quote_header_wrapped_over_two_lines_and_bottom_text_ignored():
    text = (
        "Thanks, Sam, for the tour of the Leeds depot; I'm keen to join.\n\n"
        "On Tue, 24 Nov 2026 at 10:02, Sam Reed\n<sam@acme.io> wrote:\n> What are your salary expectations?\n"
    )
    assert "salary.pay" not in rules(check(text))


def test_kind_detection():
    assert check("Thank you for taking the time to meet me today.")["kind"] == "thank_you"
    assert check("I'm following up on my interview last week for the analyst role.")["kind"] == "follow_up"
    assert check("Please find my references attached.")["kind"] == "other"
    assert check("Thank you for the offer!", context={"stage": "offer"})["kind"] == "other"
    # kinds.yml: silence read as an answer, and asking whether the job is still there, are follow-ups
    # even when the draft thanks them "all the same" weeks later.
    weeks = {"context": {"interview_at": "2026-11-11T14:00:00+00:00"}, "now": "2026-12-01T09:45:00+00:00"}
    late = "I've taken the quiet as my answer, but I wanted to thank you for the interview all the same."
    assert check(late, **weeks)["kind"] == "follow_up"
    still = "Thank you for the interview. I'm still very interested should the position remain open."
    assert check(still, **weeks)["kind"] == "follow_up"
    quiet = "Thank you for the interview; the quiet room you found for it helped me focus."
    assert check(quiet, **weeks)["kind"] == "thank_you"


def test_salary_is_fine_at_offer_stage():
    text = "Thank you for the offer. Could we discuss the salary and the pension?"
    assert not [w for w in check(text, context={"stage": "offer"})["warnings"] if w["category"] == "salary"]
    assert check(text, context={"stage": "interviewed"})["verdict"] == "fix"


def test_late_thank_you_and_early_follow_up():
    late = check(
        "Thank you for the interview on Monday; I enjoyed hearing about the audit plans and I am keen.",
        context={"interview_at": "2026-11-23T10:00:00+00:00"},
        now="2026-11-25T12:00:00+00:00",
    )
    assert "timing.thank_you_late" in rules(late)
    early = check(
        "I'm following up on my interview for the analyst role.",
        kind="follow_up",
        context={"interview_at": "2026-11-24T10:00:00+00:00"},
        now="2026-11-26T10:00:00+00:00",
    )
    assert "timing.follow_up_too_soon" in rules(early)
    assert early["next_step"]["date"] == "2026-12-01"
    assert "Tue 1 Dec" in early["next_step"]["message"]


def test_decision_date_rules():
    ctx = {"interview_at": "2026-11-20T10:00:00+00:00", "decision_by": "2026-11-27"}
    before = check(
        "I'm following up on my interview.", kind="follow_up", context=ctx, now="2026-11-26T10:00:00+00:00"
    )
    assert [r for r in rules(before) if r.startswith("timing.")] == ["timing.before_decision_date"]
    after = check(
        "I'm following up on my interview.", kind="follow_up", context=ctx, now="2026-11-28T10:00:00+00:00"
    )
    assert not [r for r in rules(after) if r.startswith("timing.")]


def test_no_interview_time_means_no_timing_warnings():
    result = check("I'm following up on my interview.", kind="follow_up", now="2026-11-26T10:00:00+00:00")
    assert not [r for r in rules(result) if r.startswith("timing.")]
    assert result["next_step"] is None


def test_persistence_from_previous_follow_ups():
    ctx = {"previous_follow_ups": ["2026-11-01T09:00:00Z", "2026-11-08T09:00:00Z"]}
    assert "persistence.follow_ups_sent" in rules(check("I'm following up on my application.", context=ctx))
    ctx["previous_follow_ups"].append("2026-11-15T09:00:00Z")
    result = check("I'm following up on my application.", context=ctx)
    assert "persistence.too_many_follow_ups" in rules(result) and result["verdict"] == "fix"


def test_disabled_rules_and_categories_and_personal_dictionary():
    text = "Thank you for the chat about Zorblax, i am excited. What is the salary?"
    assert "proofreading.lowercase_i" not in rules(check(text, disabled=["proofreading.lowercase_i"]))
    assert not [w for w in check(text, disabled=["salary"])["warnings"] if w["category"] == "salary"]
    typo = "Thank you; I am definately keen."
    assert "proofreading.spelling" in rules(check(typo))
    assert "proofreading.spelling" not in rules(check(typo, dictionary=["definately"]))


def test_spelling_suggests_and_accepts_british_and_american():
    result = check("I am writting to thank you.")
    spell = [w for w in result["warnings"] if w["rule"] == "proofreading.spelling"]
    assert spell and spell[0]["excerpt"] == "writting" and "writing" in spell[0]["suggestions"]
    for word in ("organise", "organize", "colour", "color", "programme", "catalogue", "travelled", "analyse"):
        assert not check(f"We talked about how you {word} things.")["warnings"], word


def test_wrong_greeting_and_other_company():
    ctx = {"interviewer": "Siobhan O'Donnell", "company": "Acme", "other_companies": ["Globex"]}
    result = check(
        "Dear Tom,\n\nThank you for the interview. I would love to join Globex.\n\nBest,\nJo", context=ctx
    )
    assert {"personalisation.wrong_greeting", "personalisation.other_company"} <= set(rules(result))
    assert result["verdict"] == "fix"
    other = next(w for w in result["warnings"] if w["rule"] == "personalisation.other_company")
    assert other["excerpt"] == "Globex" and other["suggestions"] == ["Acme"]


def test_warnings_are_sorted_and_verdicts_follow_severity():
    result = check("Thx!! What is the salary? i need this job. Teh end.")
    offsets = [w["offset"] for w in result["warnings"]]
    assert offsets == sorted(offsets)
    assert result["verdict"] == "fix"
    assert check("Thank you so much!! I am keen on the role.")["verdict"] == "review"


def test_long_and_questioning_drafts():
    long_body = (
        "Hi Sam,\n\nI'm following up on my interview. "
        + "We covered a lot of ground. " * 40
        + "\n\nBest,\nJo"
    )
    assert "length.body_too_long" in rules(check(long_body))
    questions = check("Is there news? When will you decide? Who else is interviewing?")
    assert "length.too_many_questions" in rules(questions)


def test_broken_rule_file_names_file_and_field(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(rules_root(), pack)
    bad = pack / "rules" / "tone" / "demands.yml"
    bad.write_text(bad.read_text().replace("severity: warning", "severity: loud"))
    with pytest.raises(RulePackError) as err:
        load_pack(pack)
    assert "demands.yml" in str(err.value) and "severity" in str(err.value)
    bad.write_text("id: [unclosed")
    with pytest.raises(RulePackError, match=r"demands\.yml"):
        load_pack(pack)


def test_broken_regex_is_reported(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(rules_root(), pack)
    bad = pack / "rules" / "assumption" / "assuming_rejection.yml"
    bad.write_text(bad.read_text().replace("tokens:\n", "tokens:\n  - '(unclosed'\n", 1))
    with pytest.raises(RulePackError, match=r"assuming_rejection\.yml.*regular expression"):
        load_pack(pack)


def test_alternative_pack_can_be_swapped_in(tmp_path):
    pack = load_pack()
    try:
        set_pack(pack)
        assert check("thx")["warnings"]
    finally:
        set_pack(None)


def test_fast_matching_finds_exactly_what_plain_case_insensitive_regexes_find():
    """Rules run lower-cased with a first-character guard for speed; that must change no match."""
    import glob
    import re

    import yaml
    from etiquette.engine.draft import same_length_lower
    from etiquette.engine.regex_shapes import alternation as _alternation
    from etiquette.engine.terms import expand as expand_terms

    texts = [
        yaml.safe_load(Path(f).read_text(encoding="utf-8"))["text"]
        for f in sorted(glob.glob("tests/corpus/*.yml"))
    ]
    pack = load_pack()
    for rule in pack.rules:
        texts += [e["text"] for e in rule.examples["fail"] + rule.examples["pass_"]]
    corpus = "\n\n".join(texts) + "\nİstanbul ÉTÉ Straße SALARY Pay Range £65K US$90K"
    lowered = same_length_lower(corpus)
    for path in sorted(glob.glob(str(rules_root() / "rules" / "**" / "*.yml"), recursive=True)):
        # the word lists a file names, filled in
        data = expand_terms(yaml.safe_load(Path(path).read_text(encoding="utf-8")))
        rule = pack.by_id(data["id"])
        flags = re.IGNORECASE if data.get("ignorecase", True) else 0
        text = lowered if data.get("ignorecase", True) else corpus
        plain = []
        if data.get("tokens") or data.get("swap"):
            items = list(data.get("swap") or {}) or data["tokens"]
            plain.append(rf"(?<![\w])(?:{'|'.join(f'(?:{t})' for t in items)})(?:(?<=\W)|(?![\w]))")
        if data.get("patterns"):
            plain.append("|".join(f"(?:{p})" for p in data["patterns"]))
        for fast, reference in (
            (rule.regex, "|".join(plain)),
            (rule.exceptions, data.get("exceptions")),
            (rule.requires, data.get("requires")),
        ):
            if fast is None or not reference:
                continue
            if isinstance(reference, list):
                reference = rf"(?<![\w])(?:{'|'.join(f'(?:{t})' for t in reference)})(?:(?<=\W)|(?![\w]))"
            slow = re.compile(reference, flags)
            assert [m.span() for m in fast.finditer(text)] == [m.span() for m in slow.finditer(corpus)], (
                rule.id
            )
    assert _alternation(["salary"], True).startswith("(?=[\\w])(?<![\\w])")


def test_phrase_index_never_changes_a_result():
    """Phrase rules run only where one of their start words occurs; that must change no answer."""
    import glob

    import yaml
    from etiquette.engine import get_pack

    drafts = [
        yaml.safe_load(Path(f).read_text(encoding="utf-8")) for f in sorted(glob.glob("tests/corpus/*.yml"))
    ]
    for rule in get_pack().rules:
        drafts += rule.examples["fail"] + rule.examples["pass_"]
    drafts.append(
        {"text": "İstanbul_salary pension-scheme SALARY, the—pay (range) I\u2019m BEGGING thx!! 401(k)"}
    )
    index = get_pack().phrase_index
    assert index.automaton is not None and len(index.members) >= 10

    def run_all():
        return [
            check(
                d["text"],
                kind=d.get("kind", "auto"),
                context=d.get("context"),
                now=d.get("now"),
                subject=d.get("subject"),
                dictionary=d.get("dictionary"),
            )
            for d in drafts
        ]

    indexed = run_all()
    index.enabled = False
    try:
        scanned = run_all()
    finally:
        index.enabled = True
    assert indexed == scanned


def test_history_alone_makes_the_next_message_a_follow_up():
    """With follow-ups already sent, a polite note that only thanks them is still a follow-up, and the
    persistence warning comes from the history, not the wording."""
    ctx = {
        "interview_at": "2026-11-01T10:00:00+00:00",
        "previous_follow_ups": ["2026-11-10T09:00:00+00:00", "2026-11-17T09:00:00+00:00"],
    }
    result = check(
        "Hi Sam,\n\nThank you for your time. I remain keen on the role.\n\nBest,\nJo",
        context=ctx,
        now="2026-11-25T10:00:00+00:00",
    )
    assert result["kind"] == "follow_up"
    assert "persistence.follow_ups_sent" in rules(result)


def test_decision_date_is_said_back_as_given_whether_a_date_or_a_time():
    for given in ("2026-11-27", "2026-11-27T17:00:00+00:00"):
        ctx = {"interview_at": "2026-11-20T10:00:00+00:00", "decision_by": given}
        result = check(
            "I'm following up on my interview.",
            kind="follow_up",
            context=ctx,
            now="2026-11-25T10:00:00+00:00",
        )
        assert "Fri 27 Nov" in result["next_step"]["reason"], given
        early = [w for w in result["warnings"] if w["rule"] == "timing.before_decision_date"]
        assert early and "Fri 27 Nov" in early[0]["message"], given
