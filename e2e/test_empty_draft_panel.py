"""A draft with nothing of the user's own to check is a state of its own in the panel: no verdict,
never "Ready to send" (the API answers verdict "empty" for it)."""

from __future__ import annotations

import pytest
from etq_probes import panel_text, panel_wait, wait_status, wait_verdict

EDITOR = "[g_editable=true][contenteditable=true]"
NO_VERDICT = "return inPanels('[data-etiquette-verdict]').length === 0 && hosts().length > 0;"


@pytest.fixture(scope="module")
def gmail(browser):
    page = browser.open("gmail")
    yield page
    page.close()


@pytest.mark.parametrize("blank", ["   ", "-- \nJordan Lee"], ids=["whitespace", "signature only"])
def test_a_draft_with_a_subject_but_nothing_written_shows_no_verdict(gmail, blank):
    page = gmail
    page.evaluate("() => { document.getElementById('moles').textContent = ''; }")
    cid = page.evaluate("() => openCompose()")
    wait_status(page, "online")
    page.fill(f"#{cid} input[name=subjectbox]", "Thank you for today")
    page.click(f"#{cid} {EDITOR}")
    page.keyboard.type("What is the salary?")
    assert wait_verdict(page) == "fix"
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(blank)
    panel_wait(page, NO_VERDICT)
    text = panel_text(page)
    assert "Ready to send" not in text and "Empty draft" in text, text
