"""The page cannot forge, read or steer (issue 11). Page scripts here act as a hostile or compromised
webmail: they click Send by script, forge key presses, reach for the panel through its host, read
everything the page can read, open composes to guessed addresses and fill the page with editable
areas. The backend (asked directly) and the panel (read from the content script's own world) must
show that none of it worked, while the user's own input still does.

Page scripts are `page.evaluate(...)`: they run in the page's JavaScript world, like the webmail's."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest
from etq_e2e import FIXTURES, LATENCY, SITE_HEADERS, SITES
from etq_probes import (
    panel,
    panel_count,
    panel_eval,
    panel_text,
    panel_wait,
    the_user_is_warned_about_salary,
    wait_settled,
    wait_status,
    wait_warning,
    warnings,
)

EDITOR = "[g_editable=true][contenteditable=true]"
COMPANY, POSITION, INTERVIEWER = "Fourth Coffee", "Roastery Planner", "Noor Haddad"
THANK_YOU = (
    "Hi Noor, thank you for taking the time to meet me today. I enjoyed hearing how the team plans "
    "the roasting schedule, and I am very keen on the role. Best regards, Jordan"
)


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


@pytest.fixture(scope="module")
def tracked(backend):
    email = "noor.haddad@fourth-coffee.com"
    return api(
        backend,
        "POST",
        "/api/v1/interviews",
        {
            "company": COMPANY,
            "position": POSITION,
            "interviewer": INTERVIEWER,
            "interviewer_email": email,
            "interview_at": "2026-11-20T10:00:00+00:00",
            "decision_by": "2026-12-04",
        },
    )


def messages(backend, interview_id: int) -> list[dict]:
    return api(backend, "GET", f"/api/v1/interviews/{interview_id}/messages")


def users_compose(page, email: str) -> str:
    """A compose the user opened and wrote in (so the tracker shows: the worst case for a leak)."""
    cid = page.evaluate("(to) => openCompose(to)", email)
    wait_status(page, "online")
    page.click(f"#{cid} {EDITOR}")
    page.keyboard.type(THANK_YOU)
    panel_wait(page, "return inPanels('[data-etiquette-interview=matched]').length > 0;")
    wait_settled(page)
    return cid


FORGE_SENDS = """(cid) => {
  const c = document.getElementById(cid);
  const send = c.querySelector('[data-tooltip^="Send"]');
  const ed = c.querySelector('[g_editable=true][contenteditable=true]');
  const host = document.querySelector('[data-etiquette-panel]');
  const opts = {bubbles: true, cancelable: true, composed: true, view: window, button: 0};
  const out = {};
  send.click();
  for (const t of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click'])
    send.dispatchEvent(new (t.startsWith('pointer') ? PointerEvent : MouseEvent)(t, opts));
  for (const mod of [{ctrlKey: true}, {metaKey: true}])
    ed.dispatchEvent(new KeyboardEvent('keydown', Object.assign({key: 'Enter', code: 'Enter', bubbles: true,
      cancelable: true, composed: true}, mod)));
  for (const key of ['Enter', ' '])
    send.dispatchEvent(new KeyboardEvent('keydown', {key, code: key === ' ' ? 'Space' : 'Enter',
      bubbles: true, cancelable: true}));
  // The panel's shortcut, forged.
  ed.dispatchEvent(new KeyboardEvent('keydown', {key: 'E', code: 'KeyE', altKey: true, shiftKey: true,
    bubbles: true, cancelable: true}));
  // Through the panel: its root is closed, so there is nothing to click but the host itself.
  out.shadowRoot = host.shadowRoot;
  try { host.attachShadow({mode: 'open'}); out.attached = true; } catch (e) { out.attached = false; }
  out.children = host.children.length;
  host.click();
  const r = host.getBoundingClientRect();
  for (const t of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click'])
    host.dispatchEvent(new (t.startsWith('pointer') ? PointerEvent : MouseEvent)(t,
      Object.assign({clientX: r.left + 5, clientY: r.top + 5}, opts)));
  // Whatever the page finds on screen over the panel is the host, never anything inside it.
  const seen = new Set();
  for (let x = 0; x < innerWidth; x += 40) for (let y = 0; y < innerHeight; y += 40) {
    const el = document.elementFromPoint(x, y);
    if (el && el.closest('[data-etiquette-panel]')) {
      seen.add(el.tagName + (el.hasAttribute('data-etiquette-panel') ? '[host]' : '')); el.click(); }
  }
  out.seen = Array.from(seen);
  return out;
}"""


def test_page_scripts_cannot_log_a_send_or_act_through_the_panel(browser, backend, tracked):
    page = browser.open("gmail")
    try:
        cid = users_compose(page, tracked["interviewer_email"])
        out = page.evaluate(FORGE_SENDS, cid)
        assert out["shadowRoot"] is None and out["attached"] is False and out["children"] == 0, out
        assert out["seen"] in ([], ["DIV[host]"]), out
        # A press on Send forged just before the page removes the compose (a webmail that sends on press).
        cid2 = users_compose(page, tracked["interviewer_email"])
        page.evaluate(
            """(cid) => { const c = document.getElementById(cid);
          const send = c.querySelector('[data-tooltip^="Send"]');
          for (const t of ['pointerdown',
            'mousedown']) send.dispatchEvent(new (t.startsWith('pointer') ? PointerEvent : MouseEvent)(t,
            {bubbles: true, cancelable: true, composed: true, view: window, button: 0}));
          c.remove(); }""",
            cid2,
        )
        page.wait_for_timeout(1500)
        assert messages(backend, tracked["id"]) == [], "a page script logged a Send"
        # Nothing happened in the panel either: no Send logged, focus not moved into it by the forged shortcut.
        assert panel_eval(page, "return inPanels('[data-etiquette-logged]').length;") == 0
        assert panel_eval(page, "return hosts().map(h => sr(h).activeElement).filter(Boolean).length;") == 0
        # The user's own Send still is logged.
        page.click(f"#{cid} [data-tooltip^=Send]")
        panel_wait(page, "return inPanels('[data-etiquette-logged=thank_you]').length > 0;")
        assert [m["kind"] for m in messages(backend, tracked["id"])] == ["thank_you"]
    finally:
        page.close()


READ_ALL = """() => {
  const host = document.querySelector('[data-etiquette-panel]');
  const texts = [document.body.innerText, document.documentElement.outerHTML, document.documentElement.textContent,
                 host.innerText, host.textContent, host.outerHTML, JSON.stringify(Object.keys(host.dataset))];
  document.execCommand('selectAll');
  texts.push(String(getSelection()));
  getSelection().removeAllRanges();
  const r = document.createRange(); r.selectNodeContents(document.body); texts.push(r.toString());
  // Serialising the page with its shadow roots gives only the roots marked serializable (ours is not).
  if (document.body.getHTML) texts.push(document.body.getHTML({serializableShadowRoots: true}));
  return texts.join('\\n');
}"""


def test_page_scripts_read_no_tracker_field(browser, backend, tracked):
    page = browser.open("gmail")
    try:
        # Events from inside the panel reach the page's listeners retargeted: the host is all they show.
        page.evaluate("""() => { window.__leaks = []; window.__fromPanel = 0;
          for (const t of ['click', 'pointerdown', 'keydown', 'focusin', 'input']) window.addEventListener(t, (e) => {
            const host = e.target && e.target.closest && e.target.closest('[data-etiquette-panel]');
            if (!host) return;
            window.__fromPanel += 1;
            if (e.composedPath()[0] !== host || e.target !== host) {
              window.__leaks.push(e.type + ':' + e.composedPath()[0].nodeName);
            }
          }, true); }""")
        users_compose(page, tracked["interviewer_email"])
        # The user sees the interview in the panel...
        shown = panel_text(page)
        assert COMPANY in shown and POSITION in shown and INTERVIEWER in shown, shown
        # ...and uses the panel (events that cross into the page come retargeted to the host).
        panel(page).locator('[data-etiquette-action="edit-interview"]').click()
        panel(page).get_by_label("Company").wait_for()
        page.keyboard.press("Escape")
        readable = page.evaluate(READ_ALL)
        found = page.evaluate(
            "(words) => words.filter(w => window.find(w, false, false, true))",
            [COMPANY, POSITION, INTERVIEWER],
        )
        leaks, from_panel = page.evaluate("() => [window.__leaks, window.__fromPanel]")
        for secret in (COMPANY, POSITION, INTERVIEWER, "2026-12-04", "interviewed"):
            assert secret not in readable, secret
        assert found == [], found
        assert from_panel > 0 and leaks == [], (from_panel, leaks)
    finally:
        page.close()


def test_composes_opened_by_script_to_guessed_addresses_learn_nothing_and_trigger_nothing(
    browser, backend, tracked
):
    page = browser.open("gmail")
    try:
        guesses = ["ana@fourth-coffee.com", tracked["interviewer_email"], "hr@fourth-coffee.com"]
        # The page opens composes by itself (no user input), writes a draft naming companies, and waits.
        page.evaluate(
            """(guesses) => guesses.map((to) => { const id = openCompose(to);
          document.querySelector('#' + id + ' [g_editable=true][contenteditable=true]').textContent =
            'Dear team, thank you for the interview at Fourth Coffee. I am keen on the role at Contoso. Thnks glorbix.';
          return id; })""",
            guesses,
        )
        panel_wait(page, "return hosts().length === 3;")
        wait_status(page, "online")
        wait_settled(page)
        # No tracker row, no company hint, no next step from the tracker in any of them.
        assert (
            panel_eval(
                page, "return inPanels('[data-etiquette-interview], [data-etiquette-next-step]').length;"
            )
            == 0
        )
        assert [w for w in warnings(page) if w["rule"] == "personalisation.other_company"] == []
        assert not [w for w in warnings(page) if w["category"] == "timing"], warnings(page)
        # The page tries to drive the panel (track, edit, add to dictionary) through what it can reach.
        page.evaluate("""() => { for (const h of document.querySelectorAll('[data-etiquette-panel]')) {
            h.click(); h.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true, composed: true}));
            h.dispatchEvent(new SubmitEvent('submit', {bubbles: true, composed: true})); } }""")
        page.wait_for_timeout(1000)
        for to in guesses:
            if to != tracked["interviewer_email"]:
                assert api(backend, "GET", "/api/v1/interviews?email=" + urllib.parse.quote(to)) == []
        assert "glorbix" not in json.dumps(
            browser.sw.evaluate("() => chrome.storage.local.get('dictionary')")
        )
        assert messages(backend, tracked["id"]) == [] or all(
            m["kind"] == "thank_you" for m in messages(backend, tracked["id"])
        )
    finally:
        page.close()


def test_a_page_full_of_editable_areas_gets_one_panel_per_real_compose(browser):
    page = browser.open("gmail")
    try:
        # 60 editable areas of 300x100 px, none with a Send nearby: none is a compose.
        page.evaluate("""() => { const box = document.createElement('div'); box.id = 'junk';
          for (let i = 0; i < 60; i++) { const d = document.createElement('div'); d.contentEditable = 'true';
            d.style.cssText = 'width:300px;height:100px;display:inline-block'; box.append(d); }
          document.body.append(box); }""")
        page.wait_for_timeout(800)
        assert panel_count(page) == 0
        cid = page.evaluate("() => openCompose()")
        wait_status(page, "online")
        assert panel_count(page) == 1
        # Editable areas each with a Send button: the site's own compose is found, so no fallback at all.
        page.evaluate("""() => { for (let i = 0; i < 20; i++) { const w = document.createElement('div');
          const d = document.createElement('div'); d.contentEditable = 'true';
            d.style.cssText = 'width:300px;height:100px';
          const b = document.createElement('button'); b.textContent = 'Send'; w.append(d, b);
            document.body.append(w); } }""")
        page.wait_for_timeout(800)
        assert panel_count(page) == 1
        # Without the real compose, the fallback may take them, but only up to the cap.
        page.evaluate("(id) => closeCompose(id)", cid)
        page.wait_for_timeout(1500)
        assert 1 <= panel_count(page) <= 6, panel_count(page)
    finally:
        page.close()


def test_a_page_that_claims_our_element_name_or_removes_the_panel_cannot_make_us_loop(browser):
    page = browser.open("gmail")
    try:
        page.evaluate("""() => { customElements.define('follow-up-etiquette', class extends HTMLElement {
            constructor() { super(); this.attachShadow({mode: 'open'}); } }); }""")
        page.evaluate("() => openCompose()")
        wait_status(page, "online")
        assert panel_count(page) == 1
        page.evaluate("""() => { window.__removed = 0; new MutationObserver(() => {
            for (const h of document.querySelectorAll('[data-etiquette-panel]')) { h.remove();
              window.__removed += 1; } })
          .observe(document.documentElement, {childList: true, subtree: true});
          for (const h of document.querySelectorAll('[data-etiquette-panel]')) { h.remove();
            window.__removed += 1; } }""")
        page.wait_for_timeout(8000)
        removed = page.evaluate("() => window.__removed")
        assert removed <= 6, f"re-inserted {removed} times in 8 s"
    finally:
        page.close()


def test_typing_beside_300_editable_areas_coaches_the_compose_and_leaves_the_others_alone(browser):
    """A page holding 300 editable areas (issue 11 measured 18 ms of script per keystroke there): typing
    in the real compose still reaches the panel, and none of the 300 gets a panel or a node of ours.
    The script time per keystroke is recorded in bench/out/e2e_latency.json (budget 2 ms), a figure
    for the report and never asserted: the machine is shared, so a timing limit here would only
    measure the neighbours."""
    page = browser.open("gmail")
    try:
        page.evaluate("""() => { for (let i = 0; i < 300; i++) { const d = document.createElement('div');
          d.contentEditable = 'true'; d.className = 'other-editable';
          d.style.cssText = 'width:220px;height:90px;display:inline-block'; document.body.append(d); } }""")
        cid = page.evaluate("() => openCompose()")
        wait_status(page, "online")
        page.click(f"#{cid} {EDITOR}")
        page.keyboard.type("Thank you for the interview. I enjoyed hearing about the roastery. ")
        wait_settled(page)
        assert not any(w["category"] == "salary" for w in warnings(page))
        cdp = browser.ctx.new_cdp_session(page)
        cdp.send("Performance.enable")

        def metric(name):
            return next(
                m["value"] for m in cdp.send("Performance.getMetrics")["metrics"] if m["name"] == name
            )

        text = "What salary does the planner role pay? "
        before = metric("ScriptDuration")
        page.keyboard.type(text)
        page.wait_for_timeout(600)
        per_key = (metric("ScriptDuration") - before) * 1000 / len(text)
        cdp.detach()
        LATENCY.setdefault("script_ms_per_keystroke_300_editables", []).append(per_key)
        wait_warning(page, "salary")
        assert panel_count(page) == 1
        # the page gave each area three attributes (contenteditable, class, style): any other, or any
        # child node, was put there by us
        touched = page.evaluate(
            """() => [...document.querySelectorAll('.other-editable')].filter(d => d.childNodes.length
              || [...d.attributes].some(a => !['contenteditable', 'class', 'style'].includes(a.name))).length"""
        )
        assert touched == 0, f"{touched} of the 300 other editable areas were changed"
    finally:
        page.close()


# Elements named like the globals of our content script's world: named access on the window finds
# them there too wherever we have not set the name ourselves (DOM clobbering), so each once switched
# the extension off on this page (the guard against a second injection, the `browser` namespace of
# Firefox) or stood in for a namespace of ours.
CLOBBERING = (
    '<div id="__followUpEtiquetteLoaded"></div>'
    '<form id="browser"><input name="runtime"><input name="storage"></form>'
    '<div id="EtiquetteCore"></div>'
)


def test_page_elements_named_like_our_globals_cannot_switch_the_panel_off(browser):
    body = (
        (FIXTURES / SITES["gmail"][1]).read_text(encoding="utf-8").replace("<body>", "<body>" + CLOBBERING, 1)
    )
    page = browser.ctx.new_page()
    page.route(
        SITES["gmail"][0],
        lambda route: route.fulfill(
            status=200, content_type="text/html; charset=utf-8", body=body, headers=SITE_HEADERS["gmail"]
        ),
    )
    try:
        page.goto(SITES["gmail"][2])
        assert page.evaluate("() => window.browser instanceof HTMLFormElement")  # the page's own view
        the_user_is_warned_about_salary(page)
    finally:
        page.close()
