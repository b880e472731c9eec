"""Head files: a linear head and an MLP head written by make train read back as the same function;
make train runs on one BLAS kernel."""

import os
import platform
import subprocess
import sys

import numpy as np
import pytest
from etiquette.meaning.heads import DIM, HeadError, load_head, to_float16, write_head
from etiquette.meaning.train import TRAIN_BLAS_KERNEL, blas_environment


def test_an_mlp_head_reads_back_as_the_function_it_was_written_from(tmp_path):
    rng = np.random.default_rng(0)
    hw, hb = rng.normal(size=(DIM, 8)) / 10, rng.normal(size=8) / 10
    w, b = rng.normal(size=8), 0.25
    path = tmp_path / "h.json"
    write_head(path, w, b, {"rule": "x.y"}, (hw, hb))
    head = load_head(str(path))
    v = rng.normal(size=(5, DIM)).astype(np.float32)
    shipped = to_float16(hw).astype(np.float64)  # the hidden layer is kept in float16
    expected = 1 / (1 + np.exp(-(np.maximum(v @ shipped + hb, 0) @ w + b)))
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


def test_an_mlp_head_keeps_its_hidden_layer_in_float16_and_reads_back_exactly(tmp_path):
    rng = np.random.default_rng(1)
    hw, hb = rng.normal(size=(DIM, 32)) / 10, rng.normal(size=32) / 10
    w, b = rng.normal(size=32), -0.5
    path = tmp_path / "h.json"
    write_head(path, w, b, {"rule": "x.y"}, (hw, hb))
    head = load_head(str(path))
    assert np.array_equal(head.hidden_weights, to_float16(hw).astype(np.float32))
    assert path.stat().st_size < 40_000, f"{path.stat().st_size} bytes for a 32-unit head"


def test_training_runs_on_one_blas_kernel_whatever_the_shell_says():
    assert blas_environment({"PATH": "/bin"}, "x86_64") == {
        "PATH": "/bin",
        "OPENBLAS_CORETYPE": TRAIN_BLAS_KERNEL,
    }
    assert blas_environment({"OPENBLAS_CORETYPE": TRAIN_BLAS_KERNEL}, "x86_64") is None
    assert blas_environment({}, "aarch64") is None


@pytest.mark.skipif(
    platform.machine().lower() not in ("x86_64", "amd64"), reason="OpenBLAS kernels are x86-64"
)
def test_make_train_without_the_kernel_variable_still_trains_on_the_pinned_kernel():
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENBLAS_")}
    out = subprocess.run(
        [sys.executable, "-m", "etiquette.meaning.train", "--blas"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"openblas {TRAIN_BLAS_KERNEL}", out.stdout
