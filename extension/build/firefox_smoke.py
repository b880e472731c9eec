#!/usr/bin/env python3
"""Smoke check of the built Firefox package in a real Firefox (ESR/Developer/Nightly, which can run
unsigned add-ons): it installs, its toolbar popup starts, and the popup's status check travels
popup → browserApi.runtime.sendMessage → background scripts → fetch → the real backend on 127.0.0.1.

    make package && python3 extension/build/firefox_smoke.py [--firefox /usr/bin/firefox-esr]

The extension's default backend address is http://127.0.0.1:5455, so port 5455 must be free: a
pass-through listens there, notes what Firefox sent, and forwards it to `etiquette serve` on a spare
port (from .venv). Not part of `make test`: it needs a Firefox that the test machines do not install.
"""

from __future__ import annotations

import argparse
import http.server
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The live-server helper is stdlib-only: importable by any python3 from the checkout, venv or not.
sys.path.insert(0, str(ROOT / "backend"))
from etiquette.live_server import LiveServer  # noqa: E402

ADDON_ID = "follow-up-etiquette@local"
DEFAULT_PORT = 5455  # what the extension talks to before anyone changes the options


def pass_through(backend_port: int, seen: list):
    class Handler(http.server.BaseHTTPRequestHandler):
        def forward(self):
            n = int(self.headers.get("Content-Length") or 0)
            req = urllib.request.Request(
                f"http://127.0.0.1:{backend_port}{self.path}",
                data=self.rfile.read(n) if n else None,
                method=self.command,
            )
            for k, v in self.headers.items():
                if k.lower() not in ("host", "connection"):
                    req.add_header(k, v)
            try:
                with urllib.request.urlopen(req, timeout=5) as r:
                    code, headers, body = r.status, r.headers, r.read()
            except urllib.error.HTTPError as e:
                code, headers, body = e.code, e.headers, e.read()
            seen.append(
                {
                    "method": self.command,
                    "path": self.path,
                    "status": code,
                    "user_agent": self.headers.get("User-Agent", ""),
                    "origin": self.headers.get("Origin"),
                }
            )
            self.send_response(code)
            for k, v in headers.items():
                if k.lower() not in ("transfer-encoding", "connection", "server", "date"):
                    self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_OPTIONS = do_PATCH = do_DELETE = forward

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", DEFAULT_PORT), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> int:
    parser = argparse.ArgumentParser(description="Run the built Firefox package in a real Firefox.")
    parser.add_argument("--firefox", default=shutil.which("firefox-esr") or shutil.which("firefox"))
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    manifest = json.loads((ROOT / "extension" / "manifest.json").read_text())
    xpi = ROOT / "dist" / f"follow-up-etiquette-firefox-{manifest['version']}.zip"
    if not args.firefox or not xpi.is_file():
        print("needs a Firefox (--firefox) and `make package` first", file=sys.stderr)
        return 2
    seen: list = []
    with tempfile.TemporaryDirectory() as tmp:
        backend = LiveServer(
            db=Path(tmp) / "tracker.sqlite3", command=[str(ROOT / ".venv" / "bin" / "etiquette")]
        ).spawn()
        backend_port = backend.port
        server = firefox = None
        try:
            server = pass_through(backend_port, seen)
            # A profile with the package side-loaded; a fixed internal UUID so we can open its popup page.
            profile = Path(tmp) / "profile"
            (profile / "extensions").mkdir(parents=True)
            shutil.copyfile(xpi, profile / "extensions" / f"{ADDON_ID}.xpi")
            internal = str(uuid.uuid4())
            prefs = {
                "xpinstall.signatures.required": False,  # honoured by ESR/Developer/Nightly only
                "extensions.autoDisableScopes": 0,
                "extensions.webextensions.uuids": json.dumps({ADDON_ID: internal}),
                "browser.shell.checkDefaultBrowser": False,
                "datareporting.policy.dataSubmissionEnabled": False,
            }
            (profile / "user.js").write_text(
                "".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in prefs.items())
            )
            backend.wait_healthy(timeout=15)  # the backend is up before Firefox asks it anything
            firefox = subprocess.Popen(
                [
                    args.firefox,
                    "--headless",
                    "--no-remote",
                    "--profile",
                    str(profile),
                    f"moz-extension://{internal}/popup/popup.html",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            deadline = time.monotonic() + args.timeout
            while time.monotonic() < deadline and not any("Firefox/" in r["user_agent"] for r in seen):
                time.sleep(0.5)
        finally:
            if firefox:
                firefox.terminate()
                try:
                    firefox.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    firefox.kill()
            backend.stop(timeout=15)
            if server:
                server.shutdown()
        # Firefox writes its add-on database by the time it has shut down.
        registry = Path(tmp) / "profile" / "extensions.json"
        state = json.loads(registry.read_text()) if registry.exists() else {}
    addon = next((a for a in state.get("addons", []) if a.get("id") == ADDON_ID), None)
    print(
        "add-on:", {k: addon.get(k) for k in ("version", "active", "location")} if addon else "not installed"
    )
    for r in seen:
        print("request:", r)
    ok = bool(addon and addon.get("active")) and any(
        "Firefox/" in r["user_agent"] and r["path"] == "/api/v1/health" and r["status"] == 200 for r in seen
    )
    print("Firefox smoke:", "OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
