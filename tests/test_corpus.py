"""Score the checker on the labelled corpus of post-interview drafts in tests/corpus/.

Each YAML file is one draft a candidate might send, labelled (from GUIDELINES.md, not from the code)
with the categories a careful coach would flag. Every draft goes through ``POST /api/v1/check`` exactly
as a client would send it, once, and the tests below read the cached answers:

* per category, precision and recall over the whole corpus must both be at least 0.95, where
  "flagged" means at least one warning of that category (any severity) and "expected" means the
  category is in the draft's ``expect`` list;
* a good draft (``expect: []``) gets nothing above a suggestion, no interest/personalisation
  suggestion, and the verdict ``ready``;
* the detected kind matches ``expect_kind`` where the file gives one;
* every warning's excerpt is the slice of the text its offset and length point at.

The corpus itself is validated too, so it cannot silently shrink or lose a category.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from etiquette.app import create_app
from etiquette.vocab import CATEGORIES  # the ten of GUIDELINES.md

CORPUS_DIR = Path(__file__).parent / "corpus"
KINDS = ("auto", "thank_you", "follow_up", "other")
DETECTED_KINDS = ("thank_you", "follow_up", "other")
ALLOWED_KEYS = {"title", "text", "subject", "kind", "context", "now", "expect", "expect_kind"}
THRESHOLD = 0.95
MIN_DRAFTS, MIN_GOOD, MIN_PER_CATEGORY = 60, 25, 3
# Categories whose default severity is warning or error (GUIDELINES.md table): a draft that really
# has one of these faults must not be called "ready".
AT_LEAST_WARNING = {
    "timing",
    "persistence",
    "length",
    "salary",
    "tone",
    "assumption",
    "off_topic",
    "proofreading",
}


def _plain(value):
    """YAML may turn an unquoted date into a date object; the API wants ISO 8601 strings."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _load_corpus() -> list[dict]:
    drafts = []
    for path in sorted(CORPUS_DIR.glob("*.yml")):
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
        data = _plain(data) if isinstance(data, dict) else data
        drafts.append({"id": path.stem, "path": path, "data": data})
    return drafts


CORPUS = _load_corpus()
IDS = [d["id"] for d in CORPUS]


def _request_body(data: dict) -> dict:
    """The request exactly as DESIGN.md describes it; optional fields only when the draft has them."""
    body = {"text": data["text"]}
    if "subject" in data:  # an explicit empty subject is sent: it is itself a thing to flag
        body["subject"] = data["subject"]
    if "kind" in data:
        body["kind"] = data["kind"]
    if data.get("context"):
        body["context"] = data["context"]
    if data.get("now"):
        body["now"] = data["now"]
    return body


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """One POST per draft, shared by every test here (keeps the suite lean)."""
    db = tmp_path_factory.mktemp("corpus") / "t.sqlite3"
    app = create_app({"TESTING": True, "DATABASE": str(db)})
    client = app.test_client()
    out = {}
    for draft in CORPUS:
        resp = client.post("/api/v1/check", json=_request_body(draft["data"]))
        assert resp.status_code == 200, (
            f"{draft['id']}: POST /api/v1/check answered {resp.status_code}: {resp.get_data(as_text=True)[:500]}"
        )
        out[draft["id"]] = resp.get_json()
    return out


def _flagged(response: dict) -> set[str]:
    return {w["category"] for w in response["warnings"]}


def _describe(response: dict, category: str | None = None) -> str:
    """Short list of the warnings, so a failure says what the checker actually said."""
    parts = []
    for w in response["warnings"]:
        if category is None or w["category"] == category:
            parts.append(f"{w['severity']} {w['category']}/{w['rule']} {w['excerpt']!r}")
    return "; ".join(parts) or "(no warnings)"


# ---------------------------------------------------------------- the corpus itself


def test_corpus_files_are_well_formed():
    problems = []
    titles = {}
    for draft in CORPUS:
        data, name = draft["data"], draft["id"]
        if not isinstance(data, dict):
            problems.append(f"{name}: not a mapping")
            continue
        unknown = set(data) - ALLOWED_KEYS
        if unknown:
            problems.append(f"{name}: unknown keys {sorted(unknown)}")
        if not isinstance(data.get("title"), str) or not data["title"].strip():
            problems.append(f"{name}: missing title")
        elif data["title"] in titles:
            problems.append(f"{name}: same title as {titles[data['title']]}")
        else:
            titles[data["title"]] = name
        if not isinstance(data.get("text"), str) or len(data["text"].split()) < 3:
            problems.append(f"{name}: missing or empty text")
        expect = data.get("expect")
        if not isinstance(expect, list):
            problems.append(f"{name}: expect must be a list (empty for a good email)")
        else:
            bad = [c for c in expect if c not in CATEGORIES]
            if bad:
                problems.append(f"{name}: unknown categories {bad}")
            if len(set(expect)) != len(expect):
                problems.append(f"{name}: duplicate categories in expect")
        if "kind" in data and data["kind"] not in KINDS:
            problems.append(f"{name}: kind {data['kind']!r} not one of {KINDS}")
        if "expect_kind" in data and data["expect_kind"] not in DETECTED_KINDS:
            problems.append(f"{name}: expect_kind {data['expect_kind']!r} not one of {DETECTED_KINDS}")
        if "subject" in data and not isinstance(data["subject"], str):
            problems.append(f"{name}: subject must be a string")
        if "context" in data and not isinstance(data["context"], dict):
            problems.append(f"{name}: context must be a mapping")
    assert not problems, "corpus problems:\n" + "\n".join(problems)


def test_corpus_is_big_enough_and_covers_every_category():
    good = [d for d in CORPUS if d["data"]["expect"] == []]
    per_category = {c: sum(c in d["data"]["expect"] for d in CORPUS) for c in CATEGORIES}
    thin = {c: n for c, n in per_category.items() if n < MIN_PER_CATEGORY}
    assert len(CORPUS) >= MIN_DRAFTS, f"only {len(CORPUS)} drafts, want at least {MIN_DRAFTS}"
    assert len(good) >= MIN_GOOD, f"only {len(good)} good drafts, want at least {MIN_GOOD}"
    assert not thin, f"categories expected in fewer than {MIN_PER_CATEGORY} drafts: {thin}"


# ---------------------------------------------------------------- scoring


def _score(results: dict):
    rows, details = [], []
    for cat in CATEGORIES:
        tp = fp = fn = 0
        misses, alarms = [], []
        for draft in CORPUS:
            expected = cat in draft["data"]["expect"]
            flagged = cat in _flagged(results[draft["id"]])
            if expected and flagged:
                tp += 1
            elif flagged:
                fp += 1
                alarms.append(
                    f"  false alarm  {cat:15} {draft['id']} ({draft['data']['title']}): "
                    f"{_describe(results[draft['id']], cat)}"
                )
            elif expected:
                fn += 1
                misses.append(
                    f"  miss         {cat:15} {draft['id']} ({draft['data']['title']}); "
                    f"checker said: {_describe(results[draft['id']])}"
                )
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        rows.append((cat, tp, fp, fn, precision, recall))
        details.extend(misses + alarms)
    return rows, details


def _table(rows) -> str:
    lines = [f"{'category':15} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>10} {'recall':>8}"]
    for cat, tp, fp, fn, p, r in rows:
        mark = "" if p >= THRESHOLD and r >= THRESHOLD else "   <-- below threshold"
        lines.append(f"{cat:15} {tp:4d} {fp:4d} {fn:4d} {p:10.3f} {r:8.3f}{mark}")
    return "\n".join(lines)


def test_precision_and_recall_per_category(results):
    rows, details = _score(results)
    report = _table(rows)
    print(f"\ncorpus: {len(CORPUS)} drafts\n{report}")
    if details:
        print("\n".join(details))
    failing = [r for r in rows if r[4] < THRESHOLD or r[5] < THRESHOLD]
    assert not failing, (
        f"precision/recall below {THRESHOLD} for {[r[0] for r in failing]}\n{report}\n" + "\n".join(details)
    )


# ---------------------------------------------------------------- per-draft checks

GOOD_IDS = [d["id"] for d in CORPUS if d["data"]["expect"] == []]
KIND_IDS = [d["id"] for d in CORPUS if "expect_kind" in d["data"]]
SERIOUS_IDS = [d["id"] for d in CORPUS if AT_LEAST_WARNING & set(d["data"]["expect"])]
BY_ID = {d["id"]: d for d in CORPUS}


@pytest.mark.parametrize("draft_id", GOOD_IDS)
def test_good_draft_is_ready(results, draft_id):
    resp = results[draft_id]
    loud = [w for w in resp["warnings"] if w["severity"] in ("warning", "error")]
    nagging = [
        w
        for w in resp["warnings"]
        if w["severity"] == "suggestion" and w["category"] in ("interest", "personalisation")
    ]
    assert not loud and not nagging and resp["verdict"] == "ready", (
        f"{draft_id} ({BY_ID[draft_id]['data']['title']}) is a good email but got verdict "
        f"{resp['verdict']!r}: {_describe(resp)}"
    )


@pytest.mark.parametrize("draft_id", KIND_IDS)
def test_kind_detection(results, draft_id):
    want = BY_ID[draft_id]["data"]["expect_kind"]
    assert results[draft_id]["kind"] == want, (
        f"{draft_id} ({BY_ID[draft_id]['data']['title']}): kind {results[draft_id]['kind']!r}, want {want!r}"
    )


@pytest.mark.parametrize("draft_id", SERIOUS_IDS)
def test_faulty_draft_is_not_ready(results, draft_id):
    """A fault whose guideline severity is warning or error must keep the verdict off "ready"."""
    data = BY_ID[draft_id]["data"]
    resp = results[draft_id]
    assert resp["verdict"] in ("review", "fix"), (
        f"{draft_id} ({data['title']}) expects {data['expect']} but got verdict 'ready': {_describe(resp)}"
    )
    if "salary" in data["expect"]:
        # Salary talk before an offer is an error in GUIDELINES.md, so the verdict is "fix".
        assert resp["verdict"] == "fix", (
            f"{draft_id}: salary talk should make the verdict 'fix': {_describe(resp)}"
        )


@pytest.mark.parametrize("draft_id", IDS)
def test_excerpts_match_offsets(results, draft_id):
    text = BY_ID[draft_id]["data"]["text"]
    resp = results[draft_id]
    wrong = [
        (
            w["category"],
            w["rule"],
            w["offset"],
            w["length"],
            w["excerpt"],
            text[w["offset"] : w["offset"] + w["length"]],
        )
        for w in resp["warnings"]
        if not (
            0 <= w["offset"] <= len(text)
            and w["length"] >= 0
            and w["excerpt"] == text[w["offset"] : w["offset"] + w["length"]]
        )
    ]
    assert not wrong, f"{draft_id}: excerpt differs from text[offset:offset+length]: {wrong}"
    offsets = [w["offset"] for w in resp["warnings"]]
    assert offsets == sorted(offsets), f"{draft_id}: warnings are not sorted by offset: {offsets}"
