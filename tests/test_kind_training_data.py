"""The hand-written sentences of kind by meaning (shared-rules/training/kind_*.jsonl) are data that
`make train` trusts (meaning/kind_train.py): a malformed line, an unknown kind, or one sentence written
as other in one place and as a thank-you's look-alike in another would teach the head both ways."""

from __future__ import annotations

import json
import re
from collections import defaultdict

from etiquette.engine.pack import rules_root
from etiquette.meaning.kind_train import KINDS, PATTERN

FILES = sorted((rules_root() / "training").glob(PATTERN))
KEYS = {"text", "kind", "what", "voice"}


def rows():
    for path in FILES:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            yield f"{path.name}:{n}", json.loads(line)


def test_every_line_is_one_sentence_of_a_known_kind_in_a_named_voice():
    problems = []
    for where, row in rows():
        if set(row) != KEYS:
            problems.append(f"{where}: keys {sorted(row)}")
            continue
        if not row["text"].strip() or "\n" in row["text"]:
            problems.append(f"{where}: the text must be one non-empty line")
        if row["kind"] not in KINDS:
            problems.append(f"{where}: kind {row['kind']!r}")
        if not row["what"] or not row["voice"]:
            problems.append(f"{where}: say what it is and whose voice")
    assert not problems, "\n".join(problems[:20])


def test_no_sentence_is_written_as_two_kinds():
    seen = defaultdict(set)
    for where, row in rows():
        seen[re.sub(r"[^a-z0-9 ]", "", row["text"].lower()).strip()].add((row["kind"] == "other", where))
    clashes = [sorted(v) for v in seen.values() if len({o for o, _ in v}) > 1]
    assert not clashes, clashes[:10]


def test_both_sides_are_written_in_many_voices():
    voices = defaultdict(set)
    for _, row in rows():
        voices[row["kind"] == "other"].add(row["voice"].split("/")[1])
    # trades and professions aside, at least British, American, Indian and Nigerian English each side
    for side in (True, False):
        assert {"British", "American", "Indian", "Nigerian"} <= voices[side], sorted(voices[side])
