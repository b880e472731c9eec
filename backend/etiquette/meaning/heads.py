"""A trained head over a sentence's 384-dimensional embedding: a logistic regression, or a small
multi-layer perceptron (one ReLU hidden layer, a logistic output).

Stored as JSON beside the rules (``shared-rules/heads/<rule id>.json``) with the commit of the
training data it came from; ``make train`` rewrites them (etiquette/meaning/train.py). A linear head
has ``weights`` (384) and ``bias``; an MLP head also has ``hidden_bias`` (H) and its hidden layer
(384 x H), and ``weights``/``bias`` are then its output layer (H). The hidden layer is written as
``hidden_weights_f16``: the float16 numbers, row-major little-endian, in base64 (24 KB of numbers
for H = 32, where decimals took ~125 KB); make train rounds the hidden layer to float16 before it
chooses the thresholds, so they are drawn on the numbers that ship. A list of lists under
``hidden_weights`` (heads written before) still reads.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

DIM = 384


class HeadError(Exception):
    """A head file is missing or malformed; the message names the file."""


@dataclass(frozen=True)
class Head:
    weights: np.ndarray  # (384,) float32, or (H,) for an MLP's output layer
    bias: float
    meta: dict
    hidden_weights: np.ndarray | None = None  # (384, H) float32
    hidden_bias: np.ndarray | None = None  # (H,) float32

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """P(the sentence is what this head looks for), one per row of ``vectors``."""
        if self.hidden_weights is not None:
            vectors = np.maximum(vectors @ self.hidden_weights + self.hidden_bias, 0.0)
        z = vectors @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-z))


_EXTRA = ("weights", "bias", "hidden_weights", "hidden_weights_f16", "hidden_bias")


@lru_cache(maxsize=64)
def load_head(path: str) -> Head:
    """The head in ``path``; raises HeadError when it cannot be read or has the wrong shape."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        weights = np.asarray(raw["weights"], dtype=np.float32)
        bias = float(raw["bias"])
        hidden_w = raw.get("hidden_weights")
        hidden_b = raw.get("hidden_bias")
        if "hidden_weights_f16" in raw:
            packed = np.frombuffer(base64.b64decode(raw["hidden_weights_f16"], validate=True), dtype="<f2")
            width = len(hidden_b) if hidden_b is not None else -1
            if packed.size != DIM * width:
                raise ValueError(f"hidden_weights_f16 holds {packed.size} numbers, not {DIM} x {width}")
            hidden_w = packed.reshape(DIM, width)
        if hidden_w is not None:
            hidden_w = np.asarray(hidden_w, dtype=np.float32)
            hidden_b = np.asarray(hidden_b, dtype=np.float32)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise HeadError(f"{path}: not a readable head file ({exc})") from None
    if hidden_w is None:
        if weights.shape != (DIM,):
            raise HeadError(f"{path}: weights must have {DIM} numbers, found {weights.shape}")
    else:
        width = weights.shape[0] if weights.ndim == 1 else -1
        if hidden_w.shape != (DIM, width) or hidden_b.shape != (width,):
            raise HeadError(
                f"{path}: an MLP head needs hidden_weights {DIM} x H, hidden_bias H and weights H; "
                f"found {hidden_w.shape}, {hidden_b.shape}, {weights.shape}"
            )
    return Head(
        weights=weights,
        bias=bias,
        meta={k: v for k, v in raw.items() if k not in _EXTRA},
        hidden_weights=hidden_w,
        hidden_bias=hidden_b,
    )


def _round(values, digits: int):
    return [float(f"{float(v):.{digits}g}") for v in np.ravel(values)]


def to_float16(values) -> np.ndarray:
    """``values`` rounded to the float16 numbers a head file keeps for an MLP's hidden layer."""
    return np.asarray(values, dtype=np.float64).astype("<f2")


def write_head(path: Path, weights, bias: float, meta: dict, hidden=None) -> None:
    """Write a head as JSON (rounded: the file stays small). ``hidden`` is an MLP's
    (hidden_weights 384 x H, hidden_bias H), with ``weights``/``bias`` its output layer; the hidden
    weights are kept as float16 (``hidden_weights_f16``, base64)."""
    body = dict(meta)
    body["bias"] = float(f"{float(bias):.6g}")
    body["weights"] = _round(weights, 6)
    if hidden is not None:
        hw, hb = to_float16(hidden[0]), np.asarray(hidden[1])
        if hw.shape != (DIM, hb.shape[0]):
            raise HeadError(f"{path}: hidden weights {hw.shape} do not match {DIM} x {hb.shape[0]}")
        body["hidden_bias"] = _round(hb, 6)
        body["hidden_weights_f16"] = base64.b64encode(np.ascontiguousarray(hw).tobytes()).decode("ascii")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(body, indent=1) + "\n", encoding="utf-8")
    load_head.cache_clear()
