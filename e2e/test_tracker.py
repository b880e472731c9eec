"""The interview tracker in the panel: an interview created from the compose, Send logged once (click,
double click, Ctrl+Enter), the next draft to the same person warned about timing with the next-step
hint, and a Send while the backend is down that still goes out and is logged once it is back.

This module runs its own backend process (it stops and restarts it) and its own browser profile."""

from __future__ import annotations

import json
import time
import urllib.parse
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from etq_e2e import backend_fixture, browser_fixture, screenshot
from etq_probes import panel, panel_eval, panel_wait, wait_settled, wait_status, wait_warning, warnings

GMAIL_EDITOR = "[g_editable=true][contenteditable=true]"
THANK_YOU = (
    "Hi Siobhan, thank you for taking the time to meet me today. I enjoyed hearing how the team moved "
    "the nightly jobs to dbt, and I am very keen on the Data Engineer role. Best regards, Jordan"
)
FOLLOW_UP = (
    "Hi Siobhan, I hope you are well. I wanted to follow up on my application for the Data Engineer role "
    "and ask whether there is any news on the timeline. I remain very interested. Best regards, Jordan"
)


tracker_backend = backend_fixture("tracker_backend")
tb = browser_fixture("tb", backend="tracker_backend")


def api(backend, method: str, path: str, body: dict | None = None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(
        backend.url + path,
        data=data,
        method=method,
        headers={"Content-Type": "application/json"} if data else {},
    )
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.loads(r.read() or b"null")


def interviews_for(backend, email: str) -> list[dict]:
    return api(backend, "GET", "/api/v1/interviews?email=" + urllib.parse.quote(email))


def messages(backend, interview_id: int) -> list[dict]:
    return api(backend, "GET", f"/api/v1/interviews/{interview_id}/messages")


def wait_tracker(page, state: str, timeout: float = 10000):
    panel_wait(
        page,
        "return inPanels('[data-etiquette-interview=\"' + arg + '\"]').length > 0;",
        arg=state,
        timeout=timeout,
    )


def wait_logged(page, value: str, timeout: float = 10000):
    panel_wait(
        page,
        "return inPanels('[data-etiquette-logged=\"' + arg + '\"]').length > 0;",
        arg=value,
        timeout=timeout,
    )


def page_errors(browser) -> list[str]:
    return [e for e in browser.errors if "pageerror" in e or "console.error" in e or "etiquette" in e.lower()]


def test_interview_created_from_the_panel_send_logged_once_next_draft_warned(tb, tracker_backend):
    email = "siobhan@acme-analytics.com"
    page = tb.open("gmail")
    try:
        page.evaluate("() => { window.__sent = 0; }")
        cid = page.evaluate("(to) => openCompose(to)", email)
        wait_status(page, "online")
        page.click(f"#{cid} {GMAIL_EDITOR}")  # the tracker shows once the user acts in the compose
        wait_tracker(page, "none")
        assert interviews_for(tracker_backend, email) == []

        # Keyboard only: the "track" button, then the labelled form pre-filled from the compose.
        panel(page).locator('[data-etiquette-action="create-interview"]').focus()
        page.keyboard.press("Enter")
        company = panel(page).get_by_label("Company")
        assert company.input_value() == "Acme Analytics"
        assert panel(page).get_by_label("Interviewer").input_value() == "Siobhan"
        assert panel(page).get_by_label("Interview date and time").input_value() != ""
        assert panel(page).get_by_label("Stage").input_value() == "interviewed"
        assert (
            panel_eval(page, "return sr(hosts()[0]).activeElement?.getAttribute('data-etiquette-field');")
            == "company"
        )
        page.keyboard.press("Tab")
        page.keyboard.type("Data Engineer")
        assert panel(page).get_by_label("Position").input_value() == "Data Engineer"
        # The interview was ten days ago: from here on only the logged Send can make a follow-up early.
        ten_days_ago = (datetime.now() - timedelta(days=10)).strftime("%Y-%m-%dT10:00")
        panel(page).get_by_label("Interview date and time").fill(ten_days_ago)
        screenshot(page, "panel-tracker-form")
        panel(page).get_by_label("Position").press("Enter")  # submits the form
        wait_tracker(page, "matched")

        stored = interviews_for(tracker_backend, email)
        assert len(stored) == 1
        iv = stored[0]
        assert (iv["company"], iv["position"], iv["interviewer"], iv["interviewer_email"]) == (
            "Acme Analytics",
            "Data Engineer",
            "Siobhan",
            email,
        )
        assert iv["interview_at"].startswith(ten_days_ago) and iv["stage"] == "interviewed"
        assert panel_eval(
            page, "return inPanels('[data-etiquette-interview]')[0].getAttribute('data-interview-id');"
        ) == str(iv["id"])
        # Typing "c" in a form field must not reach the page (Gmail's compose shortcut): nothing leaked.
        assert page.evaluate("() => document.querySelectorAll('#moles > *').length") == 1

        page.click(f"#{cid} {GMAIL_EDITOR}")
        page.keyboard.type(THANK_YOU)
        wait_settled(page)
        assert not [w for w in warnings(page) if w["severity"] == "error"], warnings(page)
        # Send clicked twice in quick succession, then Ctrl+Enter on the same draft: one message.
        page.click(f"#{cid} [data-tooltip^=Send]")
        page.click(f"#{cid} [data-tooltip^=Send]")
        page.click(f"#{cid} {GMAIL_EDITOR}")
        page.keyboard.press("Control+Enter")
        assert page.evaluate("() => window.__sent") == 2  # the webmail's own Send ran each time
        wait_logged(page, "thank_you")
        # "Mark as sent" on the same draft does not log it again either.
        panel(page).locator('[data-etiquette-action="mark-sent"]').click()
        wait_settled(page)
        logged = messages(tracker_backend, iv["id"])
        assert [m["kind"] for m in logged] == ["thank_you"], logged

        # The next draft to the same person is about the same interview and follows its history.
        page.evaluate("(id) => closeCompose(id)", cid)
        cid2 = page.evaluate("(to) => openCompose(to)", email)
        page.click(f"#{cid2} {GMAIL_EDITOR}")
        wait_tracker(page, "matched")
        page.keyboard.type(FOLLOW_UP)
        wait_warning(page, "timing")
        wait_settled(page)
        timing = [w for w in warnings(page) if w["category"] == "timing"]
        assert timing, warnings(page)
        hint = panel(page).locator("[data-etiquette-next-step]")
        assert hint.get_attribute("data-etiquette-next-step") == "follow_up"
        text = hint.text_content()
        assert "You can follow up from" in text and "your last message" in text, text
        screenshot(page, "panel-tracker-next-step")
        assert page_errors(tb) == []
    finally:
        page.close()


def test_edit_the_interview_from_the_panel(tb, tracker_backend):
    email = "lena.fischer@northwind-traders.de"
    iv = api(
        tracker_backend,
        "POST",
        "/api/v1/interviews",
        {"company": "Northwind", "interviewer": "Lena Fischer", "interviewer_email": email},
    )
    page = tb.open("gmail")
    try:
        cid = page.evaluate("(to) => openCompose(to)", email)
        page.click(f"#{cid} {GMAIL_EDITOR}")
        wait_tracker(page, "matched")
        panel(page).locator('[data-etiquette-action="edit-interview"]').click()
        assert panel(page).get_by_label("Company").input_value() == "Northwind"
        panel(page).get_by_label("Company").fill("Northwind Traders")
        panel(page).get_by_label("Decision expected by").fill("2026-12-04")
        panel(page).get_by_label("Stage").select_option("offer")
        panel(page).locator('[data-etiquette-action="save-interview"]').click()
        panel_wait(
            page,
            "return inPanels('[data-etiquette-interview=matched]').some(e => txt(e).includes('Northwind Traders'));",
        )
        stored = api(tracker_backend, "GET", f"/api/v1/interviews/{iv['id']}")
        assert (stored["company"], stored["decision_by"][:10], stored["stage"]) == (
            "Northwind Traders",
            "2026-12-04",
            "offer",
        )
        assert stored["interviewer"] == "Lena Fischer"
    finally:
        page.close()


@pytest.mark.parametrize(
    "site,email,editor,send",
    [
        (
            "outlook",
            "sam.rivera@contoso.com",
            'div[role=textbox][aria-label^="Message body"]',
            'button[aria-label="Send"]',
        ),
        ("yahoo", "priya.shah@globex.com", "[data-test-id=rte]", "[data-test-id=compose-send-button]"),
    ],
)
def test_send_is_logged_in_outlook_and_yahoo(tb, tracker_backend, site, email, editor, send):
    iv = api(
        tracker_backend,
        "POST",
        "/api/v1/interviews",
        {"company": site.title() + " employer", "interviewer_email": email},
    )
    page = tb.open(site)
    try:
        if site == "yahoo":
            page.click("text=Compose")
        # The tracker shows only after the user's own input in a compose the extension has seen, so
        # click once its panel is there (a click that lands first is, rightly, not counted).
        page.wait_for_selector("[data-etiquette-panel]", state="attached", timeout=10000)
        page.click(editor)
        wait_tracker(page, "matched", timeout=15000)
        page.keyboard.press("Control+Home")
        page.keyboard.type(
            "Thank you for the interview today. I enjoyed our conversation and I am keen on the role. "
        )
        wait_settled(page)
        page.keyboard.press("Control+Enter")
        page.click(send)
        wait_logged(page, "thank_you")
        wait_settled(page)
        assert [m["kind"] for m in messages(tracker_backend, iv["id"])] == ["thank_you"]
    finally:
        page.close()


def test_send_held_by_the_guard_is_not_logged_send_anyway_is(tb, tracker_backend):
    email = "tomas.novak@tailspin-toys.com"
    iv = api(
        tracker_backend,
        "POST",
        "/api/v1/interviews",
        {"company": "Tailspin Toys", "interviewer_email": email},
    )
    page = tb.open("gmail")
    try:
        page.evaluate("() => { window.__sent = 0; }")
        cid = page.evaluate("(to) => openCompose(to)", email)
        page.click(f"#{cid} {GMAIL_EDITOR}")
        wait_tracker(page, "matched")
        page.keyboard.type(
            "Hi Tomas, thank you for the interview today. What salary do you offer for the role?"
        )
        wait_warning(page, "salary")
        wait_settled(page)
        page.click(f"#{cid} [data-tooltip^=Send]")
        panel(page).locator("[data-etiquette-guard]").wait_for()
        page.keyboard.press("Control+Enter")  # focus is on the notice now: not a Send of this compose
        wait_settled(page)
        assert page.evaluate("() => window.__sent") == 0
        assert messages(tracker_backend, iv["id"]) == []
        panel(page).locator('[data-etiquette-action="send-anyway"]').click()
        page.wait_for_function("() => window.__sent === 1")
        wait_logged(page, "thank_you")
        assert [m["kind"] for m in messages(tracker_backend, iv["id"])] == ["thank_you"]
    finally:
        page.close()


def test_send_that_closes_the_compose_on_press_is_logged(tb, tracker_backend):
    email = "amara.diallo@woodgrove-bank.com"
    iv = api(
        tracker_backend,
        "POST",
        "/api/v1/interviews",
        {"company": "Woodgrove Bank", "interviewer_email": email},
    )
    page = tb.open("gmail")
    try:
        page.evaluate("() => { window.__sent = 0; window.__sendOnPress = true; }")
        cid = page.evaluate("(to) => openCompose(to)", email)
        page.click(f"#{cid} {GMAIL_EDITOR}")
        wait_tracker(page, "matched")
        page.keyboard.type(
            "Hi Amara, thank you for the interview today. I am very keen on the role. Best, Jordan"
        )
        wait_settled(page)
        page.click(f"#{cid} [data-tooltip^=Send]")
        panel_wait(page, "return hosts().length === 0;")  # compose and panel gone
        assert page.evaluate("() => window.__sent") == 1
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not messages(tracker_backend, iv["id"]):
            time.sleep(0.1)
        assert [m["kind"] for m in messages(tracker_backend, iv["id"])] == ["thank_you"]
        assert page_errors(tb) == []
    finally:
        page.close()


def test_backend_down_during_send_still_sends_and_logs_later(tb, tracker_backend):
    email = "dara.okafor@fabrikam.com"
    iv = api(
        tracker_backend, "POST", "/api/v1/interviews", {"company": "Fabrikam", "interviewer_email": email}
    )
    page = tb.open("gmail")
    try:
        page.evaluate("() => { window.__sent = 0; }")
        cid = page.evaluate("(to) => openCompose(to)", email)
        page.click(f"#{cid} {GMAIL_EDITOR}")
        wait_tracker(page, "matched")
        page.keyboard.type(
            "Hi Dara, thank you for the interview today. I am very keen on the role. Best, Jordan"
        )
        wait_settled(page)
        tracker_backend.stop()
        page.click(f"#{cid} [data-tooltip^=Send]")
        page.wait_for_function("() => window.__sent === 1")
        wait_logged(page, "queued")
        assert page_errors(tb) == []
    finally:
        tracker_backend.start()
    try:
        # Once the backend answers again, the queued Send is logged (once).
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not messages(tracker_backend, iv["id"]):
            time.sleep(0.25)
        assert [m["kind"] for m in messages(tracker_backend, iv["id"])] == ["thank_you"]
        assert page_errors(tb) == []
    finally:
        page.close()


def test_add_to_calendar_from_the_panel_gives_the_next_steps_day(tb, tracker_backend):
    import datetime as dt

    import icalendar

    email = "rowan@bakehouse.example"
    interview_at = (dt.datetime.now(dt.UTC) - dt.timedelta(days=3)).replace(microsecond=0)
    api(
        tracker_backend,
        "POST",
        "/api/v1/interviews",
        {
            "company": "Bakehouse",
            "position": "Sous Chef",
            "interviewer": "Rowan",
            "interviewer_email": email,
            "interview_at": interview_at.isoformat(),
        },
    )
    page = tb.open("gmail")
    try:
        cid = page.evaluate("(to) => openCompose(to)", email)
        wait_status(page, "online")
        page.click(f"#{cid} {GMAIL_EDITOR}")
        wait_tracker(page, "matched")
        page.keyboard.type(FOLLOW_UP.replace("Siobhan", "Rowan").replace("Data Engineer", "Sous Chef"))
        wait_warning(page, "timing")
        button = panel(page).locator('[data-etiquette-action="add-to-calendar"]')
        button.wait_for()
        with page.expect_download() as info:
            button.click()
        download = info.value
        path = download.path()
        event = icalendar.Calendar.from_ical(Path(path).read_bytes()).walk("VEVENT")[0]
        day = panel(page).locator("[data-etiquette-next-step]").get_attribute("data-date")
        assert (
            download.suggested_filename
            == f"follow-up-{day}-interview-" + download.suggested_filename.split("-interview-")[1]
        )
        start = event.decoded("dtstart").astimezone(interview_at.astimezone().tzinfo)
        assert start.date().isoformat() == day
        assert "Sous Chef at Bakehouse" in str(event["summary"])
        assert "http" not in Path(path).read_text(encoding="utf-8")
    finally:
        page.close()
