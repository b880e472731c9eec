"""meaning_bench.py's budgets for two commits at once: one server of each, the same drafts sent to
them in turn (A then B, then B then A), so both meet the same load at the same moments. On a shared
machine two runs of meaning_bench.py taken minutes apart differ by more than most changes; two servers
measured alternately do not.

    .venv/bin/python bench/meaning_ab.py b7ccded HEAD --n 20
    .venv/bin/python bench/meaning_ab.py b7ccded WORKTREE     # WORKTREE: this checkout as it is

Each commit's ``backend/`` and ``shared-rules/`` come out with ``git archive`` into a temporary folder
and its server runs from there (``PYTHONPATH``, and ``ETIQUETTE_RULES`` for its pack) with this
checkout's venv and the one model directory. Reported per server: HTTP medians of the cold check and
of the re-check after one sentence changed, the server's CPU for each (all threads, and the busiest
thread for the cold one), and RSS after the idle trim (anonymous and file-backed). A report, never a
test.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import meaning_bench as mb  # noqa: E402
from etiquette import memory  # noqa: E402
from etiquette.live_server import LiveServer  # noqa: E402


def checkout(rev: str, dest: Path) -> Path:
    """``rev``'s backend and rule pack under ``dest`` (``WORKTREE``: this checkout, as it is)."""
    if rev == "WORKTREE":
        return ROOT
    blob = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "backend", "shared-rules"], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(blob)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--n", type=int, default=20)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="meaning-ab-") as tmp:
        servers = {}
        try:
            for label, rev in (("a", args.a), ("b", args.b)):
                tree = checkout(rev, Path(tmp) / label)
                env = {"PYTHONPATH": str(tree / "backend"), "ETIQUETTE_RULES": str(tree / "shared-rules")}
                server = LiveServer(
                    db=os.path.join(tmp, f"{label}.sqlite3"),
                    command=[sys.executable, "-m", "etiquette"],
                    env=env,
                ).spawn()
                servers[label] = server
            for server in servers.values():
                server.wait_healthy(ready=lambda h: h["layers"].get("meaning") == "on", poll=0.05)
                for i in range(3):  # lazy imports and first linters: not counted
                    mb._post(server.url + "/api/v1/check", {"text": mb.draft(-1 - i)})
            got = {
                k: {"cold": [], "recheck": [], "cold_cpu": [], "cold_busiest": [], "recheck_cpu": []}
                for k in servers
            }
            load = [os.getloadavg()[0]]
            order = list(servers)
            for i in range(args.n):
                for label in order if i % 2 == 0 else order[::-1]:
                    server, rows = servers[label], got[label]
                    pid = server.proc.pid
                    c = mb._cpu_ms(pid)
                    rows["cold"].append(mb._post(server.url + "/api/v1/check", {"text": mb.draft(i)}))
                    spent, busiest = mb._spent(c, mb._cpu_ms(pid))
                    rows["cold_cpu"].append(spent)
                    rows["cold_busiest"].append(busiest)
                    c = mb._cpu_ms(pid)
                    rows["recheck"].append(
                        mb._post(server.url + "/api/v1/check", {"text": mb.draft(i, changed=mb.CHANGED)})
                    )
                    rows["recheck_cpu"].append(mb._spent(c, mb._cpu_ms(pid))[0])
            load.append(os.getloadavg()[0])
            time.sleep(memory.IDLE_SECONDS + 1)
            out = {"rounds": args.n, "load_average_1m": [round(x, 2) for x in load]}
            for label, rows in got.items():
                pid = servers[label].proc.pid
                out[f"{label}: {getattr(args, label)}"] = {
                    **{f"{k}_ms_median": round(statistics.median(v), 1) for k, v in rows.items()},
                    "rss_after_idle_mb": round(servers[label].rss_mb()[0], 1),
                    "rss_after_idle_by_backing_mb": mb._rss_parts(pid),
                }
            print(json.dumps(out, indent=1))
        finally:
            for server in servers.values():
                server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
