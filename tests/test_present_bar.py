"""How make train draws a present judge's "missing" bar (meaning/present.py) and what it teaches the
"specific" judge about names (meaning/train.py): the parts a user sees as a generic thank-you told,
or not told, to mention something from the conversation."""

from etiquette.meaning.present import decide_threshold
from etiquette.meaning.train import named

KINDS = ["thank_you"]


def _draft(name, best, expect=(), word_list_said=False):
    rules = {("personalisation", "personalisation.nothing_specific")} if word_list_said else set()
    return {
        "id": name,
        "kind": "thank_you",
        "expect": set(expect),
        "rules": rules,
        "texts": [name],
        "best": best,
    }


def _bar(drafts):
    by_id = {d["id"]: d["best"] for d in drafts}
    return decide_threshold("specific", lambda texts, draft_id: [by_id[draft_id]], drafts, KINDS)


def test_a_generic_thank_you_the_word_list_misses_raises_the_bar_above_its_best_sentence():
    drafts = [_draft(f"good{i}", 0.6 + i / 100) for i in range(10)]
    drafts += [_draft("generic_named_company", 0.3, expect=["personalisation"])]
    threshold, report = _bar(drafts)
    assert 0.3 < threshold <= 0.6, threshold
    assert report["missed"] == [] and report["false_suggestions"] == []


def test_drafts_the_word_list_already_flags_do_not_pull_the_bar_over_a_draft_with_a_detail():
    # They get the suggestion whatever the bar, so they are no find of the bar's: counted as misses
    # unless the bar rose above them, they lifted it over a draft that has a detail (read at 0.65).
    drafts = [_draft(f"good{i}", 0.8 + i / 100) for i in range(10)]
    drafts += [_draft("detail_with_another_fault", 0.65, expect=["tone"])]
    drafts += [_draft(f"flagged{i}", 0.7, expect=["personalisation"], word_list_said=True) for i in range(5)]
    threshold, report = _bar(drafts)
    assert threshold <= 0.65, threshold
    assert report["false_suggestions"] == [] and report["drafts_without_it"] == 0


def test_a_good_draft_is_never_told_to_add_a_detail_it_has():
    drafts = [_draft("good_low", 0.2), _draft("good_high", 0.9)]
    drafts += [_draft(f"generic{i}", 0.4, expect=["personalisation"]) for i in range(20)]
    threshold, report = _bar(drafts)
    assert threshold <= 0.2, threshold
    assert report["false_suggestions"] == []


def test_a_generic_sentence_is_also_taught_with_the_employer_and_the_job_named():
    copy = named("I enjoyed learning more about the company and the position.")
    assert copy is not None and "the company" not in copy and "the position" not in copy
    assert copy.startswith("I enjoyed learning more about ") and copy.endswith(" position.")
    assert named("I enjoyed our conversation.") is None
    # the same sentence always gets the same made-up names, so training stays reproducible
    assert named("Your company has a friendly team.") == named("Your company has a friendly team.")


def test_a_message_labelled_as_no_thank_you_does_not_pull_the_bar_under_every_generic_draft():
    # A reschedule the phrases took for a thank-you has no detail to give (its best sentence 0.03):
    # the bar must not sink under it and let the generic thank-yous (0.05) through unsaid.
    drafts = [_draft(f"good{i}", 0.5 + i / 100) for i in range(10)]
    drafts += [_draft(f"generic{i}", 0.05, expect=["personalisation"]) for i in range(5)]
    reschedule = _draft("reschedule_labelled_other", 0.03)
    reschedule["labelled_kind"] = "other"
    threshold, report = _bar(drafts + [reschedule])
    assert 0.05 < threshold <= 0.5, threshold
    assert report["missed"] == [] and report["false_suggestions"] == []
    # labelled a thank-you, the same draft is one the bar must keep clean
    reschedule["labelled_kind"] = "thank_you"
    threshold, _ = _bar(drafts + [reschedule])
    assert threshold <= 0.03, threshold
