"""Meaning-layer budgets over HTTP (shared/DESIGN.md): start-up to a healthy answer with the model
loaded, a 150-word draft checked cold (no sentence seen before), a re-check after one sentence
changed, and the server's resident memory. Medians; reports, never asserts.

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

from etiquette.live_server import LiveServer, ServerDidNotStart

BODY = (
    "Thank you for meeting me on Tuesday to talk about the {n} data engineer role. I enjoyed hearing how the "
    "team moved the nightly batch jobs to dbt and what you learned about testing the models before release. "
    "Your point about keeping the warehouse costs visible to every squad stayed with me on the way home. "
    "I have built similar cost dashboards at my current company, and I would be glad to bring that habit "
    "to your platform group. I am very keen on the role and on the chance to work with your analysts. "
    "Please let me know if I can send anything that would help with your decision, such as code samples. "
    "Thank you again for your time and for the tour of the office."
)


def _get(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.load(r)


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
    ap.add_argument("--n", type=int, default=15)
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
            words = len(BODY.split())
            cold, warm = [], []
            for i in range(args.n):
                text = "Dear Sam,\n\n" + BODY.format(n=f"run{i}x{time.time_ns()}") + "\n\nBest regards,\nJo"
                cold.append(_post(base + "/api/v1/check", {"text": text}))
                changed = text.replace("Thank you again", f"Many thanks again ({i})")
                warm.append(_post(base + "/api/v1/check", {"text": changed}))
            rss = server.rss_mb()[0]
            kernel = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    "import numpy, threadpoolctl, json;"
                    "print(json.dumps([i.get('architecture') for i in threadpoolctl.threadpool_info()]))",
                ],
                env=env,
                capture_output=True,
                text=True,
            ).stdout.strip()
            out = {
                "openblas_unset": args.unset_openblas,
                "blas_kernel": kernel,
                "draft_words": words,
                "start_to_healthy_s": round(healthy or -1, 2),
                "start_to_meaning_on_s": round(meaning_on or -1, 2),
                "cold_check_ms_median": round(statistics.median(cold), 1),
                "one_sentence_changed_ms_median": round(statistics.median(warm), 1),
                "rss_mb": round(rss, 1),
            }
            print(json.dumps(out, indent=1))
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
