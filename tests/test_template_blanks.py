"""Which warnings are a template's unfilled blanks: the backend says so on the warning (``blank: true``),
so straight after a template the panel lists them as blanks to fill, and no client keeps a list of
rule ids that could drift from the rule pack."""

from etiquette.engine import check


def test_blanks_in_the_body_and_the_subject_say_they_are_blanks():
    result = check(
        "Dear Ms Patel,\n\nThank you for the interview for the [Position] role at {Company}.\n\nBest,\nAda",
        subject="Thank you – [Position] interview",
    )
    blanks = [w for w in result["warnings"] if w.get("blank")]
    assert sorted(w["excerpt"] for w in blanks if w["length"]) == ["[Position]", "{Company}"]
    assert any(w["rule"] == "proofreading.subject_placeholder" for w in blanks)
    assert all(w["blank"] is True and w["severity"] == "error" for w in blanks)


def test_other_slips_are_not_blanks():
    warnings = check("Thank you for the interview; I am definately keen. What is the salary?")["warnings"]
    assert warnings
    assert not [w["rule"] for w in warnings if "blank" in w]
