"""Where a check's time goes between its threads, in-process (the app's test client, meaning on), for
meaning_bench.py's draft checked cold and re-checked after one sentence changed:

- CPU time per thread (the request's, the encoder's helper, Harper's), from Linux schedstat;
- which thread ran each encoder batch, and how long the helper took to pick up the first one after
  the check began (the request's thread runs the phrase rules meanwhile, holding the GIL);
- the encoder's own floor: the CPU time of the graph runs alone for the draft's new sentences.

    .venv/bin/python bench/check_timeline.py                   # 20 pairs
    .venv/bin/python bench/check_timeline.py --switch 0.005,0.00025 --n 30
        # A/B: the interpreter's switch interval alternated check by check, in one process

Medians; a report, never a test. On a busy machine the wall-clock figures are the scheduler's; the CPU
figures and the pick-up delays much less so.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import meaning_bench as mb


def thread_cpu_ms() -> dict[str, float]:
    """CPU ms used so far by each live thread of this process, by thread name."""
    names = {str(t.native_id): t.name.split("_")[0] for t in threading.enumerate()}
    used: dict[str, float] = collections.defaultdict(float)
    for task in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{task}/schedstat", encoding="ascii") as fh:
                used[names.get(task, "other")] += int(fh.read().split()[0]) / 1e6
        except OSError:
            continue
    return used


class Recorder:
    """Wraps the encoder's graph runs to note which thread ran each and when."""

    def __init__(self, encoder_module):
        self.events: list[tuple[float, str, str]] = []
        self.t0 = 0.0
        run = encoder_module.Encoder._run
        recorder = self

        def traced(self, feed):
            recorder.events.append((time.perf_counter(), threading.current_thread().name, "start"))
            try:
                return run(self, feed)
            finally:
                recorder.events.append((time.perf_counter(), threading.current_thread().name, "end"))

        encoder_module.Encoder._run = traced

    def begin(self):
        self.events.clear()
        self.t0 = time.perf_counter()

    def summary(self) -> dict:
        starts = [(t, name) for t, name, what in self.events if what == "start"]
        helper = [t for t, name in starts if name.startswith("etiquette-encoder")]
        return {
            "batches": len(starts),
            "by_helper": len(helper),
            "helper_first_pickup_ms": (helper[0] - self.t0) * 1000 if helper else None,
        }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--switch", default="", help="comma-separated switch intervals to alternate (s)")
    args = ap.parse_args()
    from etiquette.app import create_app
    from etiquette.meaning import encoder as encoder_module

    recorder = Recorder(encoder_module)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"TESTING": True, "DATABASE": str(Path(tmp) / "t.sqlite3")})
        enc = app.extensions["etiquette.meaning"].encoder()
        if enc is None:
            print("the meaning layer is off: run `etiquette model fetch`", file=sys.stderr)
            return 1
        client = app.test_client()
        for i in range(3):  # lazy imports, first linters, the helper thread
            client.post("/api/v1/check", json={"text": mb.draft(-1 - i)})
        arms = [float(x) for x in args.switch.split(",") if x] or [sys.getswitchinterval()]
        samples = {a: collections.defaultdict(list) for a in arms}
        load = [os.getloadavg()[0]]
        for i in range(args.n):
            for j, arm in enumerate(arms if i % 2 == 0 else arms[::-1]):
                sys.setswitchinterval(arm)
                number = 10_000 + 100 * i + j
                for mode, text in (("cold", mb.draft(number)), ("recheck", mb.draft(number, mb.CHANGED))):
                    before = thread_cpu_ms()
                    recorder.begin()
                    start = time.perf_counter()
                    client.post("/api/v1/check", json={"text": text})
                    wall = (time.perf_counter() - start) * 1000
                    after = thread_cpu_ms()
                    got = samples[arm]
                    got[f"{mode}_wall_ms"].append(wall)
                    spent = {k: v - before.get(k, 0.0) for k, v in after.items()}
                    got[f"{mode}_cpu_ms"].append(sum(spent.values()))
                    for name, ms in spent.items():
                        got[f"{mode}_cpu_ms_{name}"].append(ms)
                    s = recorder.summary()
                    got[f"{mode}_batches_by_helper_share"].append(s["by_helper"] / max(s["batches"], 1))
                    if s["helper_first_pickup_ms"] is not None:
                        got[f"{mode}_helper_first_pickup_ms"].append(s["helper_first_pickup_ms"])
        load.append(os.getloadavg()[0])
        # the floor: the graph alone on the cold draft's pieces, one thread, no cache
        from etiquette.engine.draft import Draft
        from etiquette.meaning.runner import MeaningState

        texts = MeaningState(None).pieces(Draft(mb.draft(99_999)))[0]
        floor = []
        for k in range(5):
            fresh = [f"{t} {k}" for t in texts]
            job = enc._job(fresh)
            c = time.thread_time()
            for _, feed in job.pending:
                enc._run(feed)
            floor.append((time.thread_time() - c) * 1000)
    out = {
        "switch_interval_s": {
            str(a): {k: round(statistics.median(v), 2) for k, v in sorted(d.items())}
            for a, d in samples.items()
        },
        "encoder_floor_cold_cpu_ms": round(statistics.median(floor), 1),
        "cold_pieces": len(texts),
        "load_average_1m": [round(x, 2) for x in load],
        "pairs": args.n,
    }
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
