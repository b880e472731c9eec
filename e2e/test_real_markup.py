"""Pages built after real webmail markup (etq_pages.py, facts from shared/realdom/): each failure the
captures showed, tested as it happened — an Outlook recipient shown by name only, Send in a Chinese UI,
Yahoo's ydp-prefixed quote, a To field that looks like a body, another extension's button next to Gmail's
Send, a Gmail forward's note — then the panel's placement at two window sizes on every page, and the
dates the employer's quoted message gives, proposed and stored with one click."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from datetime import date, datetime, timedelta

import pytest
from etq_probes import (
    click_in_panel,
    panel_count,
    panel_eval,
    panel_geometry,
    panel_wait,
    wait_rule,
    wait_settled,
    wait_status,
    wait_warning,
    warnings,
    word_rects,
)

EDITORS = {
    "gmail": "[g_editable=true]",
    "outlook": "#editorParent_1 [role=textbox]",
    "yahoo": "[data-test-id=rte]",
}
FIXTURES = {  # fixture -> (site, the recruiter it replies to)
    "gmail-reply-pane": ("gmail", "siobhan.odonnell@acme-analytics.example"),
    "gmail-reply-trimmed": ("gmail", "mia.chen@contoso.example"),
    "gmail-forward": ("gmail", "mentor@example.org"),
    "outlook-reply-names": ("outlook", "priya.shah@northwind.example"),
    "outlook-reply-zh": ("outlook", "priya.shah@northwind.example"),
    "outlook-to-field": ("outlook", "priya.shah@northwind.example"),
    "yahoo-reopened": ("yahoo", "tomas.novak@fabrikam.example"),
    "yahoo-marker": ("yahoo", "tomas.novak@fabrikam.example"),
}
CLEAN = (
    "Hi there, thank you for the interview yesterday. I enjoyed hearing how the team moved the nightly "
    "jobs to dbt, and I am very keen on the role. Best regards, Jordan"
)
FOLLOW_UP = (
    "Hi there, I hope you are well. I wanted to follow up on my application for the Analytics Engineer "
    "role and ask whether there is any news. I remain very interested. Best regards, Jordan"
)


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


def interview(backend, email: str, **fields) -> dict:
    """The tracked interview with `email`, created (or reset to `fields`) for this test."""
    found = api(backend, "GET", "/api/v1/interviews?email=" + urllib.parse.quote(email))
    body = {
        "interview_at": (datetime.now() - timedelta(days=9)).replace(microsecond=0).isoformat(),
        "decision_by": None,
        **fields,
    }
    if found:
        return api(backend, "PATCH", f"/api/v1/interviews/{found[0]['id']}", body)
    return api(backend, "POST", "/api/v1/interviews", {"company": "Acme", "interviewer_email": email, **body})


@pytest.fixture(scope="module", autouse=True)
def tracked(backend):
    """The recruiters of these pages are tracked before any page opens (the worker caches a look-up that
    found nobody for a minute)."""
    return {
        email: interview(backend, email) for _, email in FIXTURES.values() if not email.startswith("mentor")
    }


def message_count(backend, interview_id: int) -> int:
    return len(api(backend, "GET", f"/api/v1/interviews/{interview_id}/messages"))


def open_fixture(browser, name: str, viewport=(1400, 900)):
    site = FIXTURES[name][0]
    page = browser.open(site, "?fixture=" + name)
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page.wait_for_selector("[data-etiquette-panel]", state="attached", timeout=10000)
    wait_status(page, "online")
    return page, EDITORS[site]


def type_at_start(page, editor: str, text: str):
    """Click into the draft's first line and type there, like a user starting a reply."""
    box = page.locator(editor).bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 10)
    page.keyboard.press("Control+Home")
    page.keyboard.type(text)


def wait_tracker(page, state: str, timeout: float = 10000):
    panel_wait(
        page,
        "return inPanels('[data-etiquette-interview=\"' + arg + '\"]').length > 0;",
        arg=state,
        timeout=timeout,
    )


def record_checks(browser):
    """From now on the service worker keeps the body of every /api/v1/check it sends."""
    browser.sw.evaluate("""() => {
      self.__checkBodies = [];
      if (!self.__fetchRecorded) {
        const real = self.fetch.bind(self);
        self.fetch = (url, opts) => {
          if (String(url).includes('/api/v1/check') && opts && opts.body) {
            self.__checkBodies.push(JSON.parse(opts.body));
          }
          return real(url, opts);
        };
        self.__fetchRecorded = true;
      }
    }""")


def checked_texts(browser) -> list[str]:
    return [b["text"] for b in browser.sw.evaluate("() => self.__checkBodies")]


def text_rects(page, editor: str) -> list[dict]:
    """The boxes of every line of text in the editor (the draft, its signature and its quote)."""
    return page.evaluate(
        """(sel) => {
      const out = [];
      const it = document.createNodeIterator(document.querySelector(sel), NodeFilter.SHOW_TEXT);
      for (let n = it.nextNode(); n; n = it.nextNode()) {
        if (!n.nodeValue.trim()) continue;
        const r = document.createRange(); r.selectNodeContents(n);
        for (const b of r.getClientRects()) if (b.width > 0.5) out.push({left: b.left, top: b.top,
          right: b.right, bottom: b.bottom});
      }
      return out;
    }""",
        editor,
    )


def intersects(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


# ------------------------------------------------------------------------------------------------
# The failures the real markup showed


def test_outlook_recipient_shown_by_name_only_is_matched_and_send_logged(browser, backend):
    iv = interview(backend, "priya.shah@northwind.example")
    before = message_count(backend, iv["id"])
    page, editor = open_fixture(browser, "outlook-reply-names")
    try:
        type_at_start(page, editor, CLEAN)
        wait_tracker(page, "matched")  # the chip says "Priya Shah"; her address is in the reply header
        wait_settled(page)
        page.click("#splitButton-ro__primaryActionButton")
        assert page.evaluate("window.sends") == 1
        panel_wait(page, "return inPanels('[data-etiquette-logged]').length > 0;")
        assert message_count(backend, iv["id"]) == before + 1
    finally:
        page.close()


def test_outlook_send_in_a_chinese_ui_is_found_guarded_and_logged(browser, backend):
    iv = interview(backend, "priya.shah@northwind.example")
    before = message_count(backend, iv["id"])
    page, editor = open_fixture(browser, "outlook-reply-zh")
    try:
        type_at_start(page, editor, CLEAN + " What is the salary for the role?")
        wait_tracker(page, "matched")
        wait_warning(page, "salary")
        wait_settled(page)
        page.click("#splitButton-ro__primaryActionButton")  # aria-label "发送"
        panel_wait(page, "return inPanels('[data-etiquette-guard]').length > 0;")
        assert page.evaluate("window.sends") == 0, "a fix verdict must hold Send in any UI language"
        click_in_panel(page, '[data-etiquette-action="send-anyway"]')
        page.wait_for_function("window.sends === 1")
        panel_wait(page, "return inPanels('[data-etiquette-logged]').length > 0;")
        assert message_count(backend, iv["id"]) == before + 1
    finally:
        page.close()


def test_an_outlook_to_field_with_the_attributes_of_a_body_gets_no_panel(browser):
    page, editor = open_fixture(browser, "outlook-to-field")
    try:
        type_at_start(page, editor, "Thank you for the interview. What is the salary?")
        wait_warning(page, "salary")
        page.click("[aria-label=To]")
        page.keyboard.type("x")
        page.wait_for_timeout(400)  # longer than the page scan delay
        assert panel_count(page) == 1
    finally:
        page.close()


@pytest.mark.parametrize("name", ["yahoo-reopened", "yahoo-marker"])
def test_yahoo_quote_with_the_ydp_prefix_or_after_the_marker_is_never_sent_to_the_checker(browser, name):
    record_checks(browser)
    page, editor = open_fixture(browser, name)
    try:
        type_at_start(page, editor, CLEAN)
        wait_settled(page)
        texts = checked_texts(browser)
        assert texts and any("dbt" in t for t in texts)
        for t in texts:
            for quoted in ("salary band", "holiday allowance", "Thx", "!!!", "wrote:"):
                assert quoted not in t, (quoted, t)
        assert not {w["category"] for w in warnings(page)} & {"salary", "tone"}, warnings(page)
    finally:
        page.close()


def test_gmail_send_is_found_past_another_extensions_button_and_guarded(browser):
    page, editor = open_fixture(browser, "gmail-reply-pane")
    try:
        type_at_start(page, editor, "Thank you for the interview. What is the salary?")
        wait_warning(page, "salary")
        wait_settled(page)
        page.click("[class^=inboxsdk_]")  # the other extension's button is not our Send: no guard
        assert page.evaluate("window.sdkClicks") == 1
        assert panel_eval(page, "return inPanels('[data-etiquette-guard]').length;") == 0
        page.click("#\\:79")
        panel_wait(page, "return inPanels('[data-etiquette-guard]').length > 0;")
        assert page.evaluate("window.sends") == 0
    finally:
        page.close()


def test_gmail_forward_note_inside_the_quote_container_is_checked(browser):
    record_checks(browser)
    page, editor = open_fixture(browser, "gmail-forward")
    try:
        page.click(editor)
        wait_warning(page, "salary")  # "ask them what the salary is?" in the user's own note
        wait_settled(page)
        texts = checked_texts(browser)
        assert any("forwarding the note" in t for t in texts)
        assert all("ASAP" not in t and "Forwarded message" not in t for t in texts), texts
        assert not [w for w in warnings(page) if w["category"] == "tone"], warnings(page)
    finally:
        page.close()


# ------------------------------------------------------------------------------------------------
# Placement: the panel never hides a flagged word


SIZES = [(1280, 800), (1024, 700)]
SIZE_IDS = ["1280x800", "1024x700"]
# The older fixture pages too: (site, URL suffix, what opens the compose, its editor).
OLDER = {
    "gmail-popup": ("gmail", "", "text=Compose", "[g_editable=true]"),
    "gmail-inline": ("gmail", "", "openInlineReply()", "#inline-reply [g_editable=true]"),
    "gmail-variant": (
        "gmail",
        "?fixture=gmail-variant",
        None,
        '[contenteditable=true][aria-label="Message Body"]',
    ),
    "outlook": ("outlook", "", None, 'div[role=textbox][contenteditable=true][aria-label^="Message body"]'),
    "outlook-variant": (
        "outlook",
        "?fixture=outlook-variant",
        None,
        '[contenteditable=true][aria-label="Message body"]',
    ),
    "yahoo": ("yahoo", "", "text=Compose", "[data-test-id=rte]"),
}


def assert_placement_keeps_the_draft_visible(page, editor: str):
    """Type a flagged word; the badge or card covers neither it nor (until opened) any line of the draft."""
    type_at_start(page, editor, "Thank you for the interview. What is the salary?")
    wait_warning(page, "salary")
    panel_wait(page, "return inPanels('[data-etiquette-highlight][data-category=salary]').length > 0;")
    wait_settled(page)
    geo = panel_geometry(page)
    word = word_rects(page, editor, "salary")[0]
    # On the word (a rule's box) or over its sentence (a meaning rule's box), on the word's line.
    assert any(
        h["left"] <= word["left"] + 1
        and h["right"] >= word["left"] + word["width"] - 1
        and abs(h["top"] - word["top"]) <= 1
        for h in geo["highlights"]
    ), (geo, word)
    shown = geo["badge"] if geo["placement"] == "badge" else geo["card"]
    assert shown, geo
    assert not any(intersects(shown, h) for h in geo["highlights"]), geo
    # Until the user opens it, the panel hides no line of the draft at all.
    covered = [t for t in text_rects(page, editor) if intersects(shown, t)]
    assert not covered, (geo, covered)
    if geo["placement"] == "badge":
        # Verdict colour and count on the badge; a click opens the card, still off every flagged word.
        assert (
            panel_eval(page, "return inPanels('[data-etiquette-badge]')[0].getAttribute('data-verdict');")
            == "fix"
        )
        click_in_panel(page, "[data-etiquette-badge]")
        panel_wait(page, "return hosts()[0].getAttribute('data-etiquette-placement') === 'over';")
        geo = panel_geometry(page)
        assert geo["card"] and not any(intersects(geo["card"], h) for h in geo["highlights"]), geo


@pytest.mark.parametrize("viewport", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_the_panel_hides_no_flagged_word_and_no_line_of_the_draft_until_opened(browser, name, viewport):
    page, editor = open_fixture(browser, name, viewport)
    try:
        assert_placement_keeps_the_draft_visible(page, editor)
    finally:
        page.close()


@pytest.mark.parametrize("viewport", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("name", sorted(OLDER))
def test_the_older_fixture_pages_keep_the_draft_visible_too(browser, name, viewport):
    site, suffix, opener, editor = OLDER[name]
    page = browser.open(site, suffix)
    try:
        page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
        if opener and opener.startswith("text="):
            page.click(opener)
        elif opener:
            page.wait_for_function("() => typeof " + opener.split("(")[0] + " === 'function'")
            page.evaluate(opener)
        page.wait_for_selector(editor, timeout=10000)
        page.wait_for_selector("[data-etiquette-panel]", state="attached", timeout=10000)
        wait_status(page, "online")
        assert_placement_keeps_the_draft_visible(page, editor)
    finally:
        page.close()


def test_gmail_reply_in_a_centred_pane_at_1280_collapses_to_a_badge(browser):
    page, editor = open_fixture(browser, "gmail-reply-pane", (1280, 800))
    try:
        type_at_start(page, editor, "Thank you for the interview. What is the salary?")
        wait_warning(page, "salary")
        wait_settled(page)
        geo = panel_geometry(page)
        assert geo["placement"] == "badge" and geo["card"] is None, geo
        compose = page.locator(".M9").bounding_box()
        # At the compose's edge: the draft is not under it.
        assert geo["badge"]["left"] >= compose["x"] + compose["width"] - 1, (geo, compose)
    finally:
        page.close()


# ------------------------------------------------------------------------------------------------
# Dates from the thread


def end_of_next_week(day: date) -> date:
    return day - timedelta(days=day.weekday()) + timedelta(days=11)


@pytest.mark.parametrize(
    "name", ["gmail-reply-pane", "gmail-reply-trimmed", "outlook-reply-names", "yahoo-reopened"]
)
def test_the_decision_date_in_the_quote_is_offered_stored_with_one_click_and_used(browser, backend, name):
    email = FIXTURES[name][1]
    iv = interview(backend, email)
    expected = end_of_next_week(
        date.today() - timedelta(days=1)
    ).isoformat()  # the quote was written yesterday
    page, editor = open_fixture(browser, name)
    try:
        type_at_start(page, editor, FOLLOW_UP)
        wait_tracker(page, "matched")
        offer = panel_wait(
            page,
            """
          const p = inPanels('[data-etiquette-proposal][data-field="decision_by"]')[0];
          return p ? {value: p.getAttribute('data-value'), text: p.textContent} : null;""",
        )
        assert offer["value"] == expected
        assert "They said they would decide by" in offer["text"] and "use this date?" in offer["text"]
        # Offered, never applied by itself; and the advice does not know it yet.
        wait_settled(page)
        assert api(backend, "GET", f"/api/v1/interviews/{iv['id']}")["decision_by"] is None
        assert not [w for w in warnings(page) if w["rule"] == "timing.before_decision_date"]
        click_in_panel(
            page, '[data-etiquette-proposal][data-field="decision_by"] [data-etiquette-action="use-date"]'
        )
        panel_wait(page, "return inPanels('[data-etiquette-proposal]').length === 0;")
        assert api(backend, "GET", f"/api/v1/interviews/{iv['id']}")["decision_by"] == expected
        # The next check's timing advice uses it: a follow-up before the date they gave.
        wait_rule(page, "timing.before_decision_date")
    finally:
        page.close()
