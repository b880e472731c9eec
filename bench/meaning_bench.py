"""Meaning-layer budgets over HTTP (issue 12, item 7): start-up to a healthy answer and to the
meaning layer on, a ~150-word draft checked truly cold (every sentence new to every cache: each round
gives each sentence its own numbers), a re-check of that draft after one sentence changed, and the
server's resident memory. Medians; reports, never asserts. Also says what ran: the BLAS kernel numpy
picks (threadpoolctl), onnxruntime's version, provider and threads, and the load average (timings on a
shared machine mean little without it).

    .venv/bin/python bench/meaning_bench.py            # machine's OPENBLAS_* settings
    .venv/bin/python bench/meaning_bench.py --unset-openblas   # OPENBLAS_CORETYPE/L2_SIZE unset for this run
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

from etiquette import memory
from etiquette.live_server import LiveServer, ServerDidNotStart

# Every sentence carries a number of its own: a new round's numbers make every sentence new text,
# so no cache (embeddings, grammar) has seen any of it.
SENTENCES = (
    "Thank you for meeting me on Tuesday to talk about the data engineer role and your {} pipelines.",
    "I enjoyed hearing how the team moved {} nightly batch jobs to dbt and what you learned about testing "
    "the models before release.",
    "Your point about keeping the warehouse costs visible to all {} squads stayed with me on the way home.",
    "I have built similar cost dashboards for {} teams at my current company, and I would be glad to bring "
    "that habit to your platform group.",
    "The way your engineers review each other's queries before the {} weekly reports go out struck me as "
    "careful.",
    "I am very keen on the role and on the chance to work with your {} analysts.",
    "Please let me know if I can send anything that would help with your decision, such as {} code samples.",
    "Thank you again for your time and for the tour of the office on floor {}.",
)
CHANGED = 4  # the sentence a re-check changes


def draft(round_: int, changed: int | None = None) -> str:
    numbers = [11 + 97 * round_ + k for k in range(len(SENTENCES))]
    if changed is not None:
        numbers[changed] += 50_000
    body = " ".join(s.format(n) for s, n in zip(SENTENCES, numbers, strict=True))
    return "Dear Sam,\n\n" + body + "\n\nBest regards,\nJo"


RUNTIME = """
import json, os, numpy, threadpoolctl, onnxruntime
from etiquette.meaning import encoder
flags = open('/proc/cpuinfo').read() if os.path.exists('/proc/cpuinfo') else ''
print(json.dumps({
    'blas_kernel': [i.get('architecture') for i in threadpoolctl.threadpool_info()],
    'onnxruntime': onnxruntime.__version__,
    'provider': encoder.PROVIDER,
    'intra_op_threads': encoder.THREADS,
    'cpu_vnni': ' avx512_vnni' in flags or ' avx_vnni' in flags,
}))
"""


def _get(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.load(r)


def _cpu_ms(pid: int) -> dict[str, float]:
    """CPU time each of the server's threads has used so far (Linux schedstat, ns resolution): unlike
    the wall-clock time it hardly changes when other processes share the cores."""
    used = {}
    for task in os.listdir(f"/proc/{pid}/task"):
        with contextlib.suppress(OSError), open(f"/proc/{pid}/task/{task}/schedstat", encoding="ascii") as fh:
            used[task] = int(fh.read().split()[0]) / 1e6
    return used


def _spent(before: dict, after: dict) -> tuple[float, float]:
    """(CPU ms all threads spent between two readings, ms the busiest one spent): on an idle 2-core
    machine a check whose work is shared between threads takes at least the busiest one's time."""
    deltas = [ms - before.get(task, 0.0) for task, ms in after.items()]
    return sum(deltas), max(deltas, default=0.0)


def _rss_parts(pid: int) -> dict[str, float]:
    """The server's resident memory split by what backs it (Linux /proc): ``anon`` is its own heap and
    thread stacks (what it costs the machine), ``file`` the pages of its libraries' code and data
    mapped from disk (clean, shared with the page cache, dropped by the kernel under pressure)."""
    parts = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            key, _, rest = line.partition(":")
            if key in ("RssAnon", "RssFile", "RssShmem"):
                parts[key[3:].lower()] = round(int(rest.split()[0]) / 1024, 1)
    return parts


def _post(url, body):
    req = urllib.request.Request(
        url, data=json.dumps(body).encode(), method="POST", headers={"Content-Type": "application/json"}
    )
    t = time.perf_counter()
    with urllib.request.urlopen(req, timeout=30) as r:
        r.read()
    return (time.perf_counter() - t) * 1000


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--unset-openblas", action="store_true")
    ap.add_argument("--n", type=int, default=20)
    args = ap.parse_args()
    env = dict(os.environ)
    unset = {"OPENBLAS_CORETYPE": None, "OPENBLAS_L2_SIZE": None} if args.unset_openblas else {}
    for key in unset:
        env.pop(key, None)
    with tempfile.TemporaryDirectory() as tmp:
        server = LiveServer(
            db=os.path.join(tmp, "t.sqlite3"), command=[sys.executable, "-m", "etiquette"], env=unset
        ).spawn()
        base = server.url
        try:
            healthy = meaning_on = None
            server.wait_healthy(poll=0.02)
            healthy = time.perf_counter() - server.started
            with contextlib.suppress(ServerDidNotStart):  # reported as -1
                server.wait_healthy(ready=lambda h: h["layers"].get("meaning") == "on", poll=0.02)
                meaning_on = time.perf_counter() - server.started
            words = len(draft(0).split()) - 4  # without greeting and sign-off
            for i in range(3):  # the first checks pay for lazy imports and warm-ups: not counted
                _post(base + "/api/v1/check", {"text": draft(-1 - i)})
            load_before = os.getloadavg()
            cold, warm, cold_cpu, warm_cpu, cold_busiest = [], [], [], [], []
            pid = server.proc.pid
            for i in range(args.n):
                c = _cpu_ms(pid)
                cold.append(_post(base + "/api/v1/check", {"text": draft(i)}))
                spent, busiest = _spent(c, _cpu_ms(pid))
                cold_cpu.append(spent)
                cold_busiest.append(busiest)
                c = _cpu_ms(pid)
                warm.append(_post(base + "/api/v1/check", {"text": draft(i, changed=CHANGED)}))
                warm_cpu.append(_spent(c, _cpu_ms(pid))[0])
            rss = server.rss_mb()[0]
            time.sleep(memory.IDLE_SECONDS + 1)  # the server gives a burst's freed heap back when idle
            rss_idle = server.rss_mb()[0]
            rss_parts = _rss_parts(pid)
            runtime = subprocess.run(
                [sys.executable, "-c", RUNTIME], env=env, capture_output=True, text=True
            ).stdout.strip()
            out = {
                "openblas_unset": args.unset_openblas,
                **(json.loads(runtime) if runtime else {"runtime": "unknown"}),
                "draft_words": words,
                "start_to_healthy_s": round(healthy or -1, 2),
                "start_to_meaning_on_s": round(meaning_on or -1, 2),
                "cold_check_ms_median": round(statistics.median(cold), 1),
                "one_sentence_changed_ms_median": round(statistics.median(warm), 1),
                # the server's own CPU time per check: what the check costs on an idle machine, nearly
                "cold_check_server_cpu_ms_median": round(statistics.median(cold_cpu), 1),
                # the thread that worked longest on it (the encoder shares a cold draft's batches)
                "cold_check_busiest_thread_cpu_ms_median": round(statistics.median(cold_busiest), 1),
                "one_sentence_changed_server_cpu_ms_median": round(statistics.median(warm_cpu), 1),
                "rss_mb": round(rss, 1),
                "rss_after_idle_mb": round(rss_idle, 1),
                "rss_after_idle_by_backing_mb": rss_parts,
                "load_average_1m": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
                "rounds": args.n,
            }
            print(json.dumps(out, indent=1))
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
