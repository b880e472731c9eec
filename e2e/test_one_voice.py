"""One coach, one voice, on every surface: the panel on each webmail, the playground and the options page
use the backend's labels, let the user correct the detected kind in one click, and tell the truth about
the connection. With ETQ_SCREENSHOTS=1 these tests also make the README's screenshots."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest
from etq_e2e import screenshot
from etq_probes import panel, panel_text, panel_wait, wait_settled, wait_status, wait_warning, warnings

GMAIL_EDITOR = "[g_editable=true][contenteditable=true]"
OUTLOOK_EDITOR = 'div[role=textbox][contenteditable=true][aria-label^="Message body"]'
YAHOO_EDITOR = "[data-test-id=rte]"
DRAFT = (
    "Hi Sam, thank you for the interview today. I enjoyed hearing about the move to Kubernetes and I am "
    "very keen on the role. What is the salary range?"
)


@pytest.fixture(scope="module")
def labels(backend):
    with urllib.request.urlopen(backend.url + "/api/v1/rules", timeout=10) as r:
        return json.load(r)["labels"]


def _kind_line(page):
    return panel(page).locator("[data-etiquette-kind]")


def test_gmail_panel_speaks_the_backends_words_and_takes_a_kind_correction(browser, labels):
    page = browser.open("gmail")
    try:
        cid = page.evaluate("() => openCompose('sam@acme-analytics.com')")
        wait_status(page, "online")
        page.click(f"#{cid} {GMAIL_EDITOR}")
        page.keyboard.type(DRAFT)
        wait_warning(page, "salary")
        wait_settled(page)
        text = panel_text(page)
        assert labels["verdicts"]["fix"] in text and labels["groups"]["error"] in text
        assert labels["categories"]["salary"]["label"] in text
        assert _kind_line(page).get_attribute("data-etiquette-kind") == "thank_you"
        assert labels["kinds"]["thank_you"] in _kind_line(page).text_content()
        # Each excerpt is shown once: beside the label only when the message does not already quote it.
        salary = panel(page).locator("[data-etiquette-warning][data-category=salary]")
        message = salary.locator(".msg").text_content()
        if salary.locator(".excerpt").count():
            assert salary.locator(".excerpt").text_content().strip("“”") not in message
        # One click: checked as a follow-up instead.
        switch = panel(page).locator('[data-etiquette-action="switch-kind"]')
        assert switch.text_content() == labels["kind_switch"]["thank_you"]["label"]
        switch.click()
        panel_wait(page, "return inPanels('[data-etiquette-kind=follow_up]').length === 1;")
        assert "Checked as" in _kind_line(page).text_content()
        # A script's click on the switch does nothing (only the user's own input counts).
        page.evaluate(
            "() => document.querySelectorAll('*').forEach((n) => n.shadowRoot && n.shadowRoot"
            ".querySelectorAll('[data-etiquette-action=switch-kind]').forEach((b) => b.click()))"
        )
        wait_settled(page)
        assert _kind_line(page).get_attribute("data-etiquette-kind") == "follow_up"
    finally:
        page.close()


@pytest.mark.parametrize("site, editor", [("outlook", OUTLOOK_EDITOR), ("yahoo", YAHOO_EDITOR)])
def test_outlook_and_yahoo_panels_use_the_same_words(browser, labels, site, editor):
    page = browser.open(site)
    try:
        if site == "yahoo":
            page.evaluate("() => typeof openCompose === 'function' && openCompose()")
        page.wait_for_selector("[data-etiquette-panel]", state="attached", timeout=10000)
        wait_status(page, "online")
        page.click(editor)
        page.keyboard.press("Control+Home")
        page.keyboard.type(DRAFT + " ")
        wait_warning(page, "salary")
        wait_settled(page)
        assert labels["verdicts"]["fix"] in panel_text(page)
        assert {w["category"] for w in warnings(page)} >= {"salary"}
        screenshot(page, f"panel-{site}")
    finally:
        page.close()


def test_options_page_tests_the_typed_address_and_lists_rules_as_switches(browser, backend, labels):
    page = browser.ctx.new_page()
    try:
        page.goto(f"chrome-extension://{browser.extension_id}/options/options.html")
        page.wait_for_selector("#categories input[data-kind=rule]")
        # Every category by the panel's name, and its rules with their descriptions.
        legends = page.locator("#categories legend").all_text_contents()
        assert [t.strip() for t in legends] == [c["label"] for c in labels["categories"].values()]
        assert page.locator("#categories input[data-kind=rule][value='salary.pay']").count() == 1
        assert page.locator("#rules").count() == 0  # no free-text field of rule ids
        # A wrong port typed (not saved) is what Test connection tests.
        page.fill("#backendUrl", "http://127.0.0.1:9")
        page.click("#test")
        page.wait_for_function(
            "() => !document.getElementById('testResult').textContent.startsWith('Testing')"
        )
        assert "not reachable" in page.text_content("#testResult")
        page.fill("#backendUrl", backend.url)
        page.click("#test")
        page.wait_for_function(
            "() => document.getElementById('testResult').textContent.startsWith('Connected')"
        )
        page.set_viewport_size({"width": 900, "height": 1300})
        screenshot(page, "options")
    finally:
        page.close()


@pytest.mark.parametrize("width", [1280, 400])
def test_playground_speaks_the_same_words(browser, backend, labels, width):
    page = browser.ctx.new_page()
    try:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(backend.url + "/")
        page.wait_for_selector('#kind option[value="thank_you"]', state="attached")
        page.fill("#draft", DRAFT.replace("Hi Sam, ", "Hi Sam,\n\n"))
        page.wait_for_selector('[data-etiquette-verdict="fix"]')
        assert page.text_content("#verdict").strip() == labels["verdicts"]["fix"]
        assert labels["groups"]["error"] in page.text_content("#groups")
        switch = page.locator("#kind-switch")
        assert switch.text_content() == labels["kind_switch"]["thank_you"]["label"]
        screenshot(page, f"playground-{width}", full_page=True)
        switch.click()
        page.wait_for_selector('#kind-detected[data-kind="follow_up"]')
        assert page.input_value("#kind") == "follow_up"
    finally:
        page.close()


def test_playground_adds_the_next_step_to_the_calendar(browser, backend):
    import icalendar

    page = browser.ctx.new_page()
    try:
        page.goto(backend.url + "/")
        page.fill("#interview-at", "2026-11-24T10:00")
        page.fill("#now", "2026-11-26T12:00")
        page.select_option("#kind", "follow_up")
        page.fill(
            "#draft",
            "Hi Sam,\n\nI'm following up on my interview for the analyst role; I remain keen.\n\nBest,\nJordan",
        )
        button = page.locator('#next-step [data-etiquette-action="add-to-calendar"]')
        button.wait_for()
        with page.expect_download() as info:
            button.click()
        assert info.value.suggested_filename == "follow-up-2026-12-01.ics"
        event = icalendar.Calendar.from_ical(Path(info.value.path()).read_bytes()).walk("VEVENT")[0]
        assert event.decoded("dtstart").astimezone().date().isoformat() == "2026-12-01"
    finally:
        page.close()


def test_playground_marks_the_words_where_you_type(browser, backend):
    page = browser.ctx.new_page()
    try:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(backend.url + "/")
        draft = "Hi Sam,\n\nThank you 😀 for the interview. What is the salary?\n\nBest,\nJordan"
        page.fill("#draft", draft)
        page.wait_for_selector('#preview mark[data-category="salary"]')
        # The mark layer is the textarea's twin: same box, same font, same wrapping, same text.
        twin = page.evaluate("""() => {
            const t = document.getElementById('draft'), p = document.getElementById('preview');
            const a = getComputedStyle(t), b = getComputedStyle(p), r = t.getBoundingClientRect(),
              q = p.getBoundingClientRect();
            const keys = ['fontFamily', 'fontSize', 'lineHeight', 'paddingLeft', 'paddingTop',
              'borderLeftWidth', 'borderTopWidth', 'whiteSpace'];
            return {same: keys.filter((k) => a[k] !== b[k]), dx: Math.abs(r.left - q.left), dy: Math.abs(r.top - q.top),
                    dw: Math.abs(r.width - q.width), text: p.textContent};
        }""")
        assert twin["same"] == [] and twin["dx"] < 1 and twin["dy"] < 1 and twin["dw"] < 1, twin
        assert twin["text"] == draft
        mark = page.locator('#preview mark[data-category="salary"]').first
        assert "salary" in mark.text_content() and mark.text_content() in draft
        box, area = mark.bounding_box(), page.locator("#draft").bounding_box()
        assert (
            area["x"] < box["x"] < area["x"] + area["width"]
            and area["y"] < box["y"] < area["y"] + area["height"]
        )
        # The caret on the word shows its warning.
        page.click("#draft")
        page.keyboard.press("Control+End")
        index = draft.index("salary") + 2
        page.evaluate(
            "(i) => { const t = document.getElementById('draft'); t.setSelectionRange(i, i); "
            "t.dispatchEvent(new KeyboardEvent('keyup')); }",
            index,
        )
        page.wait_for_selector('#preview mark.current[data-category="salary"]', state="attached")
    finally:
        page.close()


def test_playground_on_a_narrow_screen_keeps_the_verdict_in_sight_and_the_date_first(browser, backend):
    page = browser.ctx.new_page()
    try:
        page.set_viewport_size({"width": 400, "height": 800})
        page.goto(backend.url + "/")
        order = page.evaluate(
            "() => ['interview-at', 'subject', 'draft'].map((id) => "
            "document.getElementById(id).getBoundingClientRect().top)"
        )
        assert order[0] < order[1] < order[2], order
        page.fill("#draft", DRAFT)
        page.wait_for_selector('[data-etiquette-verdict="fix"]')
        page.locator("#groups").scroll_into_view_if_needed()
        top = page.evaluate("() => document.getElementById('verdict-bar').getBoundingClientRect().top")
        assert 0 <= top < 2, top
        assert page.locator("#verdict").is_visible()
    finally:
        page.close()


def test_template_blanks_are_a_to_do_list_until_you_edit(browser, backend):
    page = browser.ctx.new_page()
    try:
        page.goto(backend.url + "/")
        page.wait_for_selector('[data-etiquette-action="insert-thank-you"]')
        page.click('[data-etiquette-action="insert-thank-you"]')
        page.wait_for_selector('#verdict[data-etiquette-state="blanks"]')
        text = page.text_content("#verdict")
        assert text.strip().endswith("blanks to fill") and int(text.split()[0]) >= 2, text
        assert page.locator('[data-etiquette-warning][data-rule="proofreading.placeholders"]').count() == 0
        page.click("#next-blank")
        chosen = page.evaluate(
            "() => { const t = document.getElementById('draft'); return t.value.slice(t.selectionStart, "
            "t.selectionEnd); }"
        )
        assert chosen.startswith("[") and chosen.endswith("]"), chosen
        page.keyboard.type("Sam")  # the user has touched the draft: the rest are errors again
        page.wait_for_selector('[data-etiquette-warning][data-rule="proofreading.placeholders"]')
        assert page.get_attribute("#verdict", "data-etiquette-state") is None
    finally:
        page.close()


def test_panel_template_blanks_are_a_to_do_list_until_you_edit(browser):
    page = browser.open("gmail")
    try:
        cid = page.evaluate("() => openCompose('sam@acme-analytics.com')")
        wait_status(page, "online")
        page.click(f"#{cid} {GMAIL_EDITOR}")
        panel(page).locator('[data-etiquette-action="insert-thank-you"]').click()
        panel_wait(page, "return inPanels('[data-etiquette-blanks]').length === 1;")
        n = int(panel(page).locator("[data-etiquette-blanks]").get_attribute("data-etiquette-blanks"))
        assert n >= 2 and f"{n} blanks to fill" in panel_text(page)
        assert not [w for w in warnings(page) if w["rule"] == "proofreading.placeholders"]
        panel(page).locator('[data-etiquette-action="next-blank"]').click()
        chosen = ""
        for _ in range(50):  # the selection lands once the panel's handler has run
            chosen = page.evaluate("() => getSelection().toString()")
            if chosen:
                break
            page.wait_for_timeout(100)
        assert chosen.startswith("[") and chosen.endswith("]"), chosen
        page.keyboard.type("Sam")
        wait_settled(page)
        panel_wait(page, "return inPanels('[data-etiquette-blanks]').length === 0;")
        assert [w for w in warnings(page) if w["rule"] == "proofreading.placeholders"]
    finally:
        page.close()
