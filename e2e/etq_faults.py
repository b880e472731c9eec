"""A real HTTP proxy in front of a real backend, for the e2e tests that need the backend slow, busy
(503 with Retry-After) or unreachable on demand. The browser talks to the proxy exactly as to the
backend; nothing in the browser or the extension is mocked.

    proxy = FaultProxy(backend.url); proxy.start()
    proxy.delay = 1.5                                   # every answer 1.5 s late
    proxy.fail("POST", "/messages", 503, retry_after=1)  # Sends answered 503 until proxy.heal()
    proxy.down = True                                   # connections closed without an answer
"""

from __future__ import annotations

import http.client
import json
import select
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from etq_e2e import free_port

HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer"}


class FaultProxy:
    def __init__(self, target_url: str):
        self.target = urlsplit(target_url)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.delay = 0.0
        self.down = False
        self.rules: list[tuple] = []  # (method, path fragment, status, retry_after, message)
        self.log: list[dict] = []  # every request: method, path, status, body (bytes), aborted
        self.lock = threading.Lock()
        self.in_flight: dict[str, int] = {}
        self.max_in_flight: dict[str, int] = {}
        self.server: ThreadingHTTPServer | None = None

    # -- switches ---------------------------------------------------------------------------------
    def fail(
        self,
        method: str,
        fragment: str,
        status: int,
        retry_after: int | None = None,
        message: str = "the tracker cannot write just now",
    ):
        self.rules.append((method, fragment, status, retry_after, message))

    def heal(self):
        self.rules.clear()
        self.down = False
        self.delay = 0.0

    def max_overlap(self, path: str, slack: float = 0.1) -> int:
        """Most requests to `path` the browser had open at once (an aborted one ends when we noticed the
        browser close it; `slack` forgives the moment between that close and the next request)."""
        with self.lock:
            spans = [
                (e["t0"], (e["t1"] or time.monotonic()) - slack)
                for e in self.log
                if e["path"].split("?")[0] == path
            ]
        return max((sum(1 for a, b in spans if a <= t0 < b) for t0, _ in spans), default=0)

    def answered(self, method: str, fragment: str, status: int | None = None) -> list[dict]:
        with self.lock:
            return [
                e
                for e in self.log
                if e["method"] == method
                and fragment in e["path"]
                and (status is None or e["status"] == status)
            ]

    # -- server -----------------------------------------------------------------------------------
    def start(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                proxy._handle(self)

            do_POST = do_PATCH = do_DELETE = do_PUT = do_OPTIONS = do_GET

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def _client_gone(self, handler) -> bool:
        """The browser closed the connection (an aborted fetch) while we were holding the answer."""
        try:
            readable, _, _ = select.select([handler.connection], [], [], 0)
            return bool(readable) and handler.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def _handle(self, h: BaseHTTPRequestHandler):
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else b""
        entry = {
            "method": h.command,
            "path": h.path,
            "status": None,
            "body": body,
            "aborted": False,
            "t0": time.monotonic(),
            "t1": None,
        }
        key = h.path.split("?")[0]
        with self.lock:
            self.log.append(entry)
            self.in_flight[key] = self.in_flight.get(key, 0) + 1
            self.max_in_flight[key] = max(self.max_in_flight.get(key, 0), self.in_flight[key])
        try:
            if self.down:
                h.close_connection = True
                h.connection.shutdown(socket.SHUT_RDWR)
                entry["status"] = "down"
                return
            deadline = time.monotonic() + self.delay
            while time.monotonic() < deadline:
                if self._client_gone(h):
                    entry["aborted"] = True
                    return
                time.sleep(0.02)
            for method, fragment, status, retry_after, message in list(self.rules):
                if h.command == method and fragment in h.path:
                    payload = json.dumps({"error": {"code": "unavailable", "message": message}}).encode()
                    h.send_response(status)
                    h.send_header("Content-Type", "application/json")
                    h.send_header("Content-Length", str(len(payload)))
                    if retry_after is not None:
                        h.send_header("Retry-After", str(retry_after))
                    self._cors(h)
                    h.end_headers()
                    h.wfile.write(payload)
                    entry["status"] = status
                    return
            self._forward(h, body, entry)
        finally:
            entry["t1"] = time.monotonic()
            with self.lock:
                self.in_flight[key] -= 1

    def _cors(self, h):
        origin = h.headers.get("Origin")
        if origin:
            h.send_header("Access-Control-Allow-Origin", origin)
            h.send_header("Vary", "Origin")

    def _forward(self, h, body: bytes, entry: dict):
        conn = http.client.HTTPConnection(self.target.hostname, self.target.port, timeout=30)
        try:
            headers = {
                k: v for k, v in h.headers.items() if k.lower() not in HOP_BY_HOP and k.lower() != "host"
            }
            headers["Host"] = self.target.netloc
            conn.request(h.command, h.path, body=body or None, headers=headers)
            r = conn.getresponse()
            data = r.read()
            h.send_response(r.status)
            for k, v in r.getheaders():
                if k.lower() not in HOP_BY_HOP and k.lower() != "content-length":
                    h.send_header(k, v)
            h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            h.wfile.write(data)
            entry["status"] = r.status
        except OSError:
            entry["status"] = "error"
            h.close_connection = True
        finally:
            conn.close()


def proxy_fixture(name: str, backend: str, scope: str = "module"):
    """A fixture called ``name``: a FaultProxy in front of the fixture ``backend``, stopped after the
    ``scope``; a browser talks to it with ``browser_fixture(..., via=name)``."""

    @pytest.fixture(scope=scope, name=name)
    def fixture(request):
        proxy = FaultProxy(request.getfixturevalue(backend).url)
        proxy.start()
        yield proxy
        proxy.stop()

    return fixture
