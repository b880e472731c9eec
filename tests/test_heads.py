"""Head files: a linear head and an MLP head written by make train read back as the same function."""

import numpy as np
import pytest
from etiquette.meaning.heads import DIM, HeadError, load_head, write_head


def test_an_mlp_head_reads_back_as_the_function_it_was_written_from(tmp_path):
    rng = np.random.default_rng(0)
    hw, hb = rng.normal(size=(DIM, 8)) / 10, rng.normal(size=8) / 10
    w, b = rng.normal(size=8), 0.25
    path = tmp_path / "h.json"
    write_head(path, w, b, {"rule": "x.y"}, (hw, hb))
    head = load_head(str(path))
    v = rng.normal(size=(5, DIM)).astype(np.float32)
    expected = 1 / (1 + np.exp(-(np.maximum(v @ hw + hb, 0) @ w + b)))
    assert np.allclose(head.probabilities(v), expected, atol=1e-4)
    assert head.meta == {"rule": "x.y"}


def test_a_linear_head_still_reads(tmp_path):
    path = tmp_path / "h.json"
    write_head(path, np.ones(DIM) / DIM, -0.5, {"rule": "x.y"})
    head = load_head(str(path))
    assert head.hidden_weights is None
    assert np.allclose(head.probabilities(np.ones((1, DIM), np.float32)), 1 / (1 + np.exp(-0.5)))


def test_an_mlp_head_of_the_wrong_shape_is_named(tmp_path):
    path = tmp_path / "h.json"
    write_head(path, np.ones(4), 0.0, {}, (np.ones((DIM, 8)), np.ones(8)))
    with pytest.raises(HeadError, match=r"h\.json"):
        load_head(str(path))
