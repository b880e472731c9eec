"""Leave-one-batch-out: how the meaning heads generalise to a batch of drafts they never saw.

For each kept blind batch bN (bench/blind/bN): train every head without bN's drafts and without the
training files written for bN (their names say so: tuning_b6_*, tuning_b3_b5_*), put those heads and
thresholds in a copy of the rule pack, and score bN through POST /api/v1/check exactly as
bench/score_blind.py does (rules + meaning). Writes bench/out/lobo.json.

    .venv/bin/python bench/lobo.py                 # every batch
    .venv/bin/python bench/lobo.py b6 b8 --details # some, listing misses and false alarms
    .venv/bin/python bench/lobo.py --no-blind      # the old recipe: no blind drafts in training

It trains, so it needs the training extras that `make train` installs (scikit-learn); `make install`
alone does not bring them.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import score_blind  # noqa: E402
from etiquette.meaning import train  # noqa: E402


def answers_for(drafts, rules_dir: Path) -> dict:
    from etiquette.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {"TESTING": True, "DATABASE": str(Path(tmp) / "t.sqlite3"), "RULES_DIR": str(rules_dir)}
        )
        layer = app.extensions["etiquette.meaning"]
        layer.encoder()
        if layer.status()[0] != "on":
            sys.exit(f"the meaning layer is off: {layer.status()[1]}")
        client = app.test_client()
        out = {}
        for d in drafts:
            resp = client.post("/api/v1/check", json=score_blind.body(d["data"]))
            assert resp.status_code == 200, (d["id"], resp.status_code)
            out[d["id"]] = resp.get_json()
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("batches", nargs="*", help="bN names (default: every kept batch)")
    parser.add_argument("--no-blind", action="store_true", help="train without any blind batch (old recipe)")
    parser.add_argument(
        "--old-recipe",
        action="store_true",
        help="the recipe before bench/lobo.py: linear heads, no blind drafts",
    )
    parser.add_argument("--details", action="store_true")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "lobo.json")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("sklearn") is None:
        # fail before the first batch, not after minutes of embedding, and say how to get it
        print(
            "bench/lobo.py trains heads and needs scikit-learn: run `make train` once, or "
            ".venv/bin/pip install -e '.[dev,train]'",
            file=sys.stderr,
        )
        return 2
    if args.old_recipe:
        args.no_blind = True
        train.MLP_LABELS = set()
    batches = [p for p in train.blind_batches() if not args.batches or p.name in args.batches]
    results = {}
    total = {"tp": 0, "fp": 0, "fn": 0, "good": 0, "good_with_warning": 0}
    for folder in batches:
        started = time.perf_counter()
        trained = train.train_all({folder.name}, log=lambda *a: None, blind=not args.no_blind)
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "shared-rules"
            shutil.copytree(train.RULES, root, ignore=shutil.ignore_patterns("training"))
            train.write_heads(trained, root, "lobo")
            drafts = score_blind.load(folder)
            answers = answers_for(drafts, root)
        s = score_blind.score(drafts, answers)
        o = s["overall"]
        for k in ("tp", "fp", "fn"):
            total[k] += o[k]
        total["good"] += s["good"]
        total["good_with_warning"] += s["good_with_warning"]
        results[folder.name] = s
        print(
            f"{folder.name}: P {o['precision']:.3f} R {o['recall']:.3f} (tp/fp/fn {o['tp']}/{o['fp']}/{o['fn']}) "
            f"good warned {s['good_with_warning']}/{s['good']} ready-but-faulty {s['faulty_called_ready']} "
            f"[{time.perf_counter() - started:.0f} s]",
            flush=True,
        )
        if args.details:
            print("\n".join(score_blind.details(drafts, answers)), flush=True)
    tp, fp, fn = total["tp"], total["fp"], total["fn"]
    if tp:
        print(
            f"all: P {tp / (tp + fp):.3f} R {tp / (tp + fn):.3f} (tp/fp/fn {tp}/{fp}/{fn}) "
            f"good warned {total['good_with_warning']}/{total['good']}"
        )
    args.out.write_text(
        json.dumps({"blind_in_training": not args.no_blind, "batches": results, "total": total}, indent=1)
        + "\n"
    )
    return 0


if __name__ == "__main__":
    train.run_on_training_kernel([__file__, *sys.argv[1:]])  # the BLAS kernel make train uses
    sys.exit(main())
