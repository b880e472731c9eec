"""all-MiniLM-L6-v2 for the server: ``tokenizers`` reads tokenizer.json and onnxruntime runs the int8
graph that ``etiquette model fetch`` built from the verified weights (etiquette/meaning/graph.py says
what its numbers are and how close they stay to float32). No torch, no onnx import, no download.

One onnxruntime thread, sequential execution: a sentence is ~20 tokens and a draft a few hundred, too
little work to share, and on a busy 2-core machine a second spinning thread was measured slower than
one (bench/meaning_bench.py reports the provider and threads it ran with).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from .model import GRAPH, WORDS, verify

HIDDEN = 384
MAX_TOKENS = 128  # the model was trained on 256; a sentence longer than 128 tokens is a paragraph
THREADS = 1
PROVIDER = "CPUExecutionProvider"
# A run of the graph costs about as much as CALL_TOKENS more tokens (~0.6 ms against ~0.13 ms a
# token, one thread, measured), and a batch pads every sentence to its longest: sentences are sorted
# by length and cut into the batches that cost least (``batches``). CHUNK bounds a batch's memory.
CALL_TOKENS = 5
CHUNK = 16
# A second thread that takes a share of a cold draft's batches (0: none). Not a second onnxruntime
# intra-op thread: that would split every product, a one-sentence re-check's too, and spin or sleep
# on the second core at every node; a helper thread works only when a check has two batches or more.
HELPER_THREADS = 1


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


class WordTable:
    """The graph's word table (graph.py: 30,522 rows of 384 float16), read row by row from its file.

    onnxruntime maps a table kept as the graph's external data, and the kernel maps 64 KB around
    every page a lookup touches (fault-around; the file is in the page cache once its hash is
    checked): 15 checks of one draft left 12.8 MB of the 23 MB table resident in the server. Read
    with ``pread``, only the rows of a batch's tokens are in the process, and only while it runs."""

    ROW = HIDDEN * 2  # bytes per row (float16)

    def __init__(self, path: Path):
        self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        self.rows = os.fstat(self._fd).st_size // self.ROW

    def lookup(self, ids: np.ndarray) -> np.ndarray:
        """The rows of ``ids`` (any shape), shaped ``ids.shape + (384,)``, float16."""
        distinct, where = np.unique(ids, return_inverse=True)
        buf = bytearray(len(distinct) * self.ROW)
        view = memoryview(buf)
        for k, i in enumerate(distinct.tolist()):
            if not 0 <= i < self.rows:
                raise ValueError(f"token id {i} is outside the word table")
            got = os.preadv(self._fd, [view[k * self.ROW : (k + 1) * self.ROW]], i * self.ROW)
            if got != self.ROW:
                raise OSError(f"the word table is shorter than row {i}")
        table = np.frombuffer(buf, dtype="<f2").reshape(len(distinct), HIDDEN)
        return table[where.reshape(ids.shape)]

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._fd)


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
        self.words = WordTable(files[GRAPH].parent / WORDS)
        # The heads' products are numpy's: one BLAS thread too (OpenBLAS's idle workers spin-wait,
        # and on a busy machine two were measured several times slower than one).
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=1, user_api="blas")
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self._pool = None  # the helper thread, started on the first draft with two batches or more

    def runtime(self) -> dict:
        """What the forward pass runs on (for the benchmark's report)."""
        import onnxruntime as ort

        return {"onnxruntime": ort.__version__, "providers": self.session.get_providers(), "threads": THREADS}

    def encode_uncached(self, sentences: list[str]) -> np.ndarray:
        # One sentence at a time: encode_batch hands a few dozen short strings to a thread pool whose
        # workers a busy machine may not schedule for milliseconds (the ids are the same).
        encodings = [self.tokenizer.encode(s) for s in sentences]
        out = np.empty((len(sentences), HIDDEN), dtype=np.float32)
        groups = batches([len(e.ids) for e in encodings])
        if len(groups) < 2 or not HELPER_THREADS:
            for chunk in groups:
                out[chunk] = self._run(encodings, chunk)
            return out
        # Largest batches first, taken one at a time by this thread and the helper (onnxruntime lets
        # go of the GIL while it runs): a cold draft's batches use both cores; a re-check, one batch,
        # uses one. Each batch is computed exactly as it would be alone, so the numbers are the same.
        pending = sorted(groups, key=lambda g: -len(g) * len(encodings[g[-1]].ids))
        lock = threading.Lock()

        def work():
            while True:
                with lock:
                    if not pending:
                        return
                    chunk = pending.pop(0)
                out[chunk] = self._run(encodings, chunk)

        helper = self._helper().submit(work)
        work()
        # A helper still busy with another check's batches never started on ours: nothing to wait for.
        if not helper.cancel():
            helper.result()
        return out

    def _run(self, encodings, chunk: list[int]) -> np.ndarray:
        ids, mask = padded(encodings, chunk)
        return self.session.run(None, {"word_rows": self.words.lookup(ids), "attention_mask": mask})[0]

    def _helper(self):
        if self._pool is None:
            with self._lock:
                if self._pool is None:
                    from concurrent.futures import ThreadPoolExecutor

                    self._pool = ThreadPoolExecutor(HELPER_THREADS, thread_name_prefix="etiquette-encoder")
        return self._pool

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
