"""The hostile-request battery: what a drive-by page, a DNS-rebinding page or a careless client can send.

Every case runs three ways: through Flask's test client without a token, through it with a token, and
once against a real ``etiquette serve`` process (waitress, --require-token) over raw http.client, so the
Host and Origin headers are exactly what we write. After the battery the server must still answer.
"""

from __future__ import annotations

import http.client
import json
import os
import stat
import uuid
from argparse import Namespace
from dataclasses import dataclass, field

import pytest
from etiquette import tokens
from etiquette.app import create_app
from etiquette.live_server import LiveServer

CHROME = "chrome-extension://" + "abcdefghijklmnop" * 2
FIREFOX = "moz-extension://" + str(uuid.UUID(int=0x1234_5678_9ABC_DEF0_1234_5678_9ABC_DEF0))
TOKEN = "test-token-" + "x" * 32
GOOD_CHECK = b'{"text": "Dear Ms. Patel, thank you for your time today. Best regards, Jordan"}'
JSON = {"Content-Type": "application/json"}


@dataclass
class Reply:
    status: int
    headers: dict  # lower-cased names
    body: bytes

    def json(self):
        return json.loads(self.body)

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


class ClientTransport:
    """Flask's test client; the Host header is set explicitly on every request."""

    real = False

    def __init__(self, app, token: str | None):
        self.client = app.test_client()
        self.token = token
        self.host = "localhost"

    def send(self, method, path, headers=None, body=None, host=None) -> Reply:
        headers = dict(headers or {})
        headers["Host"] = self.host if host is None else host
        # buffered: the response is read and closed here (a file served by send_file stays open otherwise)
        r = self.client.open(path, method=method, headers=headers, data=body, buffered=True)
        return Reply(r.status_code, {k.lower(): v for k, v in r.headers.items()}, r.get_data())


class ServerTransport:
    """Raw http.client against the real server: nothing is added that we did not write."""

    real = True

    def __init__(self, port: int, token: str | None):
        self.port = port
        self.token = token
        self.host = f"127.0.0.1:{port}"

    def send(self, method, path, headers=None, body=None, host=None) -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            if host is not MISSING:
                conn.putheader("Host", self.host if host is None else host)
            for name, value in (headers or {}).items():
                conn.putheader(name, value)
            if body is not None:
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body)
            r = conn.getresponse()
            return Reply(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
        finally:
            conn.close()


MISSING = object()  # "send no Host header at all"


@pytest.fixture(scope="module")
def real_server(tmp_path_factory):
    """``etiquette serve --require-token`` on a free port; FLASK_DEBUG=1 in its environment must change nothing."""
    data_dir = tmp_path_factory.mktemp("serve")
    server = LiveServer(
        "--require-token",
        db=data_dir / "tracker.sqlite3",
        env={"ETIQUETTE_DATA_DIR": str(data_dir), "FLASK_DEBUG": "1"},
    )
    server.start()  # a start-up guard, not a speed assertion
    token_file = data_dir / "api-token"
    try:
        yield ServerTransport(server.port, token_file.read_text().strip()), server.proc, token_file
    finally:
        server.stop()


def app_in(tmp_path, token=None):
    """An app of this module's own: the shared ones are module-scoped (conftest's make_app is not), and
    the unexpected-failure test wants the factory without TESTING."""
    return create_app({"DATABASE": str(tmp_path / "tracker.sqlite3"), "TOKEN": token})


@pytest.fixture(scope="module")
def client_plain(tmp_path_factory):
    return ClientTransport(app_in(tmp_path_factory.mktemp("plain")), None)


@pytest.fixture(scope="module")
def client_token(tmp_path_factory):
    return ClientTransport(app_in(tmp_path_factory.mktemp("token"), TOKEN), TOKEN)


@pytest.fixture(params=["client", "client-token", "server-token"])
def transport(request):
    """The same battery through each way in; the apps are shared by the module, as a server would be."""
    if request.param == "client":
        return request.getfixturevalue("client_plain")
    if request.param == "client-token":
        return request.getfixturevalue("client_token")
    return request.getfixturevalue("real_server")[0]


def auth(t) -> dict:
    return {"Authorization": f"Bearer {t.token}"} if t.token else {}


def assert_json_error(reply: Reply, status, code: str | None):
    assert reply.status in (status if isinstance(status, tuple) else (status,)), reply.body[:300]
    assert reply.header(
        "content-type",
    ).startswith("application/json"), reply.headers
    body = reply.json()
    assert set(body) == {"error"}
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if code is not None:
        assert body["error"]["code"] == code
    assert b"Traceback" not in reply.body and b"<html" not in reply.body.lower()


def interview_companies(t) -> list[str]:
    reply = t.send("GET", "/api/v1/interviews", auth(t))
    assert reply.status == 200, reply.body[:300]
    return [row["company"] for row in reply.json()]


def create_interview(t, company: str) -> int:
    reply = t.send(
        "POST", "/api/v1/interviews", {**JSON, **auth(t)}, json.dumps({"company": company}).encode()
    )
    assert reply.status == 201, reply.body[:300]
    return reply.json()["id"]


# ------------------------------------------------------------------------------------------- Host


@dataclass
class Case:
    id: str
    method: str
    path: str
    status: int | tuple
    code: str | None
    headers: dict = field(default_factory=dict)
    body: bytes | None = None
    host: object = None
    with_token: bool = True


REBINDING_HOSTS = [
    "evil.example",
    "evil.example:5455",
    "127.0.0.1.nip.io",
    "localhost.evil.com",
    "127.0.0.1.evil.com",
    "",
    "LOCALHOST.evil",
    "[::1]:5455",
    "0.0.0.0",
]

HOST_CASES = [
    Case(f"host-{h or 'empty'}-{m}", m, p, 400, "untrusted_host", JSON if b else {}, b, host=h)
    for h in REBINDING_HOSTS
    for (m, p, b) in [("GET", "/api/v1/health", None), ("POST", "/api/v1/check", GOOD_CHECK)]
]

# ----------------------------------------------------------------------------------------- Origin

WEB_ORIGINS = [
    "https://evil.example",
    "http://localhost:3000",
    "https://mail.google.com",
    "http://127.0.0.1",
    "http://127.0.0.1:1",
    "https://localhost",
]
LOOKALIKE_ORIGINS = [
    CHROME + ".evil",
    "chrome-extension://" + "a" * 31,
    "chrome-extension://" + "q" * 32,
    "chrome-extension://" + "a" * 33,
    "moz-extension://x",
    FIREFOX + ".evil.example",
    "https://" + CHROME[len("chrome-extension://") :],
    "chrome-extension://" + "a" * 32 + "/",
    "file://",
    "javascript:alert(1)",
]

ORIGIN_CASES = [
    Case(f"origin-{o}-{m}", m, p, 403, "forbidden_origin", {"Origin": o, **(JSON if b else {})}, b)
    for o in WEB_ORIGINS + LOOKALIKE_ORIGINS
    for (m, p, b) in [("POST", "/api/v1/check", GOOD_CHECK), ("GET", "/api/v1/interviews", None)]
] + [
    Case(
        f"preflight-{o}",
        "OPTIONS",
        "/api/v1/check",
        403,
        "forbidden_origin",
        {
            "Origin": o,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
        with_token=False,
    )
    for o in ["https://evil.example", CHROME + ".evil", "moz-extension://x"]
]

# ------------------------------------------------------- drive-by bodies a page can send without preflight

SIMPLE_BODIES = [
    ("text-plain", "text/plain", b'{"company": "Drive-by Ltd"}'),
    ("text-plain-charset", "text/plain;charset=UTF-8", b'{"company": "Drive-by Ltd"}'),
    ("urlencoded", "application/x-www-form-urlencoded", b"company=Drive-by+Ltd"),
    (
        "multipart",
        "multipart/form-data; boundary=XyZ",
        b'--XyZ\r\nContent-Disposition: form-data; name="company"\r\n\r\nDrive-by Ltd\r\n--XyZ--\r\n',
    ),
]
MEDIA_CASES = [
    Case(
        f"media-{name}-{path.rsplit('/', 1)[-1]}",
        "POST",
        path,
        415,
        "unsupported_media_type",
        {"Content-Type": ctype},
        body,
    )
    for (name, ctype, body) in SIMPLE_BODIES
    for path in ("/api/v1/interviews", "/api/v1/check")
] + [
    Case(
        "media-no-content-type",
        "POST",
        "/api/v1/interviews",
        415,
        "unsupported_media_type",
        {},
        b'{"company": "Drive-by Ltd"}',
    ),
    Case(
        "media-null-origin-text-plain",
        "POST",
        "/api/v1/interviews",
        415,
        "unsupported_media_type",
        {"Origin": "null", "Content-Type": "text/plain"},
        b'{"company": "Drive-by Ltd"}',
    ),
    Case(
        "media-json-lookalike",
        "POST",
        "/api/v1/interviews",
        415,
        "unsupported_media_type",
        {"Content-Type": "text/json-ish"},
        b'{"company": "Drive-by Ltd"}',
    ),
]

# -------------------------------------------------------------------------------- malformed JSON

MALFORMED = [
    ("truncated", b'{"text": "Thank you for', 400, "malformed_json"),
    ("empty", b"", 400, "malformed_json"),
    ("garbage", b"\x00\x01\x02", 400, "malformed_json"),
    ("invalid-utf8", b'{"text": "caf\xe9 \xff\xfe"}', 400, "malformed_json"),
    ("nan", b'{"text": "hi", "interview_id": NaN}', 422, "validation"),
    ("nan-text", b'{"text": NaN}', 422, "validation"),
    ("infinity", b'{"text": "hi", "interview_id": -Infinity}', 422, "validation"),
    # Python >= 3.10.7 refuses to parse a 5000-digit int (400); an older one parses it and the range check says 422.
    ("huge-int", b'{"text": "hi", "interview_id": 1' + b"0" * 5000 + b"}", (400, 422), None),
    ("big-int", b'{"text": "hi", "interview_id": 123456789012345678901234567890}', 422, "validation"),
    ("huge-exponent", b'{"text": "hi", "interview_id": 1e400}', 422, "validation"),
    ("array", b'["text", "hi"]', 422, "validation"),
    ("string", b'"just a string"', 422, "validation"),
    ("number", b"42", 422, "validation"),
    ("null", b"null", 422, "validation"),
    ("deep-array", b"[" * 100_000 + b"]" * 100_000, 400, "malformed_json"),
    (
        "deep-object",
        b'{"text": "hi", "context": ' + b'{"a": ' * 20_000 + b"1" + b"}" * 20_001,
        400,
        "malformed_json",
    ),
    ("nested-wrong", b'{"text": "hi", "context": {"company": {"a": [[[[[[1]]]]]]}}}', 422, "validation"),
    ("text-number", b'{"text": 12}', 422, "validation"),
    ("text-list", b'{"text": ["a"]}', 422, "validation"),
    ("text-missing", b'{"subject": "Thanks"}', 422, "validation"),
    ("text-too-long", json.dumps({"text": "a" * 20_001}).encode(), 422, "validation"),
    ("kind-unknown", b'{"text": "hi", "kind": "grovel"}', 422, "validation"),
    ("unknown-field", b'{"text": "hi", "admin": true}', 422, "validation"),
    ("context-not-object", b'{"text": "hi", "context": "x"}', 422, "validation"),
    ("date-nonsense", b'{"text": "hi", "now": "yesterday-ish"}', 422, "validation"),
    ("dictionary-string", b'{"text": "hi", "dictionary": "Siobhan"}', 422, "validation"),
    ("interview-id-bool", b'{"text": "hi", "interview_id": true}', 422, "validation"),
]
MALFORMED_CASES = [
    Case(f"malformed-{name}", "POST", "/api/v1/check", status, code, JSON, body)
    for (name, body, status, code) in MALFORMED
] + [
    Case(
        "malformed-interview-company-number",
        "POST",
        "/api/v1/interviews",
        422,
        "validation",
        JSON,
        b'{"company": 5}',
    ),
    Case("malformed-interview-array", "POST", "/api/v1/interviews", 422, "validation", JSON, b"[{}]"),
    Case(
        "malformed-render-truncated",
        "POST",
        "/api/v1/templates/thank_you/render",
        400,
        "malformed_json",
        JSON,
        b'{"context": {',
    ),
]

# ----------------------------------------------------------------------------- size, paths, methods

OVERSIZE = json.dumps({"text": "a" * (300 * 1024)}).encode()
OTHER_CASES = [
    Case("oversize-check", "POST", "/api/v1/check", 413, "too_large", JSON, OVERSIZE),
    Case("oversize-interviews", "POST", "/api/v1/interviews", 413, "too_large", JSON, OVERSIZE),
    Case("unknown-api-path", "GET", "/api/v1/nope", 404, "not_found"),
    Case("unknown-api-version", "POST", "/api/v2/check", 404, "not_found", JSON, GOOD_CHECK),
    Case("unknown-root-path", "GET", "/admin", 404, "not_found"),
    Case("dotdot-path", "GET", "/static/../../etc/passwd", 404, "not_found"),
    Case("unknown-interview", "GET", "/api/v1/interviews/987654321", 404, "not_found"),
    Case("non-numeric-interview", "GET", "/api/v1/interviews/abc", 404, "not_found"),
    Case("unknown-template", "POST", "/api/v1/templates/nope/render", 404, "not_found", JSON, b"{}"),
    Case("get-on-check", "GET", "/api/v1/check", 405, "method_not_allowed"),
    Case("put-on-health", "PUT", "/api/v1/health", 405, "method_not_allowed", JSON, b"{}"),
    Case("delete-on-templates", "DELETE", "/api/v1/templates", 405, "method_not_allowed"),
]

ALL_CASES = HOST_CASES + ORIGIN_CASES + MEDIA_CASES + MALFORMED_CASES + OTHER_CASES


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.id)
def test_hostile_request_is_refused_with_a_json_error(transport, case: Case):
    before = interview_companies(transport)
    headers = dict(case.headers)
    if case.with_token:
        headers.update(auth(transport))
    reply = transport.send(case.method, case.path, headers, case.body, host=case.host)
    if transport.real and case.status == 413:
        # waitress refuses a body over its max_request_body_size itself, in text/plain, before Flask sees it;
        # cli.py sets that cap equal to MAX_CONTENT_LENGTH, so the JSON 413 is only seen below it.
        assert reply.status == 413
        assert b"Traceback" not in reply.body
    else:
        assert_json_error(reply, case.status, case.code)
    if case.status == 405:
        assert reply.header("Allow")
    # A refused page gets nothing it could read; a refused request changed nothing.
    assert reply.header("Access-Control-Allow-Origin") is None or case.headers.get("Origin") in (
        CHROME,
        FIREFOX,
    )
    assert reply.header("Access-Control-Allow-Credentials") is None
    assert interview_companies(transport) == before


# ------------------------------------------------------------------------------- what must still work


def test_no_host_header_at_all_is_refused(real_server):
    t = real_server[0]
    assert_json_error(t.send("GET", "/api/v1/health", host=MISSING), 400, "untrusted_host")


@pytest.mark.parametrize("origin", [CHROME, FIREFOX])
def test_extension_preflight_succeeds_without_credentials(transport, origin):
    reply = transport.send(
        "OPTIONS",
        "/api/v1/interviews",
        {
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, authorization, idempotency-key, x-evil",
            "Access-Control-Request-Private-Network": "true",
        },
    )
    assert reply.status in (200, 204)
    assert reply.header("Access-Control-Allow-Origin") == origin
    assert reply.header("Access-Control-Allow-Credentials") is None
    assert "POST" in reply.header("Access-Control-Allow-Methods")
    allowed = {h.strip().lower() for h in reply.header("Access-Control-Allow-Headers").split(",")}
    assert allowed == {"content-type", "authorization", "idempotency-key"}  # not x-evil
    assert reply.header("Access-Control-Allow-Private-Network") == "true"
    assert int(reply.header("Access-Control-Max-Age")) > 0
    assert "origin" in reply.header("Vary").lower()


@pytest.mark.parametrize("origin", [CHROME, FIREFOX])
def test_extension_call_is_answered_and_readable(transport, origin):
    reply = transport.send("POST", "/api/v1/check", {"Origin": origin, **JSON, **auth(transport)}, GOOD_CHECK)
    assert reply.status == 200, reply.body[:300]
    assert reply.json()["verdict"] in ("ready", "review", "fix")
    assert reply.header("Access-Control-Allow-Origin") == origin
    assert reply.header("Access-Control-Allow-Credentials") is None


def test_extension_sees_the_401_so_it_can_ask_for_the_token(transport):
    if not transport.token:
        return  # no token configured: nothing to refuse (the other two transports cover it)
    reply = transport.send("POST", "/api/v1/check", {"Origin": CHROME, **JSON}, GOOD_CHECK)
    assert_json_error(reply, 401, "unauthorized")
    assert reply.header("Access-Control-Allow-Origin") == CHROME


def test_null_origin_is_not_granted_cors_but_may_call_with_the_token(transport):
    reply = transport.send("POST", "/api/v1/check", {"Origin": "null", **JSON, **auth(transport)}, GOOD_CHECK)
    assert reply.status == 200
    assert reply.header("Access-Control-Allow-Origin") is None
    if transport.token:
        refused = transport.send("POST", "/api/v1/check", {"Origin": "null", **JSON}, GOOD_CHECK)
        assert_json_error(refused, 401, "unauthorized")


def test_playground_same_origin_calls_are_allowed(transport):
    own = f"http://{transport.host}"
    reply = transport.send("POST", "/api/v1/check", {"Origin": own, **JSON, **auth(transport)}, GOOD_CHECK)
    assert reply.status == 200, reply.body[:300]
    # The same server under its other loopback name is another origin, as the browser sees it.
    other_name = (
        own.replace("127.0.0.1", "localhost") if "127.0.0.1" in own else own.replace("localhost", "127.0.0.1")
    )
    assert_json_error(
        transport.send(
            "POST", "/api/v1/check", {"Origin": other_name, **JSON, **auth(transport)}, GOOD_CHECK
        ),
        403,
        "forbidden_origin",
    )


def test_playground_page_loads_without_token_and_with_a_strict_csp(transport):
    reply = transport.send("GET", "/")
    assert reply.status == 200
    assert reply.header("Content-Type").startswith("text/html")
    csp = reply.header("Content-Security-Policy")
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert reply.header("X-Content-Type-Options") == "nosniff"
    if transport.token:
        assert transport.token.encode() not in reply.body  # the token is never handed to a page


def test_api_answers_are_not_cached_or_sniffed(transport):
    reply = transport.send("GET", "/api/v1/health")
    assert reply.status == 200
    assert reply.header("Cache-Control") == "no-store"
    assert reply.header("X-Content-Type-Options") == "nosniff"
    assert reply.header("Cross-Origin-Resource-Policy") == "same-origin"


def test_side_effects_still_work_for_json_writes(transport):
    """The guards must not be so tight that the real client cannot write: create, patch, delete."""
    before = interview_companies(transport)
    interview_id = create_interview(transport, "Acme Analytics")
    assert interview_companies(transport) == before + ["Acme Analytics"]
    # A text/plain PATCH or DELETE is refused and leaves the interview as it was.
    for method in ("PATCH", "DELETE"):
        reply = transport.send(
            method,
            f"/api/v1/interviews/{interview_id}",
            {"Content-Type": "text/plain", **auth(transport)},
            b'{"company": "Hijacked"}',
        )
        assert_json_error(reply, 415, "unsupported_media_type")
    assert interview_companies(transport) == before + ["Acme Analytics"]
    reply = transport.send("DELETE", f"/api/v1/interviews/{interview_id}", auth(transport))
    assert reply.status == 204
    assert interview_companies(transport) == before


# ------------------------------------------------------------------------------------------ token

BAD_AUTH = {  # each built from the server's real token
    "none": lambda t: None,
    "bearer-only": lambda t: "Bearer",
    "bearer-space": lambda t: "Bearer ",
    "wrong": lambda t: "Bearer wrong-token-xxxxxxxxxxxxxxxx",
    "basic": lambda t: f"Basic {t}",
    "prefix": lambda t: f"Bearer {t[:-1]}",
    "longer": lambda t: f"Bearer {t}x",
    "non-ascii": lambda t: "Bearer caf\u00e9",
    "other-scheme": lambda t: f"Token {t}",
}


@pytest.mark.parametrize("make_value", BAD_AUTH.values(), ids=BAD_AUTH.keys())
def test_missing_or_wrong_token_is_401(transport, make_value):
    value = make_value(transport.token or TOKEN)
    headers = {"Authorization": value} if value is not None else {}
    if not transport.token:
        reply = transport.send("GET", "/api/v1/interviews", headers)
        assert reply.status == 200  # without a configured token the header is simply ignored
        return
    for method, path, body in [
        ("GET", "/api/v1/interviews", None),
        ("POST", "/api/v1/check", GOOD_CHECK),
        ("GET", "/api/v1/openapi.json", None),
        ("GET", "/api/v1/nope", None),
    ]:
        reply = transport.send(method, path, {**headers, **(JSON if body else {})}, body)
        assert_json_error(reply, 401, "unauthorized")
        assert reply.header("WWW-Authenticate").startswith("Bearer")


def test_right_token_is_accepted_and_health_needs_none(transport):
    assert transport.send("GET", "/api/v1/health").status == 200
    reply = transport.send("GET", "/api/v1/openapi.json", auth(transport))
    assert reply.status == 200 and reply.json()["openapi"].startswith("3.")
    lower_scheme = {"Authorization": f"bearer {transport.token}"} if transport.token else {}
    assert transport.send("GET", "/api/v1/rules", lower_scheme).status == 200


def test_web_origin_is_refused_even_with_the_right_token(transport):
    reply = transport.send("GET", "/api/v1/interviews", {"Origin": "https://evil.example", **auth(transport)})
    assert_json_error(reply, 403, "forbidden_origin")


def test_a_peer_on_another_machine_needs_the_token(client_plain, client_token):
    """If the server is ever exposed beyond loopback, a LAN client sending 'Host: localhost' still gets nothing."""
    lan = {"REMOTE_ADDR": "192.168.1.20"}
    reply = client_plain.client.get("/api/v1/interviews", headers={"Host": "localhost"}, environ_base=lan)
    assert_json_error(
        Reply(reply.status_code, {k.lower(): v for k, v in reply.headers.items()}, reply.data),
        403,
        "forbidden_remote",
    )
    ipv6 = client_plain.client.get(
        "/api/v1/health", headers={"Host": "localhost"}, environ_base={"REMOTE_ADDR": "::1"}
    )
    assert ipv6.status_code == 200
    authed = client_token.client.get(
        "/api/v1/interviews",
        environ_base=lan,
        headers={"Host": "localhost", "Authorization": f"Bearer {TOKEN}"},
    )
    assert authed.status_code == 200
    refused = client_token.client.get("/api/v1/interviews", headers={"Host": "localhost"}, environ_base=lan)
    assert refused.status_code == 401


# ------------------------------------------------------------------------------------ the CLI side


def test_require_token_makes_a_private_token_once_beside_the_db(tmp_path, capsys):
    args = Namespace(token_file=None, require_token=True, db=str(tmp_path / "sub" / "t.sqlite3"))
    first = tokens.token_from_args(args)
    path = tmp_path / "sub" / "api-token"
    assert path.read_text().strip() == first and len(first) >= 40
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert tokens.token_from_args(args) == first  # kept across restarts
    if os.name == "posix":
        path.chmod(0o644)
        assert tokens.token_from_args(args) == first
        assert stat.S_IMODE(path.stat().st_mode) == 0o600  # a loosened file is tightened again
    out = capsys.readouterr().out
    assert str(path) in out and first not in out  # it says where the token is, not what it is


def test_require_token_uses_the_data_dir_without_db(tmp_path, monkeypatch):
    monkeypatch.setenv("ETIQUETTE_DATA_DIR", str(tmp_path / "data"))
    token = tokens.token_from_args(Namespace(token_file=None, require_token=True, db=None))
    assert (tmp_path / "data" / "api-token").read_text().strip() == token


def private_token_file(tmp_path, token=TOKEN, name="token"):
    path = tmp_path / name
    path.write_text(token + "\n")
    path.chmod(0o600)
    return str(path)


def test_serving_beyond_loopback_requires_a_token(tmp_path):
    token_file = private_token_file(tmp_path)
    for host in ("0.0.0.0", "192.168.1.20", "::", "example.local"):
        with pytest.raises(SystemExit):
            tokens.token_from_args(Namespace(host=host, token_file=None, require_token=False, db=None))
        assert (
            tokens.token_from_args(Namespace(host=host, token_file=token_file, require_token=False, db=None))
            == TOKEN
        )
        assert (
            tokens.token_from_args(
                Namespace(host=host, token_file=None, require_token=False, db=None), env_token=TOKEN
            )
            == TOKEN
        )
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        assert (
            tokens.token_from_args(Namespace(host=host, token_file=None, require_token=False, db=None))
            is None
        )


def test_token_file_option_and_its_shape(tmp_path):
    """(Was --token T; issue 11 moved the token out of argv into --token-file / ETIQUETTE_TOKEN.)"""
    assert tokens.token_from_args(Namespace(token_file=None, require_token=False, db=None)) is None
    token_file = private_token_file(tmp_path)
    assert tokens.token_from_args(Namespace(token_file=token_file, require_token=True, db=None)) == TOKEN
    for i, bad in enumerate(["", "short", "has space in it 1234567", "caf\u00e9" * 8]):
        with pytest.raises(SystemExit):
            tokens.token_from_args(
                Namespace(
                    token_file=private_token_file(tmp_path, bad, f"bad{i}"), require_token=False, db=None
                )
            )
        with pytest.raises(SystemExit):
            tokens.token_from_args(
                Namespace(token_file=None, require_token=False, db=None), env_token=bad or " "
            )


def test_real_server_keeps_its_token_file_private_and_never_debugs(real_server):
    t, _proc, token_file = real_server
    if os.name == "posix":
        assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    # FLASK_DEBUG=1 was in its environment: a broken request still gets JSON, never the debugger page.
    reply = t.send("POST", "/api/v1/check", {**JSON, **auth(t)}, b"[" * 50_000)
    assert_json_error(reply, 400, "malformed_json")
    assert b"Werkzeug Debugger" not in reply.body


def test_unexpected_failure_is_a_json_500_without_trace(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = app_in(tmp_path)
    assert app.debug is False

    @app.get("/api/v1/_boom")
    def boom():
        raise RuntimeError("secret internals")

    reply = ClientTransport(app, None).send("GET", "/api/v1/_boom")
    assert_json_error(reply, 500, "internal")
    assert b"secret internals" not in reply.body


# ------------------------------------------------------------------------- and it keeps serving


def test_real_server_still_serves_after_the_battery(real_server):
    t, proc, _ = real_server
    assert proc.poll() is None
    health = t.send("GET", "/api/v1/health")
    assert health.status == 200 and health.json()["status"] == "ok"
    reply = t.send("POST", "/api/v1/check", {**JSON, **auth(t)}, GOOD_CHECK)
    assert reply.status == 200 and "warnings" in reply.json()
    assert "Drive-by Ltd" not in interview_companies(t) and "Hijacked" not in interview_companies(t)
