"""Nothing to check is its own answer (verdict "empty"), in the engine, the API and the CLI; never "ready"."""

from __future__ import annotations

import json
import subprocess
import sys

import etiquette
import pytest

BLANKS = [
    "",
    "   ",
    "\n\n\t \n",
    "\u00a0\u2003",
    "On Mon, 23 Nov 2026, Sam wrote:\n> Thanks for coming in.\n",
    "-- \nJordan Lee\n",
]


@pytest.mark.parametrize("text", BLANKS)
def test_a_draft_with_nothing_of_its_own_is_empty_not_ready(text):
    result = etiquette.check(text, subject="Thank you")
    assert result["verdict"] == "empty" and result["warnings"] == []
    assert result["stats"]["words"] == 0


def test_the_empty_answer_keeps_the_kind_asked_for_and_the_next_step():
    result = etiquette.check(
        " ",
        kind="follow_up",
        context={"interview_at": "2026-11-20T10:00:00+00:00"},
        now="2026-11-23T10:00:00+00:00",
    )
    assert result["kind"] == "follow_up" and result["verdict"] == "empty"
    assert result["next_step"] and result["next_step"]["message"]


def test_one_word_is_something_to_check():
    assert etiquette.check("Salary?")["verdict"] == "fix"


def test_the_api_answers_empty_and_documents_it(client):
    reply = client.post("/api/v1/check", json={"text": " \n ", "subject": "Thanks"})
    assert reply.status_code == 200
    assert reply.get_json()["verdict"] == "empty" and reply.get_json()["warnings"] == []
    doc = client.get("/api/v1/openapi.json").get_json()
    verdict = doc["components"]["schemas"]["CheckResponse"]["properties"]["verdict"]
    assert verdict["enum"] == ["ready", "review", "fix", "empty"]
    assert "nothing to check" in verdict["description"]


@pytest.mark.parametrize("stdin", ["", "  \n\n"])
def test_the_cli_says_nothing_to_check_and_exits_0(stdin):
    r = subprocess.run(
        [sys.executable, "-m", "etiquette", "check", "-"],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout == "<stdin>: nothing to check (the draft has no text of its own)\n"
    assert "ready" not in r.stdout
    r = subprocess.run(
        [sys.executable, "-m", "etiquette", "check", "-", "--json"],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0 and json.loads(r.stdout)["verdict"] == "empty"
