"""Support for the real-browser tests (imported by conftest.py and the test modules; a unique module
name so it never clashes with tests/conftest.py). Real-browser tests: Debian's Chromium with the unpacked
extension, a real backend process, and
webmail-shaped pages served on the real host names through Playwright routes (so the manifest's match
patterns apply exactly as in production). Recipe: shared/DESIGN.md, "Testing in a real browser".
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from etiquette.live_server import LiveServer, free_port
from etq_pages import PAGES

__all__ = ["Backend", "Browser", "backend_fixture", "browser_fixture", "free_port", "launch", "screenshot"]

ROOT = Path(__file__).resolve().parent.parent
EXTENSION = ROOT / "extension"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def screenshot(page, name: str, **kwargs) -> None:
    """Save e2e/screenshots/<name>.png (the README shows them) only when ETQ_SCREENSHOTS=1: a plain test
    run leaves the tree clean. Make them with `ETQ_SCREENSHOTS=1 pytest e2e` and commit what changed."""
    if os.environ.get("ETQ_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), **kwargs)


BENCH_OUT = ROOT / "bench" / "out" / "e2e_latency.json"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

SITES = {
    "gmail": ("https://mail.google.com/**", "gmail.html", "https://mail.google.com/mail/u/0/#inbox"),
    "outlook": ("https://outlook.live.com/**", "outlook.html", "https://outlook.live.com/mail/0/inbox"),
    "yahoo": ("https://mail.yahoo.com/**", "yahoo.html", "https://mail.yahoo.com/d/folders/1"),
}
# Gmail enforces Trusted Types; serving the fixture with the same header proves we cope with it.
SITE_HEADERS = {"gmail": {"Content-Security-Policy": "require-trusted-types-for 'script'"}}

# Latency samples gathered by the tests, written to bench/out/e2e_latency.json at the end.
LATENCY: dict[str, list[float]] = {"compose_to_panel_ms": [], "keystroke_to_warning_ms": []}


class Backend(LiveServer):
    """`etiquette serve` as a child process (etiquette/live_server.py); stop() and start() again on the
    same port and database. ``token`` is the one this test pairing got (``pair`` or Browser.pair_with)."""

    def __init__(self, db: str, *args: str):
        super().__init__(*args, db=db, cwd=ROOT)
        self.token = ""

    def pairing_code(self) -> str:
        """A fresh code from `etiquette pair` (its last stdout line: 'Pairing code: NNNN-NNNN ...')."""
        command = [*self.command, "pair", "--db", self.db]
        out = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=str(ROOT), check=True)
        return out.stdout.strip().splitlines()[-1].split()[2]

    def pair(self) -> str:
        """Pair without a browser: a code traded at POST /api/v1/pair for a token, kept in self.token.
        (Browsers pair through their options page: Browser.pair_with.)"""
        code = self.pairing_code()
        request = urllib.request.Request(
            self.url + "/api/v1/pair",
            data=json.dumps({"code": code}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as r:
            self.token = json.loads(r.read())["token"]
        return self.token


def _fulfiller(body: str, headers: dict):
    """Serves the site's fixture; `?fixture=NAME` picks another page of the same site: one built after
    real markup (etq_pages.PAGES) or a file in fixtures/ (the deliberately different variants)."""

    def handler(route):
        from urllib.parse import parse_qs, urlsplit

        page_body = body
        name = parse_qs(urlsplit(route.request.url).query).get("fixture", [""])[0]
        if name in PAGES:
            page_body = PAGES[name]
        elif name:
            path = FIXTURES / (name + ".html")
            if not name.replace("-", "").isalnum() or not path.exists():
                route.fulfill(status=404, body="no such fixture")
                return
            page_body = path.read_text(encoding="utf-8")
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=page_body, headers=headers)

    return handler


def launch(tmp_path_factory, backend_url: str, token: str = ""):
    """Chromium with the extension, pointed at ``backend_url`` and holding ``token`` (a paired one:
    the tracker answers an extension only with it)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    pw = sync_playwright().start()
    profile = tmp_path_factory.mktemp("profile")
    ctx = pw.chromium.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        headless=True,
        viewport={"width": 1400, "height": 900},
        args=[
            f"--disable-extensions-except={EXTENSION}",
            f"--load-extension={EXTENSION}",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ],
    )
    sw = ctx.service_workers[0] if ctx.service_workers else ctx.wait_for_event("serviceworker", timeout=15000)
    sw.evaluate("([url, token]) => chrome.storage.local.set({backendUrl: url, token})", [backend_url, token])
    for site, (pattern, name, _) in SITES.items():
        body = (FIXTURES / name).read_text(encoding="utf-8")
        headers = SITE_HEADERS.get(site, {})

        ctx.route(pattern, _fulfiller(body, headers))
    return pw, ctx, sw


class Browser:
    def __init__(self, pw, ctx, sw):
        self.pw, self.ctx, self.sw = pw, ctx, sw
        self.errors: list[str] = []

    @property
    def extension_id(self) -> str:
        return self.sw.url.split("/")[2]

    def pair_with(self, backend: Backend) -> str:
        """Pair this browser's extension as a user does: a code from `etiquette pair`, typed into the
        options page's "Pair with the backend" field, the Pair button clicked. The token the worker
        stored is also kept in backend.token (tests put it back after switching backends)."""
        page = self.ctx.new_page()
        try:
            page.goto(f"chrome-extension://{self.extension_id}/options/options.html")
            page.fill("#pairCode", backend.pairing_code())
            page.click("#pair")
            page.wait_for_function(
                "() => /^(Paired|Not paired):/.test(document.getElementById('pairResult').textContent)",
                timeout=15000,
            )
            result = page.text_content("#pairResult")
            if not result.startswith("Paired"):
                raise RuntimeError("pairing through the options page failed: " + result)
        finally:
            page.close()
        backend.token = self.sw.evaluate("() => chrome.storage.local.get('token').then(s => s.token)")
        return backend.token

    def open(self, site: str, suffix: str = ""):
        page = self.ctx.new_page()
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on(
            "console",
            lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None,
        )
        url = SITES[site][2]
        if suffix.startswith("?"):  # a query goes before the fragment
            base, _, fragment = url.partition("#")
            url = base + suffix + ("#" + fragment if fragment else "")
        else:
            url += suffix
        page.goto(url)
        return page

    def close(self):
        self.ctx.close()
        self.pw.stop()


# ---- the fixtures: a backend, and a browser paired with it ------------------------------------------


def backend_fixture(name: str, scope: str = "module", prepare: Callable[[Path], None] | None = None):
    """A fixture called ``name``: a running Backend on a database of its own (``prepare(db)`` may
    put a file there first), stopped after the ``scope``. conftest.py's ``backend`` is the session's
    shared one; a module that stops, restarts or damages its backend declares its own:
    ``tracker_backend = backend_fixture("tracker_backend")``."""

    @pytest.fixture(scope=scope, name=name)
    def fixture(tmp_path_factory):
        db = tmp_path_factory.mktemp(name) / "etiquette.sqlite3"
        if prepare is not None:
            prepare(db)
        with Backend(str(db)) as backend:
            yield backend

    return fixture


def browser_fixture(name: str, backend: str, scope: str = "module", via: str | None = None):
    """A fixture called ``name``: Chromium with the extension, paired with the fixture ``backend``
    through its options page as a user pairs, closed after the ``scope``. ``via`` names a fixture with
    a ``url`` (a proxy in front of the backend) that the extension talks to instead."""

    @pytest.fixture(scope=scope, name=name)
    def fixture(tmp_path_factory, request):
        server = request.getfixturevalue(backend)
        url = request.getfixturevalue(via).url if via else server.url
        browser = Browser(*launch(tmp_path_factory, url))
        try:
            browser.pair_with(server)
            yield browser
        finally:
            browser.close()

    return fixture
