"""The playground at GET /: served with its own script and stylesheet, and usable in a real browser
against a real `etiquette serve` process (Debian's chromium through Playwright)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from etiquette.app import create_app
from etiquette.live_server import LiveServer
from playwright.sync_api import expect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# An emoji (two UTF-16 units, one code point) sits before both problems, so a highlight lands on the
# right word only if the page converts the API's code-point offsets correctly.
DRAFT = (
    "Dear Ms Patel,\n\n"
    "Thank you for meeting me yesterday 🙂 about the analyst role. I enjoyed hearing about the new "
    "forecasting dashboards and I am very keen on the position.\n\n"
    "Could you also tell me the salary range for this role? I hope to recieve good news soon.\n\n"
    "Best regards,\nJordan Lee\n"
)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.inline_script = ""
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.inline_script += data


@pytest.fixture()
def client(tmp_path, make_app):
    app = make_app(DATABASE=str(tmp_path / "etiquette.sqlite3"))
    return app.test_client()


def test_page_is_served_with_its_own_script_and_stylesheet(client):
    page = client.get("/", buffered=True)  # buffered: read and closed (a served file stays open otherwise)
    assert page.status_code == 200
    assert page.mimetype == "text/html"
    parsed = _Tags()
    parsed.feed(page.get_data(as_text=True))

    scripts = [attrs.get("src") for tag, attrs in parsed.tags if tag == "script"]
    styles = [
        attrs.get("href") for tag, attrs in parsed.tags if tag == "link" and attrs.get("rel") == "stylesheet"
    ]
    assert scripts == ["/static/playground.js"]
    assert styles == ["/static/playground.css"]
    # Under the page's CSP (script-src 'self') inline code would not run: there must be none.
    assert parsed.inline_script.strip() == ""
    assert not [a for _, attrs in parsed.tags for a in attrs if a.startswith("on")]
    # Nothing from another host: the page must work offline (a data: URL is the empty favicon).
    urls = [v for _, attrs in parsed.tags for k, v in attrs.items() if k in ("src", "href") and v]
    assert all(u.startswith("/") or u.startswith("data:") for u in urls), urls

    # Every form control has a label a screen reader can announce.
    ids = {attrs["id"] for tag, attrs in parsed.tags if tag in ("input", "textarea", "select")}
    labelled = {attrs.get("for") for tag, attrs in parsed.tags if tag == "label"}
    assert ids and ids <= labelled

    js = client.get("/static/playground.js", buffered=True)
    css = client.get("/static/playground.css", buffered=True)
    assert js.status_code == 200 and "javascript" in js.mimetype
    assert css.status_code == 200 and css.mimetype == "text/css"
    static = Path(create_app.__code__.co_filename).parent / "static"
    assert js.data == (static / "playground.js").read_bytes()
    assert css.data == (static / "playground.css").read_bytes()
    assert b"prefers-color-scheme: dark" in css.data  # light and dark themes


# ---- real browser, real server -------------------------------------------------------------------


def _server(tmp: Path, *extra: str) -> LiveServer:
    server = LiveServer(*extra, db=tmp / "tracker.sqlite3", env={"ETIQUETTE_DATA_DIR": str(tmp / "data")})
    server.start(timeout=30)
    return server


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def server(tmp_path):
    s = _server(tmp_path)
    yield s
    s.stop()


@pytest.fixture()
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    problems: list[str] = []
    pg.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    # A CSP violation or a failed script shows up as a console error: the page would be broken.
    pg.on("console", lambda msg: problems.append(f"console: {msg.text}") if msg.type == "error" else None)
    pg.problems = problems
    yield pg
    context.close()


def test_pasted_draft_shows_salary_and_spelling_warnings_with_highlights(server, page):
    page.goto(server.url + "/")
    page.wait_for_selector('[data-etiquette-status="online"]')
    page.fill("#subject", "Thank you for yesterday")
    page.fill("#draft", DRAFT)

    salary = page.locator('[data-etiquette-warning][data-category="salary"]').first
    salary.wait_for()
    # Salary talk before an offer is an error: listed under "must fix", with its guideline.
    assert salary.get_attribute("data-severity") == "error"
    assert (
        page.locator('[data-severity-group="error"] [data-etiquette-warning][data-category="salary"]').count()
        >= 1
    )
    assert "salary" in salary.inner_text().lower()
    assert page.get_attribute("[data-etiquette-verdict]", "data-etiquette-verdict") == "fix"

    spelling = page.locator(
        '[data-etiquette-warning][data-category="proofreading"]', has_text="recieve"
    ).first
    spelling.wait_for()
    assert "receive" in spelling.inner_text()  # the suggestion is offered

    # The highlights cover exactly the words the warnings are about, after the emoji.
    salary_marks = page.locator('[data-etiquette-highlight][data-category="salary"]').all_inner_texts()
    assert any(re.search(r"\bsalary\b", t, re.I) for t in salary_marks), salary_marks
    assert all(t in DRAFT for t in salary_marks)
    typo_marks = page.locator('[data-etiquette-highlight][data-category="proofreading"]').all_inner_texts()
    assert "recieve" in typo_marks, typo_marks
    # The preview re-renders the whole draft, word for word.
    assert page.inner_text("#preview").replace("\r", "").strip() == DRAFT.strip()

    assert page.locator("#kind-detected").get_attribute("data-kind") == "thank_you"
    assert re.search(r"\d+ words", page.inner_text("#stats"))

    # A template replaces the draft, filled from the context fields; Undo brings the draft back.
    page.fill("#interviewer", "Priya Patel")
    page.click('[data-etiquette-action="insert-thank-you"]')
    # (expect() rather than wait_for_function: the page's CSP forbids the eval that the latter uses)
    expect(page.locator("#draft")).to_have_value(re.compile("Priya"))
    assert "salary" not in page.input_value("#draft")
    page.click("#undo-template")
    assert page.input_value("#draft") == DRAFT
    assert page.problems == []


def test_a_token_protected_backend_asks_for_the_token_then_checks(tmp_path, browser):
    token = "playground-test-token-0123456789"
    token_file = tmp_path / "token"
    token_file.write_text(token)
    token_file.chmod(0o600)
    server = _server(tmp_path, "--token-file", str(token_file))
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(server.url + "/")
        page.fill("#draft", "Could you tell me the salary for the role? Thank you for your time.")
        page.wait_for_selector("#token-panel:not([hidden])")
        page.wait_for_selector("#error:not([hidden])")
        assert "token" in page.inner_text("#error").lower()
        assert page.locator("[data-etiquette-warning]").count() == 0

        page.fill("#token", token)
        page.click("#token-form button[type=submit]")
        page.locator('[data-etiquette-warning][data-category="salary"]').first.wait_for()
        assert page.is_hidden("#token-panel")
        assert page.is_hidden("#error")
    finally:
        context.close()
        server.stop()


ASAP_DRAFT = (
    "Dear Ms Patel,\n\n"
    "Thank you for meeting me yesterday about the analyst role. I enjoyed hearing about the new "
    "forecasting dashboards and I am very keen on the position. Could you tell me more about the next "
    "steps for this role? Please let me know ASAP as I have another interview on Friday.\n\n"
    "Best regards,\nJordan Lee\n"
)


def test_one_click_turns_the_asap_demand_into_a_polite_sentence_and_the_check_goes_quiet(server, page):
    """Issue 13: the fix used to leave "...for this role? when you have a moment as I have..."."""
    page.goto(server.url + "/")
    page.wait_for_selector('[data-etiquette-status="online"]')
    page.fill("#subject", "Thank you")
    page.fill("#draft", ASAP_DRAFT)
    demand = page.locator('[data-etiquette-warning][data-rule="tone.demands"]').first
    demand.wait_for()
    demand.locator("[data-etiquette-suggestion]").first.click()
    page.wait_for_function("() => !document.querySelector('#draft').value.includes('ASAP')")
    fixed = page.input_value("#draft")
    assert (
        "for this role? I would be grateful for an update on your timeline when you are able to share one, "
        "as I have another interview on Friday."
    ) in fixed
    page.wait_for_function(
        "() => !document.querySelector('[data-etiquette-warning][data-category=\"tone\"]')"
    )
    page.wait_for_selector('[data-etiquette-verdict="ready"]')
    assert not page.locator('[data-etiquette-warning][data-category="proofreading"]').count()
    assert not page.problems, page.problems


def test_remove_this_sentence_takes_the_salary_question_out(server, page):
    page.goto(server.url + "/")
    page.wait_for_selector('[data-etiquette-status="online"]')
    page.fill("#subject", "Thank you for yesterday")
    page.fill("#draft", DRAFT)
    salary = page.locator('[data-etiquette-warning][data-category="salary"]').first
    salary.wait_for()
    button = salary.locator("[data-etiquette-suggestion]").first
    assert button.inner_text() == "Remove this sentence"
    button.click()
    page.wait_for_function("() => !document.querySelector('#draft').value.includes('salary')")
    fixed = page.input_value("#draft")
    assert "on the position.\n\nI hope to recieve good news soon." in fixed
    page.wait_for_function(
        "() => !document.querySelector('[data-etiquette-warning][data-category=\"salary\"]')"
    )
    assert not page.problems, page.problems
