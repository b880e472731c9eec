"""all-MiniLM-L6-v2 in plain numpy float32: the reference the application's int8 graph is measured
against (tests/test_meaning.py, bench/meaning_bench.py). Not used to serve checks: one forward pass of a
20-token sentence costs ~8 ms here, four times the int8 graph's (README, "The meaning layer").

BERT embeddings, six encoder layers, mean pooling, L2 normalisation, every number float32 as the model
was published; ``tokenizers`` reads tokenizer.json and ``safetensors`` the weights.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .encoder import padded
from .model import verify_sources

HIDDEN, HEADS, LAYERS = 384, 12, 6
MAX_TOKENS = 128  # the model was trained on 256; a sentence longer than 128 tokens is a paragraph
EPS = 1e-12


def _erf(x: np.ndarray) -> np.ndarray:
    """Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): numpy has no erf, and BERT's GELU is erf-based."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    y = 1.0 - (
        ((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592
    ) * t * np.exp(-a * a)
    return sign * y


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x * np.float32(0.7071067811865476)))


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(-1, keepdims=True)
    return centred / np.sqrt(var + EPS) * weight + bias


class ReferenceEncoder:
    """Sentences in, unit-length 384-dimensional float32 vectors out (``encode_uncached`` only)."""

    def __init__(self, model_dir: Path):
        from safetensors import safe_open
        from tokenizers import Tokenizer

        files = verify_sources(model_dir)
        tok = Tokenizer.from_file(str(files["tokenizer.json"]))
        tok.no_padding()
        tok.enable_truncation(MAX_TOKENS)
        self.tokenizer = tok
        w = {}
        with safe_open(str(files["model.safetensors"]), framework="numpy") as fh:
            for key in fh.keys():  # noqa: SIM118  (safe_open is not iterable; keys() is its API)
                if key.endswith("position_ids"):
                    continue
                w[key] = fh.get_tensor(key)
        self.word = w["embeddings.word_embeddings.weight"]
        self.position = np.ascontiguousarray(w["embeddings.position_embeddings.weight"][:MAX_TOKENS])
        self.token_type = w["embeddings.token_type_embeddings.weight"][0].copy()
        self.emb_ln = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = []
        for i in range(LAYERS):
            p = f"encoder.layer.{i}."
            q, k, v = (w[p + f"attention.self.{n}.weight"] for n in ("query", "key", "value"))
            qkv_b = np.concatenate([w[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")])
            self.layers.append(
                (
                    np.ascontiguousarray(np.concatenate([q, k, v]).T),
                    qkv_b,  # one product for Q, K and V
                    np.ascontiguousarray(w[p + "attention.output.dense.weight"].T),
                    w[p + "attention.output.dense.bias"],
                    w[p + "attention.output.LayerNorm.weight"],
                    w[p + "attention.output.LayerNorm.bias"],
                    np.ascontiguousarray(w[p + "intermediate.dense.weight"].T),
                    w[p + "intermediate.dense.bias"],
                    np.ascontiguousarray(w[p + "output.dense.weight"].T),
                    w[p + "output.dense.bias"],
                    w[p + "output.LayerNorm.weight"],
                    w[p + "output.LayerNorm.bias"],
                )
            )
        del w

    # ------------------------------------------------------------------ forward pass
    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """(batch, tokens) ids and 0/1 mask → (batch, 384) unit vectors."""
        b, n = ids.shape
        x = self.word[ids] + self.position[:n] + self.token_type
        x = _layer_norm(x, *self.emb_ln).reshape(b * n, HIDDEN)
        # Padding keys get a large negative score so softmax gives them no weight.
        bias = ((1.0 - mask.astype(np.float32)) * np.float32(-1e9))[:, None, None, :]
        d = HIDDEN // HEADS
        scale = np.float32(1.0 / np.sqrt(d))
        for wqkv, bqkv, wo, bo, ln1w, ln1b, wi, bi, wout, bout, ln2w, ln2b in self.layers:
            qkv = x @ wqkv + bqkv
            qkv = qkv.reshape(b, n, 3, HEADS, d).transpose(2, 0, 3, 1, 4)  # (3, b, heads, n, d)
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            scores -= scores.max(-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(-1, keepdims=True)
            ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(b * n, HIDDEN)
            x = _layer_norm(ctx @ wo + bo + x, ln1w, ln1b)
            h = _gelu(x @ wi + bi)
            x = _layer_norm(h @ wout + bout + x, ln2w, ln2b)
        x = x.reshape(b, n, HIDDEN)
        m = mask.astype(np.float32)[:, :, None]
        pooled = (x * m).sum(1) / np.maximum(m.sum(1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def encode_uncached(self, sentences: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(sentences)
        out = np.empty((len(sentences), HIDDEN), dtype=np.float32)
        # Similar lengths together, so little compute goes on padding.
        order = sorted(range(len(sentences)), key=lambda i: len(encodings[i].ids))
        start = 0
        while start < len(order):
            chunk = order[start : start + 32]
            start += 32
            out[chunk] = self._forward(*padded(encodings, chunk))
        return out
