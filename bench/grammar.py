"""What the grammar layer (Harper) costs per draft, cold and with unchanged paragraphs cached.

    .venv/bin/python bench/grammar.py            # writes bench/out/grammar.json and grammar.md

Budgets (shared/DESIGN.md, issue 13): the whole check with grammar <= 15 ms cold for a 150-word draft;
the re-check after one paragraph changed <= 3 ms. Reports medians; never asserts. Drafts: the corpus
drafts of 100-200 words (bench/drafts.py). "Cold" = Harper's paragraph cache emptied before the
draft (its linter is built: that happens once per worker thread, at start-up for the first).
A re-check changes one word in the draft's longest paragraph, so every other paragraph is cached.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import drafts as corpus  # noqa: E402
import run as bench  # noqa: E402  (the server and client helpers of bench/run.py)
from etiquette import grammar  # noqa: E402
from etiquette.engine import (  # noqa: E402
    check,
    get_pack,
)
from etiquette.engine.draft import Draft  # noqa: E402

OUT = HERE / "out"
BUDGET = {"whole_cold_ms": 15.0, "recheck_ms": 3.0}
REPS = 5


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def changed_paragraph(text: str) -> str:
    """The draft with one word changed in its longest paragraph (a user editing one paragraph)."""
    paragraphs = text.split("\n\n")
    i = max(range(len(paragraphs)), key=lambda k: len(paragraphs[k]))
    paragraphs[i] = (
        re.sub(r"\bthe\b", "this", paragraphs[i], count=1)
        if " the " in paragraphs[i]
        else paragraphs[i] + " Thanks."
    )
    return "\n\n".join(paragraphs)


def args(d: dict) -> dict:
    return {
        k: d[k]
        for k in ("kind", "context", "now", "subject", "dictionary", "disabled")
        if d.get(k) is not None
    }


def ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def in_process(drafts: list[dict]) -> dict:
    grammar_cold, grammar_warm, whole_cold, whole_recheck, rules_only = [], [], [], [], []
    for d in drafts:
        masked = Draft(d["text"], d.get("subject")).masked
        changed = changed_paragraph(d["text"])
        for _ in range(REPS):
            grammar.clear_cache()
            t = time.perf_counter()
            grammar.lint(masked)
            grammar_cold.append(time.perf_counter() - t)
            t = time.perf_counter()
            grammar.lint(masked)
            grammar_warm.append(time.perf_counter() - t)
            grammar.clear_cache()
            t = time.perf_counter()
            check(d["text"], **args(d))
            whole_cold.append(time.perf_counter() - t)
            t = time.perf_counter()
            check(changed, **args(d))
            whole_recheck.append(time.perf_counter() - t)
            t = time.perf_counter()
            check(
                d["text"],
                disabled=[r.id for r in get_pack().rules if r.kind == "grammar"],
                **{k: v for k, v in args(d).items() if k != "disabled"},
            )
            rules_only.append(time.perf_counter() - t)
    med = lambda xs: ms(statistics.median(xs))  # noqa: E731
    return {
        "grammar_pass_cold_ms": med(grammar_cold),
        "grammar_pass_cached_ms": med(grammar_warm),
        "whole_check_cold_ms": med(whole_cold),
        "recheck_one_paragraph_ms": med(whole_recheck),
        "rules_only_ms": med(rules_only),
    }


def over_http(drafts: list[dict]) -> dict:
    server = bench.Server()
    try:
        startup = server.wait_healthy(30)
        client = bench.Client(server.port)
        client.post("/api/v1/check", {"text": "Warm-up: thank you for the interview today."})
        cold, recheck = [], []
        for d in drafts:
            body = {"text": d["text"], **args(d)}
            cold.append(client.post("/api/v1/check", body)[2])  # first time the server sees these paragraphs
            recheck.append(client.post("/api/v1/check", {**body, "text": changed_paragraph(d["text"])})[2])
        client.close()
        return {
            "http_whole_check_cold_ms": ms(statistics.median(cold)),
            "http_recheck_one_paragraph_ms": ms(statistics.median(recheck)),
            "rss_mb": server.rss_mb()[0],
            "startup_s": round(startup, 2),
        }
    finally:
        server.stop()


def main() -> int:
    state, reason = grammar.status()
    if state != "on":
        print(f"grammar layer is off: {reason}")
        return 1
    get_pack()
    drafts = [d for d in corpus.load()[1] if 100 <= _words(d["text"]) <= 200]
    result = {
        "drafts": len(drafts),
        "median_words": statistics.median(_words(d["text"]) for d in drafts),
        **in_process(drafts),
        **over_http(drafts),
        "budget": BUDGET,
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "grammar.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [
        "# Grammar layer (Harper) cost per draft",
        "",
        f"{result['drafts']} corpus drafts of 100-200 words (median {result['median_words']}), medians.",
        "",
        "| what | measured | budget |",
        "|---|---|---|",
        f"| grammar pass alone, cold (paragraph cache empty) | {result['grammar_pass_cold_ms']} ms | |",
        f"| grammar pass alone, every paragraph cached | {result['grammar_pass_cached_ms']} ms | |",
        f"| whole check (rules + grammar), cold, in process | {result['whole_check_cold_ms']} ms | ≤ 15 ms |",
        f"| whole check, cold, over HTTP | {result['http_whole_check_cold_ms']} ms | ≤ 15 ms |",
        f"| re-check after one paragraph changed, in process | {result['recheck_one_paragraph_ms']} ms | ≤ 3 ms |",
        f"| re-check after one paragraph changed, over HTTP | {result['http_recheck_one_paragraph_ms']} ms | ≤ 3 ms |",
        f"| rules only (grammar rules switched off), in process | {result['rules_only_ms']} ms | |",
        f"| server memory after the run, grammar on | {result['rss_mb']} MB | ≤ 200 MB |",
        f"| `etiquette serve` start to first healthy answer, grammar on | {result['startup_s']} s | ≤ 3 s |",
        "",
    ]
    (OUT / "grammar.md").write_text("\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
