"""How well ``kind: auto`` tells a thank-you from a follow-up from anything else, on every labelled draft
that says what it is (``expect_kind``): a confusion matrix per set and the drafts it got wrong.

    .venv/bin/python bench/kind_confusion.py                          # tests/corpus and bench/blind/b*
    .venv/bin/python bench/kind_confusion.py /work/data/real1/r1      # add a folder outside the repo
    .venv/bin/python bench/kind_confusion.py --meaning                # with kind by meaning

Each draft goes through POST /api/v1/check with its ``kind`` field dropped (so auto, as the extension
sends it), through the app's test client with the meaning layer off (phrases and dates alone), or with
``--meaning`` on, when the first sentences' meaning is weighed too (meaning/kind.py); either way the
kind is the one the full check would report. A draft whose file sets
an explicit ``kind`` is still detected here; it is marked ``(explicit)`` in the list of misses, since
its writer chose not to rely on detection. For a folder outside the repo only titles and figures are
printed, never text.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import score_blind  # noqa: E402  (load and body: the same request the blind scoring sends)
from etiquette.vocab import MESSAGE_KINDS  # noqa: E402

ROOT = HERE.parent


def default_sets() -> list[tuple[str, list[Path]]]:
    """The repository's labelled sets: the corpus, and the kept blind batches pooled."""
    blind = sorted(p for p in (HERE / "blind").glob("b*") if p.is_dir())
    return [("tests/corpus", [ROOT / "tests" / "corpus"]), ("bench/blind b*", blind)]


def detect(client, drafts) -> list[tuple[str, str, str, bool]]:
    """(id, expected, detected, explicit) for each draft with an ``expect_kind``."""
    rows = []
    for d in drafts:
        data = d["data"]
        if not data.get("expect_kind"):
            continue
        req = score_blind.body(data)
        req.pop("kind", None)
        resp = client.post("/api/v1/check", json=req)
        assert resp.status_code == 200, (d["id"], resp.get_data(as_text=True)[:300])
        explicit = data.get("kind") not in (None, "auto")
        rows.append((d["id"], data["expect_kind"], resp.get_json()["kind"], explicit))
    return rows


def matrix(name: str, rows) -> str:
    """The confusion matrix (rows: labelled kind, columns: detected kind) and the accuracy."""
    kinds = MESSAGE_KINDS
    right = sum(e == g for _, e, g, _ in rows)
    lines = [f"{name}: {right}/{len(rows)} right ({right / len(rows):.3f})" if rows else f"{name}: no drafts"]
    head = "labelled / detected"
    lines.append(f"  {head:20}" + "".join(f"{k:>11}" for k in kinds))
    for e in kinds:
        counts = [sum(1 for _, ee, g, _ in rows if ee == e and g == k) for k in kinds]
        lines.append(f"  {e:20}" + "".join(f"{c:>11}" for c in counts))
    return "\n".join(lines)


def misses(rows, titles: dict) -> list[str]:
    return [
        f"  {e:9} -> {g:9} {i}{' (explicit)' if x else ''}: {titles.get(i, '')}"
        for i, e, g, x in rows
        if e != g
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, help="more folders of labelled drafts")
    parser.add_argument("--quiet", action="store_true", help="matrices only, no list of misses")
    parser.add_argument("--meaning", action="store_true", help="with the meaning layer on (kind by meaning)")
    args = parser.parse_args(argv)
    sets = default_sets() + [(str(f), [f]) for f in args.folders]

    from etiquette.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"TESTING": True, "DATABASE": str(Path(tmp) / "t.sqlite3"), "MEANING": args.meaning})
        client = app.test_client()
        for name, folders in sets:
            pooled = len(folders) > 1  # pooled batches: the batch's name keeps ids apart
            drafts = [
                {"id": f"{folder.name}/{d['id']}" if pooled else d["id"], "data": d["data"]}
                for folder in folders
                for d in score_blind.load(folder)
            ]
            rows = detect(client, drafts)
            titles = {d["id"]: d["data"].get("title", "") for d in drafts}
            print(matrix(name, rows))
            if not args.quiet:
                print("\n".join(misses(rows, titles)))
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
