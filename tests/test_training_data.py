"""The hand-written training sentences (shared-rules/training/*.jsonl) are data that `make train`
trusts: a malformed line, a sentence labelled two ways, or a label that is also its own hard negative
would silently teach a head the opposite of what its writer meant, so each is caught here, by file and
line. (train.py keeps the first of two sentences that normalise alike, so which label won depended on
file names.)"""

from __future__ import annotations

import json
import re
from collections import defaultdict

from etiquette.engine.pack import rules_root
from etiquette.meaning.train import HEADS, KIND_SENTENCES

# kind_*.jsonl train the kind head, in their own format (tests/test_kind_training_data.py)
FILES = sorted(p for p in (rules_root() / "training").glob("*.jsonl") if not p.match(KIND_SENTENCES))
KEYS = {"text", "labels", "hard_for", "voice"}


def rows():
    for path in FILES:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            yield f"{path.name}:{n}", line


def test_every_line_is_one_sentence_with_known_labels():
    problems = []
    for where, line in rows():
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: not JSON ({exc.msg})")
            continue
        if not isinstance(row, dict) or set(row) != KEYS:
            problems.append(f"{where}: keys {sorted(row) if isinstance(row, dict) else type(row).__name__}")
            continue
        text = row["text"]
        if not isinstance(text, str) or not text.strip() or "\n" in text:
            problems.append(f"{where}: the text must be one non-empty line")
        for key in ("labels", "hard_for"):
            unknown = set(row[key]) - set(HEADS)
            if not isinstance(row[key], list) or unknown:
                problems.append(f"{where}: {key} names no head: {sorted(unknown)}")
        if set(row["labels"]) & set(row["hard_for"]):
            problems.append(
                f"{where}: a label is also its own hard negative: {sorted(set(row['labels']) & set(row['hard_for']))}"
            )
        if not isinstance(row["voice"], str) or not row["voice"]:
            problems.append(f"{where}: no voice")
    assert not problems, "\n".join(problems[:20])


def test_a_sentence_written_twice_is_labelled_the_same_both_times():
    seen = defaultdict(set)
    for where, line in rows():
        row = json.loads(line)
        key = re.sub(r"[^a-z0-9 ]", "", row["text"].lower()).strip()  # as train.load_training folds them
        seen[key].add((tuple(sorted(row["labels"])), where))
    clashes = [sorted(v) for v in seen.values() if len({labels for labels, _ in v}) > 1]
    assert not clashes, "\n".join(str(c) for c in clashes[:10])


def test_the_corpus_is_as_large_as_the_issue_asks():
    # issue 12: at least 4,000 sentences, at least 1,500 of them hard negatives
    parsed = [json.loads(line) for _, line in rows()]
    assert len(parsed) >= 4000
    assert sum(1 for r in parsed if r["hard_for"] and not r["labels"]) >= 1500
