"""Pairing: only the extension the user paired (by typing a code the backend printed) reads or writes the
tracker; the check and templates without an interview stay open to any extension origin; local
no-Origin clients keep working as before.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from etiquette import pairing

CHROME = "chrome-extension://" + "abcdefghijklmnop" * 2
FIREFOX = "moz-extension://12345678-9abc-def0-1234-56789abcdef0"
OTHER_CHROME = "chrome-extension://" + "p" * 32
JSON = {"Content-Type": "application/json"}
CONFIGURED = "configured-token-" + "c" * 32
CODE_LINE = re.compile(
    r"^Pairing code: (\d{4}-\d{4}) \(valid 10 minutes; enter it in the extension's options page\)$"
)


@pytest.fixture
def app(tmp_path, make_app):
    (tmp_path / "data").mkdir(mode=0o700)  # a given DATABASE's folder is never created for it (issue 10)
    return make_app(DATABASE=str(tmp_path / "data" / "tracker.sqlite3"))


@pytest.fixture
def client(app):
    return app.test_client()


def pair(client, app, origin=CHROME) -> str:
    code = pairing.new_code(app.config["DATA_DIR"])
    reply = client.post("/api/v1/pair", json={"code": code}, headers={"Origin": origin})
    assert reply.status_code == 200, reply.get_json()
    return reply.get_json()["token"]


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_the_right_code_gives_a_long_url_safe_token_once(client, app):
    code = pairing.new_code(app.config["DATA_DIR"])
    assert re.fullmatch(r"\d{4}-\d{4}", code)
    reply = client.post("/api/v1/pair", json={"code": code}, headers={"Origin": CHROME})
    assert reply.status_code == 200
    assert reply.headers["Access-Control-Allow-Origin"] == CHROME
    token = reply.get_json()["token"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{32,}", token)
    again = client.post("/api/v1/pair", json={"code": code}, headers={"Origin": CHROME})
    assert again.status_code == 403 and again.get_json()["error"]["code"] == "bad_pairing_code"


def test_a_client_without_origin_can_pair_too(client, app):
    code = pairing.new_code(app.config["DATA_DIR"])
    assert client.post("/api/v1/pair", json={"code": code}).status_code == 200


def test_five_wrong_codes_use_the_code_up(client, app):
    code = pairing.new_code(app.config["DATA_DIR"])
    wrong = "0000-0000" if code != "0000-0000" else "1111-1111"
    for _ in range(pairing.MAX_ATTEMPTS):
        reply = client.post("/api/v1/pair", json={"code": wrong}, headers={"Origin": CHROME})
        assert reply.status_code == 403
        assert reply.get_json()["error"]["code"] == "bad_pairing_code"
    assert client.post("/api/v1/pair", json={"code": code}).status_code == 403


def test_four_wrong_codes_still_leave_the_right_one_valid(client, app):
    code = pairing.new_code(app.config["DATA_DIR"])
    for wrong in ["abc", "1234", "0000-00000", "9999-999x"]:
        assert client.post("/api/v1/pair", json={"code": wrong}).status_code == 403
    assert client.post("/api/v1/pair", json={"code": code.replace("-", "")}).status_code == 200


def test_an_expired_code_is_refused(client, app, monkeypatch):
    code = pairing.new_code(app.config["DATA_DIR"])
    real_time = time.time
    monkeypatch.setattr(pairing.time, "time", lambda: real_time() + pairing.CODE_TTL_S + 1)
    assert client.post("/api/v1/pair", json={"code": code}).status_code == 403


def test_a_new_code_replaces_the_old_one(client, app):
    first = pairing.new_code(app.config["DATA_DIR"])
    second = pairing.new_code(app.config["DATA_DIR"])
    if first != second:
        assert client.post("/api/v1/pair", json={"code": first}).status_code == 403
    assert client.post("/api/v1/pair", json={"code": second}).status_code == 200


def test_no_code_at_all_and_bad_bodies(client):
    assert client.post("/api/v1/pair", json={"code": "1234-5678"}).status_code == 403
    for body in [{}, {"code": 12345678}, {"code": "1" * 40}, {"code": "1234-5678", "x": 1}]:
        reply = client.post("/api/v1/pair", json=body)
        assert reply.status_code == 422, body
    assert (
        client.post("/api/v1/pair", data="code=1", headers={"Content-Type": "text/plain"}).status_code == 415
    )


def test_a_web_page_cannot_pair(client, app):
    code = pairing.new_code(app.config["DATA_DIR"])
    reply = client.post("/api/v1/pair", json={"code": code}, headers={"Origin": "https://evil.example"})
    assert reply.status_code == 403 and reply.get_json()["error"]["code"] == "forbidden_origin"
    assert client.post("/api/v1/pair", json={"code": code}).status_code == 200  # the code was not spent


def test_codes_and_tokens_are_private_files_holding_only_hashes(client, app):
    data_dir = app.config["DATA_DIR"]
    code = pairing.new_code(data_dir)
    code_file = os.path.join(data_dir, pairing.CODE_FILE)
    assert code.replace("-", "") not in Path(code_file).read_text()
    token = pair(client, app)
    tokens_file = os.path.join(data_dir, pairing.TOKENS_FILE)
    assert token not in Path(tokens_file).read_text()
    if os.name == "posix":
        assert stat.S_IMODE(os.stat(tokens_file).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(data_dir).st_mode) == 0o700


@pytest.mark.parametrize("origin", [CHROME, FIREFOX, "null"])
def test_the_tracker_refuses_an_extension_that_is_not_paired(client, origin):
    for method, path, body in [
        ("GET", "/api/v1/interviews", None),
        ("GET", "/api/v1/interviews?email=a@b.example", None),
        ("POST", "/api/v1/interviews", {"company": "Acme"}),
        ("GET", "/api/v1/interviews/1", None),
        ("PATCH", "/api/v1/interviews/1", {"stage": "offer"}),
        ("DELETE", "/api/v1/interviews/1", None),
        ("POST", "/api/v1/interviews/1/messages", {"kind": "thank_you"}),
        ("GET", "/api/v1/interviews/1/messages", None),
    ]:
        reply = client.open(path, method=method, json=body, headers={"Origin": origin})
        assert reply.status_code == 401, (method, path, reply.get_json())
        assert reply.get_json()["error"]["code"] == "not_paired"
        if origin != "null":  # the extension can read why, to show 'needs pairing'
            assert reply.headers["Access-Control-Allow-Origin"] == origin
        assert "etiquette pair" in reply.get_json()["error"]["message"]


def test_a_paired_extension_uses_the_tracker_and_another_extension_does_not(client, app):
    token = pair(client, app)
    made = client.post(
        "/api/v1/interviews",
        json={"company": "Acme", "interviewer_email": "sam@acme.example"},
        headers={"Origin": CHROME, **bearer(token)},
    )
    assert made.status_code == 201
    found = client.get(
        "/api/v1/interviews?email=sam@acme.example", headers={"Origin": CHROME, **bearer(token)}
    )
    assert [i["company"] for i in found.get_json()] == ["Acme"]
    assert found.headers["Access-Control-Allow-Origin"] == CHROME
    for headers in [
        {"Origin": OTHER_CHROME},
        {"Origin": OTHER_CHROME, **bearer("x" * 43)},
        {"Origin": CHROME, **bearer(token[:-1])},
    ]:
        reply = client.get("/api/v1/interviews?email=sam@acme.example", headers=headers)
        assert reply.status_code == 401 and reply.get_json()["error"]["code"] == "not_paired"


def test_a_check_with_an_interview_needs_pairing_and_one_without_does_not(client, app):
    interview_id = client.post("/api/v1/interviews", json={"company": "Acme"}).get_json()[
        "id"
    ]  # no Origin: as before
    draft = {"text": "Thank you for the interview today; I am keen on the role."}
    assert client.post("/api/v1/check", json=draft, headers={"Origin": OTHER_CHROME}).status_code == 200
    assert (
        client.post(
            "/api/v1/templates/thank_you/render", json={}, headers={"Origin": OTHER_CHROME}
        ).status_code
        == 200
    )
    for path, body in [
        ("/api/v1/check", {**draft, "interview_id": interview_id}),
        ("/api/v1/templates/thank_you/render", {"interview_id": interview_id}),
    ]:
        refused = client.post(path, json=body, headers={"Origin": OTHER_CHROME})
        assert refused.status_code == 401 and refused.get_json()["error"]["code"] == "not_paired", path
        # Refused before the look-up: an unknown id is not told apart from a known one.
        unknown = client.post(
            path, json={**body, "interview_id": interview_id + 100}, headers={"Origin": CHROME}
        )
        assert unknown.status_code == 401, path
    token = pair(client, app)
    for path, body in [
        ("/api/v1/check", {**draft, "interview_id": interview_id}),
        ("/api/v1/templates/thank_you/render", {"interview_id": interview_id}),
    ]:
        assert client.post(path, json=body, headers={"Origin": CHROME, **bearer(token)}).status_code == 200, (
            path
        )


def test_clients_without_origin_keep_todays_behaviour(client):
    made = client.post("/api/v1/interviews", json={"company": "Acme"})
    assert made.status_code == 201
    assert client.get("/api/v1/interviews").status_code == 200
    assert (
        client.post(
            "/api/v1/check", json={"text": "Thanks", "interview_id": made.get_json()["id"]}
        ).status_code
        == 200
    )


def test_the_configured_token_counts_as_paired_and_paired_tokens_pass_the_token_check(tmp_path, make_app):
    app = make_app(DATABASE=str(tmp_path / "t.sqlite3"), TOKEN=CONFIGURED)
    client = app.test_client()
    assert (
        client.get("/api/v1/interviews", headers={"Origin": CHROME, **bearer(CONFIGURED)}).status_code == 200
    )
    # Pairing itself needs no token (the extension has none yet); what it gives then passes everywhere.
    token = pair(client, app)
    assert client.get("/api/v1/interviews", headers={"Origin": CHROME, **bearer(token)}).status_code == 200
    assert client.get("/api/v1/interviews", headers=bearer(token)).status_code == 200
    assert client.get("/api/v1/interviews").status_code == 401  # no-Origin clients: --require-token as before


def test_health_says_whether_this_request_is_paired(client, app):
    body = client.get("/api/v1/health", headers={"Origin": CHROME}).get_json()
    assert body["status"] == "ok" and body["paired"] is False
    token = pair(client, app)
    assert (
        client.get("/api/v1/health", headers={"Origin": CHROME, **bearer(token)}).get_json()["paired"] is True
    )
    assert (
        client.get("/api/v1/health", headers={"Origin": CHROME, **bearer("no" * 20)}).get_json()["paired"]
        is False
    )


@pytest.mark.skipif(
    os.name != "posix" or os.getuid() != 0, reason="needs root to make a file owned by another user"
)
def test_a_planted_tokens_file_is_not_trusted(client, app):
    token = pair(client, app)
    tokens_file = os.path.join(app.config["DATA_DIR"], pairing.TOKENS_FILE)
    os.chown(tokens_file, 65534, 65534)
    assert client.get("/api/v1/health", headers=bearer(token)).get_json()["paired"] is False
    os.chown(tokens_file, 0, 0)
    os.chmod(tokens_file, 0o622)
    assert client.get("/api/v1/health", headers=bearer(token)).get_json()["paired"] is False


def test_etiquette_pair_prints_a_code_on_its_last_line_that_the_server_accepts(tmp_path, client, app):
    db = app.config["DATABASE"]
    out = subprocess.run(
        [sys.executable, "-m", "etiquette", "pair", "--db", db], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    match = CODE_LINE.match(out.stdout.strip().splitlines()[-1])
    assert match, out.stdout
    reply = client.post("/api/v1/pair", json={"code": match.group(1)}, headers={"Origin": CHROME})
    assert reply.status_code == 200
    out = subprocess.run(
        [sys.executable, "-m", "etiquette", "pair", "--data-dir", app.config["DATA_DIR"]],
        capture_output=True,
        text=True,
        timeout=60,
    )
    code = CODE_LINE.match(out.stdout.strip().splitlines()[-1]).group(1)
    assert client.post("/api/v1/pair", json={"code": code}).status_code == 200


def test_the_pair_endpoint_is_in_the_openapi_document_without_auth(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    op = doc["paths"]["/api/v1/pair"]["post"]
    assert op["security"] == [] and "403" in op["responses"] and "200" in op["responses"]
    assert "401" in doc["paths"]["/api/v1/interviews"]["get"]["responses"]
    json.dumps(doc)


def test_etiquette_pair_forget_unpairs_every_extension(client, app):
    token = pair(client, app)
    assert client.get("/api/v1/interviews", headers={"Origin": CHROME, **bearer(token)}).status_code == 200
    out = subprocess.run(
        [sys.executable, "-m", "etiquette", "pair", "--forget", "--db", app.config["DATABASE"]],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0 and "Unpaired 1 extension(s)" in out.stdout
    assert client.get("/api/v1/interviews", headers={"Origin": CHROME, **bearer(token)}).status_code == 401
