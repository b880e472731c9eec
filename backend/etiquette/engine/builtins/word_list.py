"""pyspellchecker's English word frequencies, held compactly: a marisa trie of the 160,572 words and an
array of their counts, instead of its ``Counter`` of Python strings and ints.

Measured in a fresh process (after ``malloc_trim``): ``SpellChecker(language="en")`` keeps 24.5 MB
resident (9.3 MB of ``str`` objects, 3.8 MB of dict table, 1 MB of ints, the rest pages its loading
left half used); this table keeps about 7 MB. Words, counts and distance-1 candidates are exactly
pyspellchecker's (``tests/test_word_list.py`` compares them with a ``SpellChecker`` of the same
release), so the spelling rule says what it said before.

Only ``spelling.py`` reads it; pyspellchecker is used as the data file it ships
(``spellchecker/resources/en.json.gz``, which its own constructor reads the same way).
"""

from __future__ import annotations

import gzip
import json
import pkgutil
import string
from array import array


class EnglishWords:
    """``word in words``, ``words[word]`` (its count; ``KeyError`` when unknown), ``words.get(word, 0)``,
    and ``edit_distance_1(word)`` as pyspellchecker's ``SpellChecker`` answers them."""

    __slots__ = ("_counts", "_letters", "_longest", "_trie")

    def __init__(self, counts: dict[str, int]):
        """``counts``: word -> count, as pyspellchecker's language files map them."""
        import marisa_trie

        words = list(counts)
        # pyspellchecker's load_json lower-cases every word (its English list already is: no copy then)
        lowered = (
            counts if list(map(str.lower, words)) == words else {w.lower(): c for w, c in counts.items()}
        )
        if len(lowered) != len(counts):  # as pyspellchecker's load_json: words differing in case add up
            lowered = {}
            for word, count in counts.items():
                lowered[word.lower()] = lowered.get(word.lower(), 0) + count
        self._trie = marisa_trie.Trie(lowered)
        self._counts = array("Q", bytes(8 * len(self._trie)))  # indexed by the trie's id of each word
        for key, count in zip(map(self._trie.key_id, lowered), lowered.values(), strict=True):
            self._counts[key] = count
        self._letters = frozenset("".join(lowered))
        self._longest = max(map(len, lowered), default=0)

    def __contains__(self, word) -> bool:
        return word in self._trie

    def __getitem__(self, word: str) -> int:
        return self._counts[self._trie[word]]

    def get(self, word: str, default=None):
        key = self._trie.get(word)
        return default if key is None else self._counts[key]

    def __len__(self) -> int:
        return len(self._counts)

    def items(self):
        """Every (word, count), in the trie's order (tests compare the table with pyspellchecker's)."""
        return ((word, self._counts[key]) for word, key in self._trie.iteritems())

    def _worth_editing(self, word: str) -> bool:
        """pyspellchecker 0.9.1's ``SpellChecker._check_if_should_check``."""
        if len(word) == 1 and word in string.punctuation:
            return False
        if len(word) > self._longest + 3:
            return False
        if word.lower() in ("nan", "inf", "infinity"):
            return True
        try:
            float(word)
            return False
        except ValueError:
            return True

    def edit_distance_1(self, word: str) -> set[str]:
        """Every string one edit from ``word`` over the letters of the word list (pyspellchecker 0.9.1's
        ``SpellChecker.edit_distance_1``: deletes, transposes, replaces, inserts)."""
        word = word.lower()
        if not self._worth_editing(word):
            return {word}
        letters = self._letters
        splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
        deletes = [a + b[1:] for a, b in splits if b]
        transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
        replaces = [a + c + b[1:] for a, b in splits if b for c in letters]
        inserts = [a + c + b for a, b in splits for c in letters]
        return set(deletes + transposes + replaces + inserts)


def load_english() -> EnglishWords:
    """pyspellchecker's English list, read from its package. :raise OSError: the data file is missing."""
    data = pkgutil.get_data("spellchecker", "resources/en.json.gz")
    if not data:
        raise OSError("pyspellchecker's resources/en.json.gz is missing")
    return EnglishWords(json.loads(gzip.decompress(data).decode("utf-8")))
