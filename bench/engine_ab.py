"""The rules engine of two commits in one process, alternating draft by draft: did a change cost engine
time? Wall-clock runs taken at different times on a shared machine cannot say (the machine's own speed
moves by more than most changes cost); two engines timed in turn on the same drafts, in the same
process, within the same second, can.

    .venv/bin/python bench/engine_ab.py ce98668 cc15d99            # commit A, commit B
    .venv/bin/python bench/engine_ab.py HEAD~1 HEAD --rounds 30 --proselint

Each commit's ``backend/etiquette`` and ``shared-rules`` are taken out with ``git archive`` into a
temporary folder, the package renamed ``etiquette_a`` / ``etiquette_b`` (its imports are relative, so
both load side by side), and each engine runs with its own rule pack and lists. What is timed is
``bench/run.py``'s engine figure: the rules layer alone (grammar rules switched off, meaning off) on
every draft of tests/corpus as the current tree has them, after three warm-up rounds. Per round the
order alternates (A then B, then B then A). Reported: the p50 of each over all samples, the median of
the per-draft ratios B/A, thread CPU as well as wall time, and how many drafts the two answer
differently (a rule change is expected to change some). A report, never a test.
"""

from __future__ import annotations

import argparse
import gc
import importlib
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

import drafts as corpus  # noqa: E402
from run import engine_args  # noqa: E402  (the API's normalisation, as make bench times it)


def extract(rev: str, dest: Path, name: str) -> tuple[str, Path]:
    """``rev``'s package as ``dest/pkgs/<name>`` and its rule pack as ``dest/<name>-rules``."""
    blob = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "backend/etiquette", "shared-rules"],
        check=True,
        capture_output=True,
    ).stdout
    out = dest / name
    with tarfile.open(fileobj=io.BytesIO(blob)) as tar:
        tar.extractall(out, filter="data")
    (dest / "pkgs").mkdir(exist_ok=True)
    os.replace(out / "backend" / "etiquette", dest / "pkgs" / name)
    return name, out / "shared-rules"


def load_engine(name: str, rules: Path):
    """(engine module, its pack, a meaning layer that is off) of the renamed package ``name``."""
    paths = importlib.import_module(f"{name}.paths")
    paths.shipped_rules_dir = lambda: rules  # never the installed package's pack
    engine = importlib.import_module(f"{name}.engine")
    pack = engine.pack.load_pack(rules)
    meaning = importlib.import_module(f"{name}.meaning")
    return engine, pack, meaning.MeaningLayer(rules / "no-model", enabled=False)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--proselint", action="store_true", help="time proselint in the same loop too")
    args = ap.parse_args()
    drafts = corpus.corpus_drafts()
    base = [engine_args(d) for d in drafts]
    with tempfile.TemporaryDirectory(prefix="engine-ab-") as tmp:
        arms = {}
        for label, rev in (("a", args.a), ("b", args.b)):
            name, rules = extract(rev, Path(tmp), f"etiquette_{label}")
            sys.path.insert(0, str(Path(tmp) / "pkgs"))
            engine, pack, off = load_engine(name, rules)
            grammar = [r.id for r in pack.rules if r.kind == "grammar"]
            calls = [{**a, "disabled": [*a["disabled"], *grammar]} for a in base]

            def run(i, engine=engine, pack=pack, off=off, calls=calls):
                return engine.check(**calls[i], meaning=off, pack=pack)

            arms[label] = run
        if args.proselint:
            from run import proselint_linter

            lint = proselint_linter()
            texts = [a["text"] for a in base]
            arms["proselint"] = lambda i: lint(texts[i])
        differ = sum(
            json.dumps(arms["a"](i), sort_keys=True, default=str)
            != json.dumps(arms["b"](i), sort_keys=True, default=str)
            for i in range(len(base))
        )
        for _ in range(3):
            for run in arms.values():
                for i in range(len(base)):
                    run(i)
        wall = {k: [[] for _ in base] for k in arms}
        cpu = {k: [[] for _ in base] for k in arms}
        order = list(arms)
        gc.collect()
        load = [os.getloadavg()[0]]
        for r in range(args.rounds):
            turn = order if r % 2 == 0 else order[::-1]
            for i in range(len(base)):
                for k in turn:
                    c, t = time.thread_time(), time.perf_counter()
                    arms[k](i)
                    wall[k][i].append(time.perf_counter() - t)
                    cpu[k][i].append(time.thread_time() - c)
        load.append(os.getloadavg()[0])

    def p50(samples):
        return round(statistics.median(s for per in samples for s in per) * 1000, 3)

    def ratio(x, y):  # median over drafts of the per-draft median ratio y/x
        return round(
            statistics.median(statistics.median(b) / statistics.median(a) for a, b in zip(x, y, strict=True)),
            3,
        )

    out = {
        "a": args.a,
        "b": args.b,
        "drafts": len(base),
        "rounds": args.rounds,
        "answers_differ": differ,
        "wall_p50_ms": {k: p50(v) for k, v in wall.items()},
        "cpu_p50_ms": {k: p50(v) for k, v in cpu.items()},
        "b_over_a_per_draft": {"wall": ratio(wall["a"], wall["b"]), "cpu": ratio(cpu["a"], cpu["b"])},
        "load_average_1m": [round(x, 2) for x in load],
    }
    if args.proselint:
        out["engine_over_proselint_cpu_p50"] = {
            k: round(out["cpu_p50_ms"][k] / out["cpu_p50_ms"]["proselint"], 3) for k in ("a", "b")
        }
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
