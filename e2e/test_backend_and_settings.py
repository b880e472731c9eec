"""Backend outages, the token, the options page and the background worker's guard rails.

This module runs its own backend process (it stops and restarts it) and its own browser profile."""

from __future__ import annotations

import json
import urllib.request

from etq_e2e import Backend, backend_fixture, browser_fixture
from etq_probes import editor_text, panel, panel_eval, panel_wait, wait_rule, wait_status, wait_warning

EDITOR = "[g_editable=true][contenteditable=true]"


own_backend = backend_fixture("own_backend")
browser2 = browser_fixture("browser2", backend="own_backend")


def set_storage(browser, values: dict):
    browser.sw.evaluate("v => chrome.storage.local.set(v)", values)


def get_storage(browser, key: str):
    return browser.sw.evaluate("k => chrome.storage.local.get(k).then(s => s[k])", key)


def test_backend_stopped_then_restarted_typing_undisturbed(browser2, own_backend):
    page = browser2.open("gmail")
    try:
        page.evaluate("() => openCompose()")
        wait_status(page, "online")
        page.click(EDITOR)
        page.keyboard.type("Thank you for the interview. What is the salary?")
        wait_warning(page, "salary")

        own_backend.stop()
        page.keyboard.type(" I am still very keen on the role.")
        wait_status(page, "offline")
        # The panel says how to start the backend, and nothing was lost or changed in the draft.
        offline_text = panel_eval(page, "return txt(sr(hosts()[0]));")
        assert (
            "etiquette service install" in offline_text and "etiquette serve" in offline_text
        )  # was make run (issue 10)
        page.keyboard.type(" Best, Jordan")
        assert editor_text(page, EDITOR) == (
            "Thank you for the interview. What is the salary? I am still very keen on the role. Best, Jordan"
        )

        own_backend.start()
        # Retries with back-off bring it back without the user doing anything.
        wait_status(page, "online", timeout=20000)
        wait_warning(page, "salary", timeout=20000)
        assert [e for e in browser2.errors if "pageerror" in e or "etiquette" in e.lower()] == []
    finally:
        page.close()


def test_personal_dictionary_and_site_switch(browser2, own_backend):
    page = browser2.open("gmail")
    try:
        page.evaluate("() => openCompose()")
        wait_status(page, "online")
        page.click(EDITOR)
        page.keyboard.type(
            "Thank you for the interview. I enjoyed the talk about glorp and I am still keen on the role."
        )
        wait_rule(page, "proofreading.spelling")
        panel(page).locator("button", has_text="Add to dictionary").first.click()
        wait_rule(page, "proofreading.spelling", present=False)
        assert "glorp" in get_storage(browser2, "dictionary")

        # Switched off for this site from the popup's setting: the panel goes, and comes back.
        set_storage(browser2, {"disabledSites": ["mail.google.com"]})
        panel_wait(page, "return hosts().length === 0;")
        set_storage(browser2, {"disabledSites": []})
        panel_wait(page, "return hosts().length === 1;")
        # Disabling a category in the options hides its warnings.
        page.click(EDITOR)
        page.keyboard.press("Control+End")
        page.keyboard.type(" What is the salary?")
        wait_warning(page, "salary")
        set_storage(browser2, {"disabled": ["salary"]})
        wait_warning(page, "salary", present=False)
        set_storage(browser2, {"disabled": []})
    finally:
        page.close()


def test_token_is_sent_as_bearer_and_a_wrong_one_shows_offline(browser2, own_backend, tmp_path_factory):
    db_dir = tmp_path_factory.mktemp("db3")
    token_file = db_dir / "token"  # never on the command line (issue 11): a file only we can read
    token_file.write_text("correct-horse-battery-staple")
    token_file.chmod(0o600)
    secured = Backend(str(db_dir / "etiquette.sqlite3"), "--token-file", str(token_file))
    secured.start()
    page = browser2.open("gmail")
    try:
        set_storage(browser2, {"backendUrl": secured.url, "token": "wrong-token"})
        page.evaluate("() => openCompose()")
        page.click(EDITOR)
        page.keyboard.type("Thank you for the interview. What is the salary?")
        wait_status(page, "offline")
        assert "token" in panel_eval(page, "return txt(sr(hosts()[0]));")
        set_storage(browser2, {"token": "correct-horse-battery-staple"})
        wait_status(page, "online", timeout=15000)
        wait_warning(page, "salary")
    finally:
        page.close()
        secured.stop()
        set_storage(browser2, {"backendUrl": own_backend.url, "token": own_backend.token})


def test_worker_refuses_bad_messages_and_non_local_backends(browser2, own_backend):
    page = browser2.ctx.new_page()
    try:
        page.goto(f"chrome-extension://{browser2.extension_id}/options/options.html")
        send = "m => chrome.runtime.sendMessage(m)"
        assert page.evaluate(send, {"type": "fetch", "url": "http://evil.example/"})["ok"] is False
        assert page.evaluate(send, {"type": "check", "text": "x" * 20001})["ok"] is False
        assert page.evaluate(send, {"type": "render", "id": "../../api/v1/interviews"})["ok"] is False
        set_storage(browser2, {"backendUrl": "http://192.168.1.20:5455"})
        reply = page.evaluate(send, {"type": "health"})
        assert reply["ok"] is False and reply["reason"] == "config"
        set_storage(browser2, {"backendUrl": own_backend.url, "token": own_backend.token})
        assert page.evaluate(send, {"type": "health"})["ok"] is True

        # The options page refuses a non-local address unless explicitly allowed, and saves the rest.
        page.reload()
        page.fill("#backendUrl", "http://attacker.example:5455")
        page.fill("#dictionary", "Siobhan\ndbt")
        page.click("button[type=submit]")
        page.wait_for_function("() => document.getElementById('saved').textContent.length > 0")
        assert "127.0.0.1" in page.text_content("#saved")
        assert get_storage(browser2, "backendUrl") == own_backend.url
        page.fill("#backendUrl", own_backend.url + "/")
        page.uncheck("#categories input[value=length]")
        page.click("button[type=submit]")
        page.wait_for_function("() => document.getElementById('saved').textContent === 'Saved.'")
        assert get_storage(browser2, "backendUrl") == own_backend.url
        assert get_storage(browser2, "dictionary") == ["Siobhan", "dbt"]
        assert get_storage(browser2, "disabled") == ["length"]
        set_storage(browser2, {"disabled": [], "dictionary": []})
    finally:
        page.close()


def test_options_page_keeps_a_rule_switched_off_under_its_old_id(browser2, own_backend):
    # salary.amount is currency_amount's old id (its `aliases`): the switch shows off, is not called
    # unknown, and Save stores the id it has now; an id no rule ever had is still named and dropped.
    set_storage(browser2, {"disabled": ["salary.amount", "tone.no_such_rule"]})
    page = browser2.ctx.new_page()
    try:
        page.goto(f"chrome-extension://{browser2.extension_id}/options/options.html")
        page.wait_for_selector("#categories input[data-kind=rule]")
        assert not page.is_checked("#categories input[value='salary.currency_amount']")
        assert page.is_checked("#categories input[value='salary.pay']")
        note = page.text_content("#unknownRules")
        assert "tone.no_such_rule" in note and "salary.amount" not in note
        page.click("button[type=submit]")
        page.wait_for_function("() => document.getElementById('saved').textContent === 'Saved.'")
        assert get_storage(browser2, "disabled") == ["salary.currency_amount"]
    finally:
        set_storage(browser2, {"disabled": []})
        page.close()


def test_popup_shows_status(browser2, own_backend):
    page = browser2.ctx.new_page()
    try:
        page.goto(f"chrome-extension://{browser2.extension_id}/popup/popup.html")
        page.wait_for_selector('[data-etiquette-status="online"]')
        own_backend.stop()
        page.reload()
        page.wait_for_selector('[data-etiquette-status="offline"]')
        assert "etiquette service install" in page.text_content("body")  # was make run (issue 10)
    finally:
        own_backend.start()
        page.close()


def test_popup_switches_the_panel_off_and_on_for_the_current_site(browser2, own_backend):
    gmail = browser2.open("gmail")
    popup = browser2.ctx.new_page()
    try:
        gmail.evaluate("() => openCompose()")
        wait_status(gmail, "online")
        popup.goto(f"chrome-extension://{browser2.extension_id}/popup/popup.html")
        # The popup acts on the active tab: make the webmail the active one, then load the popup.
        gmail.bring_to_front()
        popup.reload()
        popup.wait_for_selector("#site:not([hidden])")
        assert "mail.google.com" in popup.text_content("#siteLabel")
        assert popup.is_checked("#siteToggle")
        popup.uncheck("#siteToggle")
        panel_wait(gmail, "return hosts().length === 0;")
        assert get_storage(browser2, "disabledSites") == ["mail.google.com"]
        popup.check("#siteToggle")
        panel_wait(gmail, "return hosts().length === 1;")
    finally:
        popup.close()
        gmail.close()
        set_storage(browser2, {"disabledSites": []})


def test_unpaired_the_panel_says_how_to_pair_and_checks_go_on_then_pairing_in_options_brings_the_tracker(
    browser2, own_backend
):
    email = "yuki.sato@wingtip-toys.com"
    urllib.request.urlopen(
        urllib.request.Request(
            own_backend.url + "/api/v1/interviews",
            method="POST",
            headers={"Content-Type": "application/json"},
            data=json.dumps({"company": "Wingtip Toys", "interviewer_email": email}).encode(),
        ),
        timeout=10,
    ).close()
    set_storage(browser2, {"token": ""})
    page = browser2.open("gmail")
    options = browser2.ctx.new_page()
    try:
        page.evaluate("(to) => openCompose(to)", email)
        page.click(EDITOR)
        page.keyboard.type("Thank you for the interview. What is the salary?")
        wait_warning(page, "salary")  # checks work unpaired
        panel_wait(page, "return inPanels('[data-etiquette-interview=not_paired]').length > 0;")
        row = panel_eval(page, "return txt(inPanels('[data-etiquette-interview]')[0]);")
        assert "etiquette pair" in row and "Options" in row, row
        # A wrong code is refused in the options page, a fresh one pairs.
        options.goto(f"chrome-extension://{browser2.extension_id}/options/options.html")
        options.fill("#pairCode", "0000-0000")
        options.click("#pair")
        options.wait_for_function(
            "() => document.getElementById('pairResult').textContent.startsWith('Not paired:')"
        )
        assert get_storage(browser2, "token") == ""
        options.fill("#pairCode", own_backend.pairing_code())
        options.click("#pair")
        options.wait_for_function(
            "() => document.getElementById('pairResult').textContent.startsWith('Paired:')"
        )
        assert get_storage(browser2, "token")
        panel_wait(page, "return inPanels('[data-etiquette-interview=matched]').length > 0;", timeout=15000)
    finally:
        options.close()
        page.close()
        own_backend.token = get_storage(browser2, "token") or own_backend.token
        set_storage(browser2, {"token": own_backend.token})
