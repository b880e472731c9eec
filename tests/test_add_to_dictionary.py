"""Which warnings may offer "Add to dictionary": the backend says so on the warning (``dictionary: true``)
exactly when the user's dictionary would silence it, so no client guesses from rule ids."""

from etiquette.engine import check


def flagged(text, **kw):
    return {w["rule"]: w for w in check(text, **kw)["warnings"]}


def test_a_spelling_warning_says_the_dictionary_silences_it_and_it_does():
    text = "Thank you; I am definately keen on the role."
    spelling = [w for w in check(text)["warnings"] if w["excerpt"] == "definately"]
    assert spelling and all(w["dictionary"] is True for w in spelling)
    assert not [w for w in check(text, dictionary=["definately"])["warnings"] if w["excerpt"] == "definately"]


def test_warnings_the_dictionary_cannot_silence_do_not_offer_it():
    text = "Thank you, [Company], I am greatful for the interview. What is the salary?"
    warnings = check(text)["warnings"]
    assert warnings
    for w in warnings:
        assert "dictionary" not in w, w["rule"]
    # a word in the dictionary leaves them as they were
    words = [w["excerpt"] for w in warnings if w["length"]]
    again = check(text, dictionary=[x for x in words if " " not in x])["warnings"]
    assert [w["rule"] for w in again] == [w["rule"] for w in warnings]
