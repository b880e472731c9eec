"""The toolbar popup explains a tracker whose database cannot be used (health's `tracker` and
`reasons.tracker`), while checking goes on. Own backend (a damaged tracker file) and own browser."""

from __future__ import annotations

from etq_e2e import Browser, backend_fixture, launch

damaged_backend = backend_fixture(
    "damaged_backend", prepare=lambda db: db.write_bytes(b"notes, not a database\n" * 200)
)


def test_the_popup_says_the_tracker_is_unavailable_and_why(tmp_path_factory, damaged_backend):
    browser = Browser(*launch(tmp_path_factory, damaged_backend.url))
    try:
        page = browser.ctx.new_page()
        page.goto(f"chrome-extension://{browser.extension_id}/popup/popup.html")
        page.wait_for_selector('[data-etiquette-status="online"]')
        hint = page.wait_for_selector('[data-etiquette-tracker="unavailable"]', state="visible")
        text = hint.text_content()
        assert "tracker is unavailable" in text and "damaged" in text, text
        assert "etiquette.sqlite3" not in text  # the page is told no file path
        page.close()
    finally:
        browser.close()
