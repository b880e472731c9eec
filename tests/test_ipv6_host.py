"""`etiquette serve --host ::1` works end to end: the browser's `Host: [::1]:port` is accepted there,
and only there (a server on 127.0.0.1 still refuses it as a rebinding sign)."""

from __future__ import annotations

import http.client
import json
import socket

import pytest
from etiquette.app import trusted_hosts
from etiquette.live_server import LiveServer

CHROME = "chrome-extension://" + "abcdefghijklmnop" * 2


def has_ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


def test_trusted_hosts_follow_the_bind_address():
    assert trusted_hosts("127.0.0.1") == ["127.0.0.1", "localhost"]
    assert trusted_hosts("::1") == ["127.0.0.1", "localhost", "[::1]"]
    assert trusted_hosts("[::1]") == ["127.0.0.1", "localhost", "[::1]"]
    assert trusted_hosts("0.0.0.0") == ["127.0.0.1", "localhost"]
    assert trusted_hosts("::") == ["127.0.0.1", "localhost"]
    assert trusted_hosts("192.168.1.20") == ["127.0.0.1", "localhost", "192.168.1.20"]


def test_a_server_bound_to_ipv6_loopback_answers_host_bracket_colon_colon_1(tmp_path, make_app):
    app = make_app(DATABASE=str(tmp_path / "t.sqlite3"), BIND_HOST="::1")
    client = app.test_client()
    for host in ["[::1]:5455", "[::1]", "127.0.0.1:5455", "localhost:5455"]:
        reply = client.get("/api/v1/health", headers={"Host": host}, environ_base={"REMOTE_ADDR": "::1"})
        assert reply.status_code == 200, host
    for host in ["[::2]:5455", "[::1]evil:5455", "[::ffff:127.0.0.1]:5455", "evil.example", "[::1]:99999"]:
        reply = client.get("/api/v1/health", headers={"Host": host}, environ_base={"REMOTE_ADDR": "::1"})
        assert reply.status_code == 400 and reply.get_json()["error"]["code"] == "untrusted_host", host
    # The playground on [::1] is its own origin; the same server under 127.0.0.1 is another.
    own = client.post(
        "/api/v1/check",
        json={"text": "Thank you"},
        headers={"Host": "[::1]:5455", "Origin": "http://[::1]:5455"},
        environ_base={"REMOTE_ADDR": "::1"},
    )
    assert own.status_code == 200
    other = client.post(
        "/api/v1/check",
        json={"text": "Thank you"},
        headers={"Host": "[::1]:5455", "Origin": "http://127.0.0.1:5455"},
    )
    assert other.status_code == 403


def test_a_server_on_ipv4_loopback_still_refuses_host_ipv6(tmp_path, make_app):
    client = make_app(DATABASE=str(tmp_path / "t.sqlite3")).test_client()
    assert client.get("/api/v1/health", headers={"Host": "[::1]:5455"}).status_code == 400


def _request(port, method, path, host, headers=None, body=None):
    conn = http.client.HTTPConnection("::1", port, timeout=30)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", host)
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        data = None if body is None else json.dumps(body).encode()
        if data is not None:
            conn.putheader("Content-Type", "application/json")
            conn.putheader("Content-Length", str(len(data)))
        conn.endheaders(data)
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


@pytest.mark.skipif(not has_ipv6_loopback(), reason="this machine has no IPv6 loopback")
def test_real_server_on_ipv6_loopback_prints_a_pairing_code_and_pairs_the_extension(tmp_path):
    server = LiveServer(
        host="::1",
        db=tmp_path / "data" / "t.sqlite3",
        env={"ETIQUETTE_DATA_DIR": str(tmp_path / "data"), "ETIQUETTE_TOKEN": None},
        merge_stderr=True,
    ).spawn()
    port = server.port
    try:
        # a start-up guard, not a speed assertion
        lines = server.read_until(lambda line: line.startswith("Pairing code: "))
        assert lines and lines[-1].startswith("Pairing code: "), lines
        assert lines[-1].endswith("(valid 10 minutes; enter it in the extension's options page)")
        assert any(f"http://[::1]:{port}/" in line for line in lines), lines
        code = lines[-1].split()[2]
        host = f"[::1]:{port}"
        server.wait_healthy()
        status, body = _request(port, "GET", "/api/v1/health", host)
        assert status == 200 and json.loads(body)["paired"] is False
        status, body = _request(port, "GET", "/api/v1/interviews", host, {"Origin": CHROME})
        assert status == 401 and json.loads(body)["error"]["code"] == "not_paired"
        status, body = _request(port, "POST", "/api/v1/pair", host, {"Origin": CHROME}, {"code": code})
        assert status == 200, body
        token = json.loads(body)["token"]
        auth = {"Origin": CHROME, "Authorization": f"Bearer {token}"}
        status, body = _request(port, "POST", "/api/v1/interviews", host, auth, {"company": "Acme"})
        assert status == 201, body
        status, body = _request(port, "GET", "/api/v1/interviews", host, auth)
        assert status == 200 and [i["company"] for i in json.loads(body)] == ["Acme"]
        status, body = _request(port, "GET", "/api/v1/health", "evil.example")
        assert status == 400
    finally:
        server.stop()
