"""all-MiniLM-L6-v2 for the server: ``tokenizers`` reads tokenizer.json and onnxruntime runs the int8
graph that ``etiquette model fetch`` built from the verified weights (etiquette/meaning/graph.py says
what its numbers are and how close they stay to float32). No torch, no onnx import, no download.

One onnxruntime thread per run, sequential execution: a sentence is ~20 tokens, too little work to
split a product across cores. The second core is used another way: a helper thread starts on a
check's sentences as the check begins and runs batches while the request's thread runs the phrase
rules and Harper, then both take the batches left (``Encoder``). Measured in one process, alternating,
on 20 cold 159-word drafts (bench/meaning_bench.py's): the busiest thread's CPU time per check went
from 41 to 23 ms, per re-check after one sentence changed from 8.8 to 6.0 ms, for 1.8 and 0.4 ms more
CPU in all (load 6.7-8: on a machine that busy the wall-clock time is the scheduler's, not ours).
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
# The helper thread (0: none, every batch runs in the request's thread). Not a second onnxruntime
# intra-op thread: that would split every product into halves too small to be worth a wake-up,
# and wake the second core at every node of the graph.
HELPER_THREADS = 1
# How long a thread that wants the GIL waits before the interpreter makes the running thread hand it
# over (Python's default is 5 ms). The helper needs the GIL for a few microseconds to pick up a batch
# and again after each run; the request's thread meanwhile runs the phrase rules in Python and lets
# go of it only now and then. With 5 ms the helper sat idle for most of a re-check: the one changed
# sentence was still waiting when the request's thread reached the meaning rules and encoded it
# itself, after the rules instead of beside them (bench/check_timeline.py shows who ran what, when).
HANDOFF_SECONDS = 0.00025


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


class _Job:
    """Distinct sentences being encoded: batches not yet taken (largest first), rows as they finish.
    Any thread may take batches (``work``); ``done`` is set once every batch has finished."""

    def __init__(self, keys: list[str], batches: list[tuple[list[int], dict]]):
        self.keys = keys
        self.out = np.empty((len(keys), HIDDEN), dtype=np.float32)
        # (rows, the graph's inputs): built by the thread that made the job, so a thread taking a
        # batch only runs the graph (which lets go of the GIL) and writes its rows
        self.pending = sorted(batches, key=lambda b: -b[1]["attention_mask"].size)
        self.left = len(batches)
        self.error: BaseException | None = None
        self.done = threading.Event()
        self._lock = threading.Lock()

    def work(self, run, finished) -> None:
        """Take batches until none is left; the thread that finishes the last calls ``finished``."""
        while True:
            with self._lock:
                if not self.pending:
                    return
                chunk, feed = self.pending.pop(0)
            try:
                self.out[chunk] = run(feed)
            except BaseException as exc:  # re-raised in the thread that waits for the rows
                self.error = exc
            with self._lock:
                self.left -= 1
                last = self.left == 0
            if last:
                finished(self)
                self.done.set()


class Encoder:
    """Sentences in, unit-length 384-dimensional float32 vectors out (thread-safe, LRU-cached).

    A check asks for its sentences twice: ``prefetch`` as it starts (a helper thread begins encoding
    them while the phrase rules and Harper run in the request's thread: onnxruntime lets go of the
    GIL while it runs) and ``encode`` when the first meaning rule needs them, which takes the batches
    the helper has not started and waits for the one it is running. A cold draft so uses both cores;
    each batch is computed exactly as it would be alone, so the numbers are the same either way."""

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
        self._inflight: dict[str, tuple[_Job, int]] = {}  # sentence -> (its job, its row there)
        self._pool = None  # the helper thread, started on first use

    def runtime(self) -> dict:
        """What the forward pass runs on (for the benchmark's report)."""
        import onnxruntime as ort

        return {"onnxruntime": ort.__version__, "providers": self.session.get_providers(), "threads": THREADS}

    def _job(self, keys: list[str]) -> _Job:
        # One sentence at a time: encode_batch hands a few dozen short strings to a thread pool whose
        # workers a busy machine may not schedule for milliseconds (the ids are the same).
        encodings = [self.tokenizer.encode(s) for s in keys]
        feeds = []
        for chunk in batches([len(e.ids) for e in encodings]):
            ids, mask = padded(encodings, chunk)
            feeds.append((chunk, {"word_rows": self.words.lookup(ids), "attention_mask": mask}))
        return _Job(keys, feeds)

    def _run(self, feed: dict) -> np.ndarray:
        return self.session.run(None, feed)[0]

    def _helper(self):
        if self._pool is None:
            with self._lock:
                if self._pool is None:
                    import sys
                    from concurrent.futures import ThreadPoolExecutor

                    if (
                        sys.getswitchinterval() > HANDOFF_SECONDS
                    ):  # a shorter one set by the host program stays
                        sys.setswitchinterval(HANDOFF_SECONDS)
                    self._pool = ThreadPoolExecutor(HELPER_THREADS, thread_name_prefix="etiquette-encoder")
        return self._pool

    def _share(self, job: _Job, finished) -> None:
        """Run ``job`` in this thread, with the helper taking batches too when it is free."""
        if HELPER_THREADS and len(job.pending) > 1:
            self._helper().submit(job.work, self._run, finished)
        job.work(self._run, finished)
        job.done.wait()
        if job.error is not None:
            raise job.error

    def encode_uncached(self, sentences: list[str]) -> np.ndarray:
        """One row per sentence, none from the cache and none put there (training, benchmarks)."""
        if not sentences:
            return np.empty((0, HIDDEN), dtype=np.float32)
        job = self._job(list(sentences))
        self._share(job, lambda _job: None)
        return job.out

    def _finished(self, job: _Job) -> None:
        """The last batch of a cached job is done: its rows go to the cache (unless it failed)."""
        with self._lock:
            for row, s in enumerate(job.keys):
                if self._inflight.get(s, (None,))[0] is job:
                    del self._inflight[s]
                if job.error is None:
                    self._cache[s] = job.out[row]
                    if len(self._cache) > self._cache_size:
                        self._cache.popitem(last=False)

    def prefetch(self, sentences: list[str]) -> None:
        """Start encoding, in the helper thread, the sentences neither cached nor already in flight
        (returns at once; ``encode`` collects them)."""
        if not HELPER_THREADS:
            return
        with self._lock:
            fresh = [s for s in dict.fromkeys(sentences) if s not in self._cache and s not in self._inflight]
        if not fresh:
            return
        job = self._job(fresh)
        with self._lock:
            for row, s in enumerate(fresh):
                self._inflight.setdefault(s, (job, row))
        self._helper().submit(job.work, self._run, self._finished)

    def encode(self, sentences: list[str]) -> np.ndarray:
        """One row per sentence; sentences seen recently come from the cache, those a prefetch is
        encoding from it, the rest in one job shared with the helper."""
        result = np.empty((len(sentences), HIDDEN), dtype=np.float32)
        waiting: dict[int, tuple[_Job, int]] = {}
        missing: dict[str, list[int]] = {}
        with self._lock:
            for i, s in enumerate(sentences):
                hit = self._cache.get(s)
                if hit is not None:
                    self._cache.move_to_end(s)
                    result[i] = hit
                elif s in self._inflight:
                    waiting[i] = self._inflight[s]
                else:
                    missing.setdefault(s, []).append(i)
        if missing:
            job = self._job(list(missing))
            with self._lock:
                for row, s in enumerate(job.keys):
                    self._inflight.setdefault(s, (job, row))
            self._share(job, self._finished)
            for row, s in enumerate(job.keys):
                result[missing[s]] = job.out[row]
        for job in {id(j): j for j, _ in waiting.values()}.values():
            job.work(self._run, self._finished)  # take what the helper has not started
            job.done.wait()
            if job.error is not None:
                raise job.error
        for i, (job, row) in waiting.items():
            result[i] = job.out[row]
        return result
