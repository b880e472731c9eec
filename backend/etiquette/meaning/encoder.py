"""all-MiniLM-L6-v2 for the server: ``tokenizers`` reads tokenizer.json and onnxruntime runs the int8
graph that ``etiquette model fetch`` built from the verified weights (etiquette/meaning/graph.py says
what its numbers are and how close they stay to float32). No torch, no onnx import, no download.

One onnxruntime thread, sequential execution: a sentence is ~20 tokens and a draft a few hundred, too
little work to share, and on a busy 2-core machine a second spinning thread was measured slower than
one (bench/meaning_bench.py reports the provider and threads it ran with).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from .model import GRAPH, verify

HIDDEN = 384
MAX_TOKENS = 128  # the model was trained on 256; a sentence longer than 128 tokens is a paragraph
THREADS = 1
PROVIDER = "CPUExecutionProvider"
# A run of the graph costs about as much as CALL_TOKENS more tokens (~0.6 ms against ~0.13 ms a
# token, one thread, measured), and a batch pads every sentence to its longest: sentences are sorted
# by length and cut into the batches that cost least (``batches``). CHUNK bounds a batch's memory.
CALL_TOKENS = 5
CHUNK = 16


def _session(graph: Path):
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = THREADS
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # No arena: it keeps the high-water mark of the largest batch ever run (+35 MB resident after one
    # long paste); without it a check's activations are freed when it ends, at no measured cost.
    so.enable_cpu_mem_arena = False
    so.add_session_config_entry("session.intra_op.allow_spinning", "0")
    so.log_severity_level = 3  # onnxruntime's own warnings are not the user's business
    try:
        # graph.py leaves Add + LayerNormalization unfused on purpose (faster here, same accuracy)
        return ort.InferenceSession(
            str(graph), so, providers=[PROVIDER], disabled_optimizers=["SkipLayerNormFusion"]
        )
    except Exception as exc:  # onnxruntime's errors derive from Exception only
        # the layer turns this into "off: could not be read; fetch again" (never a 500)
        raise RuntimeError(f"onnxruntime cannot load {GRAPH}: {type(exc).__name__}") from None


def padded(encodings, chunk: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Token ids and attention mask of the sentences ``chunk`` indexes, zero-padded to the longest."""
    n = max(len(encodings[i].ids) for i in chunk)
    ids = np.zeros((len(chunk), n), dtype=np.int64)
    mask = np.zeros((len(chunk), n), dtype=np.int64)
    for row, i in enumerate(chunk):
        e = encodings[i].ids
        ids[row, : len(e)] = e
        mask[row, : len(e)] = 1
    return ids, mask


def batches(lengths: list[int]) -> list[list[int]]:
    """Indices into ``lengths`` grouped into batches of similar length, cheapest first: a run costs
    CALL_TOKENS plus its longest sentence times its size (dynamic programming over the sorted order;
    a draft has a few dozen sentences)."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    best = [0.0] + [float("inf")] * len(order)
    cut = [0] * (len(order) + 1)
    for j in range(1, len(order) + 1):
        for i in range(max(0, j - CHUNK), j):
            cost = best[i] + CALL_TOKENS + lengths[order[j - 1]] * (j - i)
            if cost < best[j]:
                best[j], cut[j] = cost, i
    groups, j = [], len(order)
    while j > 0:
        groups.append(order[cut[j] : j])
        j = cut[j]
    return groups[::-1]


class Encoder:
    """Sentences in, unit-length 384-dimensional float32 vectors out (thread-safe, LRU-cached)."""

    def __init__(self, model_dir: Path, *, cache_size: int = 4096):
        from tokenizers import Tokenizer

        files = verify(model_dir)
        tok = Tokenizer.from_file(str(files["tokenizer.json"]))
        tok.no_padding()
        tok.enable_truncation(MAX_TOKENS)
        self.tokenizer = tok
        self.session = _session(files[GRAPH])
        # The heads' products are numpy's: one BLAS thread too (OpenBLAS's idle workers spin-wait,
        # and on a busy machine two were measured several times slower than one).
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=1, user_api="blas")
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def runtime(self) -> dict:
        """What the forward pass runs on (for the benchmark's report)."""
        import onnxruntime as ort

        return {"onnxruntime": ort.__version__, "providers": self.session.get_providers(), "threads": THREADS}

    def encode_uncached(self, sentences: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(sentences)
        out = np.empty((len(sentences), HIDDEN), dtype=np.float32)
        for chunk in batches([len(e.ids) for e in encodings]):
            ids, mask = padded(encodings, chunk)
            out[chunk] = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        return out

    def encode(self, sentences: list[str]) -> np.ndarray:
        """One row per sentence; sentences seen recently come from the cache, the rest in one batch."""
        result = np.empty((len(sentences), HIDDEN), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        with self._lock:
            for i, s in enumerate(sentences):
                hit = self._cache.get(s)
                if hit is not None:
                    self._cache.move_to_end(s)
                    result[i] = hit
                else:
                    missing.setdefault(s, []).append(i)
        if missing:
            keys = list(missing)
            vectors = self.encode_uncached(keys)
            with self._lock:
                for s, vec in zip(keys, vectors, strict=False):
                    result[missing[s]] = vec
                    self._cache[s] = vec
                    if len(self._cache) > self._cache_size:
                        self._cache.popitem(last=False)
        return result
