"""One vocabulary on every surface: category, verdict, group and kind names live in the rule pack
(shared-rules/categories.yml and labels.yml), are served by GET /api/v1/rules, and no surface types
one itself — the panel, the playground, the options page and the CLI all read them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from etiquette.engine import get_pack

REPO = Path(__file__).resolve().parent.parent
# Where a surface could hard-code a label: the extension, the playground and the backend's Python.
SURFACES = [
    p
    for pattern in (
        "extension/**/*.js",
        "extension/**/*.html",
        "backend/etiquette/**/*.py",
        "backend/etiquette/static/*",
    )
    for p in sorted(REPO.glob(pattern))
    if "node_modules" not in p.parts
]


def all_labels() -> dict[str, str]:
    """Every display string of the pack, with where it comes from."""
    labels = get_pack().labels
    found = {}
    for cat, entry in labels["categories"].items():
        found[entry["label"]] = f"categories.{cat}"
    for group in ("verdicts", "groups", "kinds"):
        for key, text in labels[group].items():
            found[text] = f"{group}.{key}"
    for key, switch in labels["kind_switch"].items():
        found[switch["label"]] = f"kind_switch.{key}"
    return found


def test_every_surface_reads_its_labels_instead_of_typing_them():
    labels = all_labels()
    assert len(labels) >= 15 and SURFACES
    hits = []
    for path in SURFACES:
        text = path.read_text(encoding="utf-8")
        for label, source in labels.items():
            # A label as a whole string literal ('Tone', "Ready to send", `Follow-up`) or as the whole
            # text of an HTML element (>Follow-up<) is a copy; a word inside a sentence is not.
            if re.search(r"""(['"`>])""" + re.escape(label) + r"""(['"`<])""", text):
                hits.append(f"{path.relative_to(REPO)}: {label!r} (labels {source})")
    assert not hits, "labels typed outside shared-rules/:\n" + "\n".join(hits)


def test_the_rules_endpoint_serves_the_labels_with_the_catalogue(client):
    body = client.get("/api/v1/rules").get_json()
    assert body["labels"] == get_pack().labels
    cats = body["labels"]["categories"]
    assert list(cats) == [
        "timing",
        "persistence",
        "length",
        "salary",
        "tone",
        "assumption",
        "off_topic",
        "proofreading",
        "interest",
        "personalisation",
    ]
    assert all(
        re.fullmatch(r"#[0-9a-f]{6}", c["colour"]["light"])
        and re.fullmatch(r"#[0-9a-f]{6}", c["colour"]["dark"])
        for c in cats.values()
    )
    # Every kind has its one-click correction, and it leads to another kind.
    assert all(
        s["to"] != kind and s["to"] in body["labels"]["kinds"]
        for kind, s in body["labels"]["kind_switch"].items()
    )
    # Every rule's category has a label.
    assert {r["category"] for r in body["rules"]} <= set(cats)


def test_the_cli_summary_uses_the_same_words(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Thank you for the interview. What is the salary?\n", encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "etiquette", "check", str(draft)], capture_output=True, text=True
    ).stdout
    labels = get_pack().labels
    assert f"{labels['kinds']['thank_you']}: {labels['verdicts']['fix']}" in out.splitlines()[-1]
