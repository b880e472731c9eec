"""Every answer of POST /api/v1/check for the corpus, the kept blind batches and the adversarial drafts,
one JSON line per draft, so a change meant to be only faster can be diffed for behaviour:

    .venv/bin/python bench/dump_warnings.py > /tmp/before.jsonl
    ... change ...
    .venv/bin/python bench/dump_warnings.py > /tmp/after.jsonl && diff /tmp/before.jsonl /tmp/after.jsonl

Runs through the app's test client (schema, engine, grammar and meaning layers, JSON), in one process.
Each draft is checked twice, the second time with every cache warm, and both answers must agree
(a cache that changes an answer is a bug): a disagreement is written as its own line.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import adversarial  # noqa: E402
import drafts as corpus  # noqa: E402
import yaml  # noqa: E402

BATCHES = ("b1", "b2", "b3", "b4", "b5", "b6", "b8")


def _batch(folder: Path) -> list[dict]:
    out = []
    for path in sorted(folder.glob("*.yml")):
        for i, raw in enumerate(corpus._drafts_in(yaml.safe_load(path.read_text(encoding="utf-8")))):
            if not isinstance(raw.get("text"), str):
                continue
            body = {
                k: corpus._as_request_value(raw[k]) for k in corpus.REQUEST_KEYS if raw.get(k) is not None
            }
            body["name"] = f"{folder.name}/{path.stem}#{i}"
            out.append(body)
    return out


def all_drafts() -> list[dict]:
    found = corpus.corpus_drafts()
    for name in BATCHES:
        found += _batch(HERE / "blind" / name)
    found += [{"name": f"adversarial/{name}", "text": text} for name, text in adversarial.drafts()]
    return found


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-meaning", action="store_true", help="rules and grammar only")
    args = ap.parse_args()
    from etiquette.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {"TESTING": True, "DATABASE": str(Path(tmp) / "t.sqlite3"), "MEANING": not args.no_meaning}
        )
        layer = app.extensions["etiquette.meaning"]
        layer.encoder()  # loaded now, not half-way through the corpus
        print(json.dumps({"meaning": layer.status()[0]}), file=sys.stderr)
        client = app.test_client()
        for draft in all_drafts():
            body = {k: v for k, v in draft.items() if k != "name"}
            first = client.post("/api/v1/check", json=body)
            again = client.post("/api/v1/check", json=body)
            line = {"name": draft["name"], "status": first.status_code, "answer": first.get_json()}
            print(json.dumps(line, sort_keys=True, ensure_ascii=False))
            if again.get_json() != first.get_json():
                print(
                    json.dumps(
                        {"name": draft["name"], "warm_answer_differs": again.get_json()}, sort_keys=True
                    )
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
