"""The compact English word list (engine/builtins/word_list.py) answers exactly as pyspellchecker's own
SpellChecker: the same words with the same counts, the same distance-1 candidates."""

from __future__ import annotations

import pytest
from etiquette.engine.builtins.spelling import checker, suggestions_for
from etiquette.engine.builtins.word_list import EnglishWords
from spellchecker import SpellChecker


@pytest.fixture(scope="module")
def reference():
    return SpellChecker(language="en", distance=1)


def test_every_word_and_count_is_pyspellcheckers(reference):
    ours = dict(checker().items())
    assert ours == dict(reference.word_frequency.dictionary)
    assert len(checker()) == len(ours)


@pytest.mark.parametrize(
    "word",
    [
        "recieve",
        "interveiw",
        "teh",
        "a",
        "cafe",
        "naïve",
        "1234",
        "3.5",
        "nan",
        "inf",
        "-",
        "x" * 40,
        "Thnak",
        "",
    ],
)
def test_distance_one_candidates_are_pyspellcheckers(reference, word):
    assert checker().edit_distance_1(word) == reference.edit_distance_1(word)


def test_lookups_answer_like_a_dict(reference):
    d = reference.word_frequency.dictionary
    words = checker()
    for word in ("interview", "the", "colour", "color", "organisation", "zzzqx", "Interview"):
        assert (word in words) == (word in d), word
        assert words.get(word, 0) == d.get(word, 0), word
        if word in d:
            assert words[word] == d[word]
    with pytest.raises(KeyError):
        words["zzzqx"]


def test_suggestions_keep_their_order():
    assert suggestions_for("recieve")[0] == "receive"


def test_words_that_differ_only_in_case_add_up_as_pyspellchecker_does():
    words = EnglishWords({"Apple": 2, "apple": 3, "pear": 1})
    assert words["apple"] == 5 and "Apple" not in words and len(words) == 2
