"""The encoder's batches may be run by the request's thread or by its helper (meaning/encoder.py):
whoever runs them, every sentence gets the vector it gets alone, and nothing is left in flight."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from etiquette.engine import check
from etiquette.meaning import default_layer
from etiquette.meaning import encoder as encoder_module
from etiquette.meaning.encoder import WordTable

SENTENCES = [
    "Thank you for the interview on Tuesday about the warehouse rota.",
    "I enjoyed hearing how the team moved its nightly jobs to dbt, and what you learned.",
    "Short one.",
    "Your point about keeping the costs visible to every squad stayed with me on the way home.",
    "I'm keen on the role.",
    "Please let me know if I can send anything that would help with your decision.",
]


@pytest.fixture(scope="module")
def encoder():
    enc = default_layer().encoder()
    assert enc is not None, f"meaning layer off: {default_layer().status()[1]} (run `etiquette model fetch`)"
    return enc


def _fresh(tag: str) -> list[str]:
    """Sentences no cache has seen (each test its own)."""
    return [f"{s} ({tag} {i})" for i, s in enumerate(SENTENCES)]


def test_a_prefetched_sentence_gets_the_vector_it_gets_alone(encoder):
    texts = _fresh("prefetch")
    alone = np.stack([encoder.encode_uncached([t])[0] for t in texts])
    encoder.prefetch(texts[:4])
    got = encoder.encode(texts)
    assert np.allclose(got, alone, atol=1e-6)
    assert not encoder._inflight, "a finished job left sentences in flight"


def test_shared_batches_give_the_same_numbers_as_one_thread(encoder, monkeypatch):
    texts = _fresh("shared")
    shared = encoder.encode_uncached(texts)
    monkeypatch.setattr(encoder_module, "HELPER_THREADS", 0)
    assert np.array_equal(encoder.encode_uncached(texts), shared)


def test_checks_in_several_threads_answer_as_one_thread_does(encoder):
    drafts = [" ".join(_fresh(f"draft {k}")[k:]) for k in range(4)]
    want = [check(d) for d in drafts]
    encoder._cache.clear()
    got: dict[int, dict] = {}

    def run(k):
        got[k] = check(drafts[k % 4])

    threads = [threading.Thread(target=run, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert all(got[k] == want[k % 4] for k in range(8))
    assert not encoder._inflight


def test_the_word_table_gives_each_token_its_row(tmp_path):
    rows = np.arange(6 * 384, dtype="<f2").reshape(6, 384)
    (tmp_path / "words.bin").write_bytes(rows.tobytes())
    table = WordTable(tmp_path / "words.bin")
    ids = np.array([[3, 0, 3], [5, 1, 0]])
    assert np.array_equal(table.lookup(ids), rows[ids])
    with pytest.raises(ValueError):
        table.lookup(np.array([[6]]))
    table.close()
