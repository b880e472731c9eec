"""Pages shaped differently from our main fixtures: the adapters' fallback chains must still find the
compose, leave out the quote and the signature, and put the boxes on the right words."""

from __future__ import annotations

from etq_probes import (
    editor_text,
    foreign_nodes_in_editors,
    highlight_rects,
    wait_settled,
    wait_status,
    wait_warning,
    warnings,
    word_rects,
)

BODY = '[contenteditable=true][aria-label="Message Body"]'


def test_gmail_like_page_built_late_by_script(browser):
    page = browser.open("gmail", "?fixture=gmail-variant")
    try:
        page.wait_for_selector("[data-etiquette-panel]", state="attached", timeout=10000)
        wait_status(page, "online")
        page.click(BODY)
        page.keyboard.press("Control+Home")
        page.keyboard.type(
            "Dear Ana, 👋🏽 thank you for today, I am still keen on the role. Is the salary negotiable?"
        )
        wait_warning(page, "salary")
        wait_settled(page)
        # The signature and the quoted question (salary, ASAP, !!!) are not the user's words.
        assert len([w for w in warnings(page) if w["category"] == "salary"]) == 1
        quoted = [
            w
            for w in warnings(page)
            if "ASAP" in w["text"] or "!!!" in w["text"] or "benchmarks" in w["text"]
        ]
        assert quoted == [], warnings(page)
        word = word_rects(
            page, BODY, "Is the salary negotiable?"
        )  # the warning covers its sentence (issue 13)
        box = highlight_rects(page, "salary")
        assert len(box) == 1
        assert abs(box[0]["left"] - word[0]["left"]) <= 1.0 and abs(box[0]["top"] - word[0]["top"]) <= 1.0
        assert "salary benchmarks" in editor_text(page, BODY)
        assert foreign_nodes_in_editors(page, BODY) == []
    finally:
        page.close()


def test_outlook_like_page_with_nested_reply_header_and_signature(browser):
    body = '[contenteditable=true][aria-label="Message body"]'
    page = browser.open("outlook", "?fixture=outlook-variant")
    try:
        page.wait_for_selector("[data-etiquette-panel]", state="attached", timeout=10000)
        wait_status(page, "online")
        page.click(body)
        page.keyboard.press("Control+Home")
        page.keyboard.type("Hi Sam, thank you for the interview. I am keen on the role.")
        wait_settled(page)
        assert not [w for w in warnings(page) if w["category"] == "salary"], warnings(page)
        page.keyboard.type(" What salary do you pay?")
        wait_warning(page, "salary")
        assert len(highlight_rects(page, "salary")) == 1
        assert foreign_nodes_in_editors(page, body) == []
    finally:
        page.close()
