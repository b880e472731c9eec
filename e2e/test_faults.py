"""A backend that is busy, unreachable or slow loses nothing (issue 11): a Send answered 503 (with
Retry-After) at Send time and during the outbox's retries is logged once it can be, exactly once; with
every answer 1.5 s late the compose is still matched, its checks carry the interview and its Send is
logged, with at most one check in flight at a time.

The faults come from a real proxy in front of a real backend (etq_faults.py); this module has its own
backend, proxy and browser profile."""

from __future__ import annotations

import json
import time
import urllib.parse
import urllib.request

import pytest
from etq_e2e import backend_fixture, browser_fixture
from etq_faults import proxy_fixture
from etq_probes import panel_eval, panel_wait, wait_settled, wait_status

GMAIL_EDITOR = "[g_editable=true][contenteditable=true]"


fault_backend = backend_fixture("fault_backend")


proxy = proxy_fixture("proxy", backend="fault_backend")


fb = browser_fixture("fb", backend="fault_backend", via="proxy")


@pytest.fixture(autouse=True)
def healthy(proxy):
    proxy.heal()
    yield
    proxy.heal()


def api(backend, method: str, path: str, body: dict | None = None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(
        backend.url + path,
        data=data,
        method=method,
        headers={"Content-Type": "application/json"} if data else {},
    )
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read() or b"null")


def messages(backend, interview_id: int) -> list[dict]:
    return api(backend, "GET", f"/api/v1/interviews/{interview_id}/messages")


def outbox(browser) -> list[dict]:
    return browser.sw.evaluate("() => chrome.storage.local.get({outbox: []}).then(s => s.outbox)")


def wait_tracker(page, state: str, timeout: float = 10000):
    panel_wait(
        page,
        "return inPanels('[data-etiquette-interview=\"' + arg + '\"]').length > 0;",
        arg=state,
        timeout=timeout,
    )


def logged_state(page) -> str | None:
    return panel_eval(
        page,
        "const e = inPanels('[data-etiquette-logged]')[0]; return e ? e.getAttribute('data-etiquette-logged') : null;",
    )


def until(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out waiting for " + what)


def test_a_send_answered_503_at_send_time_and_during_retries_is_logged_once(fb, fault_backend, proxy):
    email = "ines.moreau@litware.fr"
    iv = api(fault_backend, "POST", "/api/v1/interviews", {"company": "Litware", "interviewer_email": email})
    page = fb.open("gmail")
    try:
        page.evaluate("() => { window.__sent = 0; }")
        cid = page.evaluate("(to) => openCompose(to)", email)
        page.click(f"#{cid} {GMAIL_EDITOR}")
        wait_tracker(page, "matched")
        page.keyboard.type(
            "Hi Ines, thank you for the interview today. I am very keen on the role. Best, Jordan"
        )
        wait_settled(page)

        # The database cannot be written: every Send is answered 503, come back in a second.
        proxy.fail("POST", "/messages", 503, retry_after=1)
        page.click(f"#{cid} [data-tooltip^=Send]")
        page.wait_for_function("() => window.__sent === 1")  # the webmail's Send went out regardless
        panel_wait(page, "return inPanels('[data-etiquette-logged=queued]').length > 0;")
        # Retried on Retry-After's schedule, still answered 503: the Send stays queued, never dropped.
        until(lambda: len(proxy.answered("POST", "/messages", 503)) >= 3, 20, "three 503 answers")
        assert len(outbox(fb)) == 1
        assert logged_state(page) == "queued"
        assert messages(fault_backend, iv["id"]) == []

        # Then the backend goes away altogether for a moment (no answer at all): still kept.
        proxy.down = True
        until(lambda: proxy.answered("POST", "/messages", "down"), 20, "a retry while the backend is down")
        assert len(outbox(fb)) == 1

        # Healthy again: logged exactly once (same Idempotency-Key on every try), the panel says so.
        proxy.heal()
        until(lambda: messages(fault_backend, iv["id"]), 30, "the Send to be logged")
        panel_wait(page, "return inPanels('[data-etiquette-logged=thank_you]').length > 0;", timeout=15000)
        until(lambda: outbox(fb) == [], 10, "the outbox to empty")
        time.sleep(1.5)
        assert [m["kind"] for m in messages(fault_backend, iv["id"])] == ["thank_you"]
        assert [e for e in fb.errors if "pageerror" in e] == []
    finally:
        page.close()


def test_a_send_the_tracker_can_never_take_is_dropped_and_the_panel_says_so(fb, fault_backend, proxy):
    email = "kofi.mensah@proseware.com"
    iv = api(
        fault_backend, "POST", "/api/v1/interviews", {"company": "Proseware", "interviewer_email": email}
    )
    page = fb.open("gmail")
    try:
        cid = page.evaluate("(to) => openCompose(to)", email)
        page.click(f"#{cid} {GMAIL_EDITOR}")
        wait_tracker(page, "matched")
        page.keyboard.type(
            "Hi Kofi, thank you for the interview today. I am very keen on the role. Best, Jordan"
        )
        wait_settled(page)
        proxy.fail("POST", "/messages", 503, retry_after=1)
        page.click(f"#{cid} [data-tooltip^=Send]")
        panel_wait(page, "return inPanels('[data-etiquette-logged=queued]').length > 0;")
        # Meanwhile the interview was deleted: the retry gets 404, which will never change.
        api(fault_backend, "DELETE", f"/api/v1/interviews/{iv['id']}")
        proxy.heal()
        panel_wait(page, "return inPanels('[data-etiquette-logged=failed]').length > 0;", timeout=20000)
        text = panel_eval(page, "return txt(inPanels('[data-etiquette-logged]')[0]);")
        assert "no longer in the tracker" in text, text
        until(lambda: outbox(fb) == [], 10, "the outbox to empty")
    finally:
        page.close()


def test_a_backend_answering_in_1_5_s_still_matches_checks_with_the_interview_and_logs_the_send(
    fb, fault_backend, proxy
):
    email = "mei.tanaka@adventure-works.jp"
    iv = api(
        fault_backend,
        "POST",
        "/api/v1/interviews",
        {
            "company": "Adventure Works",
            "interviewer_email": email,
            "interview_at": "2026-11-20T10:00:00+00:00",
        },
    )
    proxy.delay = 1.5
    page = fb.open("gmail")
    try:
        cid = page.evaluate("(to) => openCompose(to)", email)
        wait_status(page, "online", timeout=30000)
        page.click(f"#{cid} {GMAIL_EDITOR}")
        wait_tracker(page, "matched", timeout=30000)
        start = len(proxy.log)
        # Typing in bursts with pauses longer than the debounce: each pause starts a check, the next
        # burst supersedes it (the worker aborts it), so at most one check is in flight.
        for chunk in [
            "Hi Mei, thank you for the interview today. ",
            "I enjoyed hearing about the ",
            "warehouse robots, and I am very keen on the role. ",
            "Best, Jordan",
        ]:
            page.keyboard.type(chunk)
            page.wait_for_timeout(400)
        wait_settled(page, quiet_ms=2500, timeout=40000)
        checks = [e for e in proxy.log[start:] if e["path"] == "/api/v1/check"]
        assert checks and all(json.loads(e["body"]).get("interview_id") == iv["id"] for e in checks), [
            json.loads(e["body"]).get("interview_id") for e in checks
        ]
        assert proxy.max_overlap("/api/v1/check") <= 1, [(e["t0"], e["t1"], e["aborted"]) for e in checks]
        page.click(f"#{cid} [data-tooltip^=Send]")
        until(lambda: messages(fault_backend, iv["id"]), 30, "the Send to be logged")
        assert [m["kind"] for m in messages(fault_backend, iv["id"])] == ["thank_you"]
    finally:
        page.close()


def test_a_backend_error_naming_a_file_reaches_the_panel_without_the_path(fb, proxy):
    page = fb.open("gmail")
    try:
        cid = page.evaluate("() => openCompose()")
        wait_status(page, "online")
        proxy.fail(
            "POST",
            "/api/v1/check",
            500,
            message="unable to open database file /home/jordan/.local/share/follow-up-etiquette/etiquette.sqlite3",
        )
        page.click(f"#{cid} {GMAIL_EDITOR}")
        page.keyboard.type("Thank you for the interview today.")
        shown = panel_wait(page, "const n = inPanels('.notice')[0]; return n ? txt(n) : null;", timeout=15000)
        assert "could not read this draft" in shown and "/home" not in shown and "jordan" not in shown, shown
    finally:
        page.close()
