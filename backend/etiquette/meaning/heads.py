"""A trained head: a logistic regression over a sentence's 384-dimensional embedding.

Stored as JSON beside the rules (``shared-rules/heads/<rule id>.json``), a few KB each, with the
commit of the training data it came from; ``make train`` rewrites them (etiquette/meaning/train.py).
"""

from __future__ import annotations

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
    weights: np.ndarray  # (384,) float32
    bias: float
    meta: dict

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """P(the sentence is what this head looks for), one per row of ``vectors``."""
        z = vectors @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-z))


@lru_cache(maxsize=64)
def load_head(path: str) -> Head:
    """The head in ``path``; raises HeadError when it cannot be read or has the wrong shape."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        weights = np.asarray(raw["weights"], dtype=np.float32)
        bias = float(raw["bias"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise HeadError(f"{path}: not a readable head file ({exc})") from None
    if weights.shape != (DIM,):
        raise HeadError(f"{path}: weights must have {DIM} numbers, found {weights.shape}")
    return Head(
        weights=weights, bias=bias, meta={k: v for k, v in raw.items() if k not in ("weights", "bias")}
    )


def write_head(path: Path, weights, bias: float, meta: dict) -> None:
    """Write a head as JSON (rounded to 6 significant digits: the file stays small and diffable)."""
    body = dict(meta)
    body["bias"] = float(f"{float(bias):.6g}")
    body["weights"] = [float(f"{float(w):.6g}") for w in weights]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(body, indent=1) + "\n", encoding="utf-8")
    load_head.cache_clear()
