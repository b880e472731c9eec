"""Score a folder of labelled drafts (tests/corpus YAML format) through POST /api/v1/check, twice:
rules only (meaning layer off) and rules + meaning. Prints precision/recall per category and overall,
and the good drafts that got any warning; writes bench/out/blind-<name>.json.

    .venv/bin/python bench/score_blind.py /work/data/blind/b1            # first contact with a batch
    .venv/bin/python bench/score_blind.py tests/corpus --details          # also list misses/false alarms

"Flagged" and "good draft clean" mean exactly what tests/test_corpus.py means by them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

import yaml
from etiquette.vocab import CATEGORIES

HERE = Path(__file__).resolve().parent


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def load(folder: Path) -> list[dict]:
    drafts = []
    for path in sorted(folder.glob("*.yml")):
        data = _plain(yaml.safe_load(path.read_text(encoding="utf-8")))
        drafts.append({"id": path.stem, "data": data})
    return drafts


def body(data: dict) -> dict:
    out = {"text": data["text"]}
    for key in ("subject", "kind", "now"):
        if key in data and data[key] is not None:
            out[key] = data[key]
    if data.get("context"):
        out["context"] = data["context"]
    return out


def dirty(resp: dict) -> bool:
    """What test_corpus.py calls a good draft that is not ready."""
    return resp["verdict"] != "ready" or any(
        w["severity"] in ("warning", "error") or w["category"] in ("interest", "personalisation")
        for w in resp["warnings"]
    )


def score(drafts, answers) -> dict:
    rows, total = {}, {"tp": 0, "fp": 0, "fn": 0}
    for cat in CATEGORIES:
        tp = fp = fn = 0
        for d in drafts:
            expected = cat in d["data"]["expect"]
            flagged = cat in {w["category"] for w in answers[d["id"]]["warnings"]}
            tp += expected and flagged
            fp += flagged and not expected
            fn += expected and not flagged
        rows[cat] = {
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None,
        }
        for k, v in (("tp", tp), ("fp", fp), ("fn", fn)):
            total[k] += v
    tp, fp, fn = total["tp"], total["fp"], total["fn"]
    good = [d for d in drafts if not d["data"]["expect"]]
    return {
        "categories": rows,
        "overall": {
            **total,
            "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None,
        },
        "good": len(good),
        "good_with_warning": sum(dirty(answers[d["id"]]) for d in good),
        "faulty_called_ready": sum(
            1 for d in drafts if d["data"]["expect"] and answers[d["id"]]["verdict"] == "ready"
        ),
    }


def run(drafts, meaning: bool, model_dir: str | None) -> dict:
    from etiquette.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        config = {"TESTING": True, "DATABASE": str(Path(tmp) / "t.sqlite3"), "MEANING": meaning}
        if model_dir:
            config["MODEL_DIR"] = model_dir
        app = create_app(config)
        layer = app.extensions["etiquette.meaning"]
        layer.encoder()  # wait for the background load, so no draft is checked half-blind
        if meaning and layer.status()[0] != "on":
            sys.exit(f"the meaning layer is off: {layer.status()[1]}")
        client = app.test_client()
        answers = {}
        for d in drafts:
            resp = client.post("/api/v1/check", json=body(d["data"]))
            assert resp.status_code == 200, (d["id"], resp.status_code, resp.get_data(as_text=True)[:300])
            answers[d["id"]] = resp.get_json()
    return answers


def table(name: str, rules: dict, both: dict) -> str:
    def f(x):
        return "  -  " if x is None else f"{x:.2f}"

    lines = [
        f"{name}: {rules['good']} good drafts of {rules['n']}",
        f"{'category':15} {'rules P':>8} {'rules R':>8} {'+meaning P':>11} {'+meaning R':>11}",
    ]
    for cat in CATEGORIES:
        a, b = rules["categories"][cat], both["categories"][cat]
        lines.append(
            f"{cat:15} {f(a['precision']):>8} {f(a['recall']):>8} {f(b['precision']):>11} {f(b['recall']):>11}"
            f"   (tp/fp/fn {a['tp']}/{a['fp']}/{a['fn']} -> {b['tp']}/{b['fp']}/{b['fn']})"
        )
    a, b = rules["overall"], both["overall"]
    lines.append(
        f"{'overall':15} {f(a['precision']):>8} {f(a['recall']):>8} {f(b['precision']):>11} {f(b['recall']):>11}"
    )
    lines.append(
        f"good drafts with a warning: rules {rules['good_with_warning']}/{rules['good']}, "
        f"+meaning {both['good_with_warning']}/{both['good']}; faulty drafts called ready: "
        f"rules {rules['faulty_called_ready']}, +meaning {both['faulty_called_ready']}"
    )
    return "\n".join(lines)


def details(drafts, answers) -> list[str]:
    out = []
    for d in drafts:
        expect = set(d["data"]["expect"])
        got = {w["category"] for w in answers[d["id"]]["warnings"]}
        for cat in sorted(expect - got):
            out.append(f"  miss        {cat:15} {d['id']}")
        for cat in sorted(got - expect):
            said = "; ".join(
                f"{w['rule']} {w['excerpt'][:70]!r}"
                for w in answers[d["id"]]["warnings"]
                if w["category"] == cat
            )
            out.append(f"  false alarm {cat:15} {d['id']}: {said}")
        if not expect and dirty(answers[d["id"]]) and not (got - expect):
            out.append(f"  not ready   {'':15} {d['id']}")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--model-dir")
    parser.add_argument("--details", action="store_true", help="list every miss and false alarm")
    args = parser.parse_args(argv)
    drafts = load(args.folder)
    rules_answers = run(drafts, False, args.model_dir)
    both_answers = run(drafts, True, args.model_dir)
    rules, both = score(drafts, rules_answers), score(drafts, both_answers)
    rules["n"] = both["n"] = len(drafts)
    print(table(args.folder.name, rules, both))
    if args.details:
        print("rules + meaning:")
        print("\n".join(details(drafts, both_answers)))
    out = HERE / "out" / f"blind-{args.folder.name}.json"
    out.write_text(
        json.dumps(
            {
                "folder": str(args.folder),
                "drafts": len(drafts),
                "rules_only": rules,
                "rules_and_meaning": both,
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
