"""POST /api/v1/check, /health, /rules and the templates endpoints, as the extension and curl use them."""

from __future__ import annotations

import pytest

GOOD = (
    "Hi Sam,\n\nThank you for showing me the Leeds depot today. I especially enjoyed hearing how the team "
    "plans the night shifts, and I am keen to help.\n\nBest,\nJo"
)


def post(client, path, body):
    return client.post(path, json=body)


def test_check_returns_the_contract(client):
    r = post(
        client,
        "/api/v1/check",
        {
            "text": "Hi Sam,\n\nThank you! What is the salary range?\n\nBest,\nJo",
            "subject": "Thanks",
            "kind": "auto",
            "context": {
                "interview_at": "2026-11-24T10:00:00+00:00",
                "interviewer": "Sam Reed",
                "stage": "interviewed",
            },
            "dictionary": ["Jo"],
            "disabled": ["interest"],
            "now": "2026-11-24T15:00:00+00:00",
        },
    )
    assert r.status_code == 200
    body = r.get_json()
    assert set(body) >= {"kind", "verdict", "warnings", "stats"}
    assert body["verdict"] == "fix"
    w = next(w for w in body["warnings"] if w["category"] == "salary")
    assert set(w) == {
        "rule",
        "category",
        "severity",
        "message",
        "guideline",
        "offset",
        "length",
        "excerpt",
        "suggestions",
        "fix",
    }
    # A salary question is removed whole: the warning covers its sentence and offers "" (issue 13).
    assert w["excerpt"] == "What is the salary range?" and w["severity"] == "error"
    assert w["suggestions"] == [""] and w["fix"] == "remove_sentence"
    assert w["guideline"] == "Leave salary and benefits for the offer"
    assert not [x for x in body["warnings"] if x["category"] == "interest"]


def test_good_email_is_ready(client):
    body = post(client, "/api/v1/check", {"text": GOOD}).get_json()
    assert body["verdict"] == "ready" and body["warnings"] == []


@pytest.mark.parametrize(
    "payload,field",
    [
        ({}, "text"),
        ({"text": 5}, "text"),
        ({"text": "x" * 20_001}, "text"),
        ({"text": "hi", "kind": "letter"}, "kind"),
        ({"text": "hi", "now": "yesterday"}, "now"),
        ({"text": "hi", "context": {"interview_at": "soon"}}, "context"),
        ({"text": "hi", "context": {"stage": "hired?"}}, "context"),
        ({"text": "hi", "dictionary": "Siobhan"}, "dictionary"),
        ({"text": "hi", "surprise": True}, "surprise"),
    ],
)
def test_wrong_fields_get_422_with_the_field_named(client, payload, field):
    r = post(client, "/api/v1/check", payload)
    assert r.status_code == 422
    err = r.get_json()["error"]
    assert err["code"] == "validation" and field in err["fields"]


def test_malformed_and_non_json_bodies(client):
    r = client.post("/api/v1/check", data="{not json", content_type="application/json")
    assert r.status_code == 400 and r.get_json()["error"]["code"] in ("malformed_json", "bad_request")
    r = client.post("/api/v1/check", data="text=hi", content_type="application/x-www-form-urlencoded")
    assert r.status_code == 415 and r.is_json
    r = client.post("/api/v1/check", json=["a", "list"])
    assert r.status_code == 422


def test_huge_body_is_413(client):
    r = client.post(
        "/api/v1/check", data='{"text": "' + "a" * 300_000 + '"}', content_type="application/json"
    )
    assert r.status_code == 413 and r.get_json()["error"]["code"] == "too_large"


def test_health_rules_and_unknown_path(client):
    assert client.get("/api/v1/health").get_json()["status"] == "ok"
    body = client.get("/api/v1/rules").get_json()
    catalogue = body["rules"]
    assert {"salary", "tone", "timing", "proofreading"} <= {r["category"] for r in catalogue}
    labels = body["labels"]
    assert set(labels) == {"categories", "verdicts", "groups", "kinds", "kind_switch"}
    assert set(labels["verdicts"]) == {"ready", "review", "fix", "empty"} and set(labels["kinds"]) == {
        "thank_you",
        "follow_up",
        "other",
    }
    assert {r["category"] for r in catalogue} <= set(labels["categories"])
    assert all(set(r) == {"id", "category", "severity", "guideline", "description"} for r in catalogue)
    r = client.get("/api/v1/nope")
    assert r.status_code == 404 and r.is_json


def test_templates_render_fills_known_fields_and_leaves_placeholders(client):
    ids = {t["id"] for t in client.get("/api/v1/templates").get_json()}
    assert ids == {"thank-you", "follow-up", "decision-date-passed"}
    r = post(
        client,
        "/api/v1/templates/thank-you/render",
        {"context": {"interviewer": "Siobhan O'Donnell", "company": "Acme", "position": "Data Engineer"}},
    )
    body = r.get_json()
    assert r.status_code == 200
    assert body["text"].startswith("Dear Siobhan,") and "Acme" in body["text"]
    assert body["subject"] == "Thank you – Data Engineer interview"
    assert "[Your name]" in body["placeholders"] and "[Company]" not in body["placeholders"]
    # The unfilled placeholders are what the proofreading rule flags until the user fills them.
    check = post(client, "/api/v1/check", {"text": body["text"]}).get_json()
    flagged = {w["excerpt"] for w in check["warnings"] if w["rule"] == "proofreading.placeholders"}
    assert flagged == set(body["placeholders"])
    assert post(client, "/api/v1/templates/nope/render", {}).status_code == 404
    # The kind names work as template ids too.
    assert post(client, "/api/v1/templates/thank_you/render", {}).get_json()["text"].startswith("Dear [")


def test_filled_templates_follow_every_guideline(client):
    ctx = {
        "interviewer": "Siobhan O'Donnell",
        "company": "Acme Analytics",
        "position": "Data Engineer",
        "topic": "the move to dbt",
        "candidate": "Jordan Lee",
        "interview_at": "2026-11-16T10:00:00+00:00",
        "decision_by": "2026-11-20",
    }
    for template_id, now in (
        ("thank-you", "2026-11-16T15:00:00+00:00"),
        ("follow-up", "2026-11-24T10:00:00+00:00"),
        ("decision-date-passed", "2026-11-24T10:00:00+00:00"),
    ):
        rendered = post(client, f"/api/v1/templates/{template_id}/render", {"context": ctx}).get_json()
        assert rendered["placeholders"] == []
        result = post(
            client,
            "/api/v1/check",
            {"text": rendered["text"], "subject": rendered["subject"], "context": ctx, "now": now},
        ).get_json()
        assert result["warnings"] == [], (template_id, result["warnings"])
