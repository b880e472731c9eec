"""Probes shared by the e2e modules. They look only through the public hooks of DESIGN.md
(`[data-etiquette-*]` on the panel host and inside its shadow root).

The panel's shadow root is CLOSED (issue 11: page scripts must not read or click it), so nothing here
runs in the page's own JavaScript world. The probes evaluate in the content script's isolated world,
found through a CDP session (`Runtime.enable` reports every execution context; ours is the one of
type "isolated" named after the extension), where `chrome.dom.openOrClosedShadowRoot(host)` opens the
closed root. Clicks and keys are real input at coordinates measured there (`page.mouse`,
`page.keyboard`), so the extension sees trusted events exactly as from a user.

Use `panel_eval(page, body, arg)` / `panel_wait(page, body, arg)` with a function body written against
JS_LIB (`hosts()`, `sr(host)`, `inPanels(sel)`, `hostOf(sel)`, `txt(el)` for an element's text; the
argument is `arg`), never
`page.evaluate` with `h.shadowRoot` (null for a closed root), and `panel(page).locator(...)` instead
of Playwright's locators (which cannot pierce a closed root).
"""

from __future__ import annotations

import json
import time

EXTENSION_NAME = "Follow-up Etiquette"

# Everything of ours that a test may look for lives in the shadow roots of the panel hosts.
JS_LIB = r"""
const sr = (h) => (typeof chrome !== 'undefined' && chrome.dom && chrome.dom.openOrClosedShadowRoot)
  ? chrome.dom.openOrClosedShadowRoot(h)
  : (() => {
      throw new Error('panel probes run in the extension world: '
        + 'use etq_probes.panel_eval / panel_wait, not page.evaluate');
    })();
const hosts = () => Array.from(document.querySelectorAll('[data-etiquette-panel]'));
const inPanels = (sel) => hosts().flatMap(h => Array.from(sr(h).querySelectorAll(sel)));
const hostOf = (sel) => hosts().find(h => sr(h).querySelector(sel));
// The text a user sees: text nodes plus what the panel draws from `data-t` (CSS generated content, so
// that the page's window.find() cannot search it). Use txt(el), not el.textContent, for panel text.
// A panel whose answer is older than its draft (a check is due or on its way) is about to be redrawn.
const settled = () => inPanels('[data-etiquette-pending]').length === 0;
const txt = (el) => {
  let s = '';
  const walk = (n) => {
    if (n.nodeType === 3) { s += n.nodeValue; return; }
    if (n.nodeType === 1 && n.hasAttribute('data-t')) s += n.getAttribute('data-t');
    for (const c of n.childNodes) walk(c);
  };
  if (el) walk(el);
  return s;
};
"""


def js(body: str) -> str:
    """Wrap a function body using JS_LIB helpers into an arrow function taking one argument `arg`
    (for panel_eval / panel_wait)."""
    return "(arg) => {" + JS_LIB + body + "}"


class PanelWorld:
    """The content script's isolated world in one page, reached through a CDP session."""

    def __init__(self, page):
        self.page = page
        self.cdp = page.context.new_cdp_session(page)
        self.contexts: dict[int, dict] = {}
        self.main_frame = None
        self.cdp.on("Runtime.executionContextCreated", self._created)
        self.cdp.on(
            "Runtime.executionContextDestroyed", lambda e: self.contexts.pop(e["executionContextId"], None)
        )
        self.cdp.on("Runtime.executionContextsCleared", lambda e: self.contexts.clear())
        self.main_frame = self.cdp.send("Page.getFrameTree")["frameTree"]["frame"]["id"]
        self.cdp.send("Runtime.enable")  # reports the contexts that exist already, then new ones

    def _created(self, event):
        c = event["context"]
        aux = c.get("auxData") or {}
        if (
            aux.get("type") == "isolated"
            and c.get("name") == EXTENSION_NAME
            and str(c.get("origin", "")).startswith("chrome-extension://")
            and (self.main_frame is None or aux.get("frameId") == self.main_frame)
        ):
            self.contexts[c["id"]] = c

    def context_id(self, timeout: float = 10.0) -> int:
        deadline = time.monotonic() + timeout
        while not self.contexts:
            if time.monotonic() > deadline:
                raise RuntimeError("the content script's world did not appear in this page")
            self.page.wait_for_timeout(50)  # lets Playwright deliver the CDP events
            if not self.contexts:
                self.main_frame = self.cdp.send("Page.getFrameTree")["frameTree"]["frame"]["id"]
        return max(self.contexts)

    def evaluate(self, function: str, arg=None):
        expression = "(" + function + ")(" + json.dumps(arg) + ")"
        for attempt in range(3):
            cid = self.context_id()
            r = self.cdp.send(
                "Runtime.evaluate",
                {"expression": expression, "contextId": cid, "returnByValue": True, "awaitPromise": True},
            )
            if "exceptionDetails" in r:
                d = r["exceptionDetails"]
                text = (d.get("exception") or {}).get("description") or d.get("text") or str(d)
                if "context" in text.lower() and "find" in text.lower() and attempt < 2:
                    self.contexts.pop(cid, None)  # navigated meanwhile
                    continue
                raise RuntimeError("panel probe failed: " + text)
            return r["result"].get("value")
        raise RuntimeError("panel probe: no usable context")


def world(page) -> PanelWorld:
    w = getattr(page, "_etq_world", None)
    if w is None:
        w = PanelWorld(page)
        page._etq_world = w
    return w


def _fn(script: str) -> str:
    return script if script.lstrip().startswith("(arg) =>") else js(script)


def panel_eval(page, script: str, arg=None):
    """Run a JS_LIB function body (or a js() function) in the content script's world; its value."""
    return world(page).evaluate(_fn(script), arg)


def panel_wait(page, script: str, arg=None, timeout: float = 10000, polling: float = 100):
    """Poll a JS_LIB function body until it returns something truthy; that value. Raises Playwright's
    TimeoutError after `timeout` ms."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    fn = _fn(script)
    w = world(page)
    deadline = time.monotonic() + timeout / 1000
    while True:
        value = w.evaluate(fn, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise PlaywrightTimeoutError(f"panel_wait: timed out after {timeout} ms: {script[:200]}")
        page.wait_for_timeout(polling)


def panel_count(page) -> int:
    return panel_eval(page, "return hosts().length;")


def warnings(page, index: int | None = None) -> list[dict]:
    """Warnings shown, as {category, rule, severity, text}; of one panel (by DOM order) or all."""
    return panel_eval(
        page,
        """
      const hs = arg === null ? hosts() : [hosts()[arg]].filter(Boolean);
      return hs.flatMap(h => Array.from(sr(h).querySelectorAll('[data-etiquette-warning]')).map(w => ({
        category: w.dataset.category, rule: w.dataset.rule, severity: w.dataset.severity, text: txt(w)})));
    """,
        index,
    )


def wait_warning(page, category: str, timeout: float = 10000, present: bool = True):
    """Wait until the answer to the draft as it is now (no check due or on its way) has, or lacks, a
    warning of `category`: an answer to a draft typed further since is redrawn any moment."""
    panel_wait(
        page,
        "return settled() && "
        "(inPanels('[data-etiquette-warning][data-category=\"' + arg.c + '\"]').length > 0) === arg.p;",
        {"c": category, "p": present},
        timeout=timeout,
    )


def wait_rule(page, rule: str, timeout: float = 10000, present: bool = True):
    """As wait_warning, for one rule id."""
    panel_wait(
        page,
        "return settled() && "
        "(inPanels('[data-etiquette-warning][data-rule=\"' + arg.r + '\"]').length > 0) === arg.p;",
        {"r": rule, "p": present},
        timeout=timeout,
    )


def wait_status(page, status: str, timeout: float = 15000):
    panel_wait(
        page,
        "return inPanels('[data-etiquette-status=\"' + arg + '\"]').length > 0;",
        status,
        timeout=timeout,
    )


def wait_verdict(page, timeout: float = 10000) -> str:
    return panel_wait(
        page,
        """
      const v = inPanels('[data-etiquette-verdict]').map(e => e.getAttribute('data-etiquette-verdict'));
      return v.length ? v[0] : null;""",
        timeout=timeout,
    )


def the_user_is_warned_about_salary(page, editor: str = "[g_editable=true][contenteditable=true]"):
    """On the Gmail fixture page: the user opens a compose, types a salary question and is warned,
    i.e. the extension still works on this page (whatever the page did before)."""
    cid = page.evaluate("() => openCompose()")
    wait_status(page, "online")
    page.click(f"#{cid} {editor}")
    page.keyboard.type("Thank you for the interview. What is the salary?")
    wait_warning(page, "salary")


def panel_text(page, index: int = 0) -> str:
    """All the text of one panel (by DOM order)."""
    return panel_eval(page, "const h = hosts()[arg]; return h ? txt(sr(h)) : '';", index)


def editor_text(page, editor_selector: str) -> str:
    return page.eval_on_selector(editor_selector, "e => e.innerText")


def foreign_nodes_in_editors(page, editor_selector: str) -> list[str]:
    """Anything of ours inside an editor: a panel host, any data-etiquette-* attribute, a shadow root."""
    return panel_eval(
        page,
        """
      const bad = [];
      for (const ed of document.querySelectorAll(arg)) {
        for (const el of [ed, ...ed.querySelectorAll('*')]) {
          if (el.tagName.toLowerCase() === 'follow-up-etiquette' || sr(el)) bad.push(el.tagName);
          for (const a of el.getAttributeNames()) {
            if (a.startsWith('data-etiquette')) bad.push(el.tagName + '[' + a + ']');
          }
        }
      }
      return bad;
    """,
        editor_selector,
    )


def word_rects(page, editor_selector: str, word: str) -> list[dict]:
    """Client rects of the first occurrence of `word` in the editor's text nodes, via a DOM Range."""
    return page.evaluate(
        """([sel, word]) => {
      const ed = document.querySelector(sel);
      const it = document.createNodeIterator(ed, NodeFilter.SHOW_TEXT);
      for (let n = it.nextNode(); n; n = it.nextNode()) {
        const i = n.nodeValue.indexOf(word);
        if (i >= 0) {
          const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + word.length);
          return Array.from(r.getClientRects()).map(x => ({left: x.left, top: x.top, width: x.width,
            height: x.height}));
        }
      }
      return [];
    }""",
        [editor_selector, word],
    )


def highlight_rects(page, category: str) -> list[dict]:
    return panel_eval(
        page,
        """
      return inPanels('[data-etiquette-highlight][data-category="' + arg + '"]').map(e => {
        const r = e.getBoundingClientRect(); return {left: r.left, top: r.top, width: r.width, height: r.height}; });
    """,
        category,
    )


# ------------------------------------------------------------------------------------------------
# Acting on the panel like a user: real mouse and keyboard input (trusted events), aimed at
# coordinates measured in the content script's world.

_RESOLVE = r"""
const resolve = (spec) => {
  let scope = hosts().map(sr);
  for (const step of spec.chain) {
    let found = [];
    for (const s of scope) for (const el of s.querySelectorAll(step.sel)) if (found.indexOf(el) < 0) found.push(el);
    if (step.text !== null) found = found.filter(el => txt(el).includes(step.text));
    scope = found;
  }
  if (spec.label !== null) {
    const controls = [];
    for (const s of scope) {
      for (const l of s.querySelectorAll('label')) {
        const own = Array.from(l.childNodes).filter(n => n.nodeType === 3).map(n => n.nodeValue).join('').trim();
        const c = l.control || l.querySelector('input, select, textarea');
        if (c && own.toLowerCase().includes(spec.label.toLowerCase()) && controls.indexOf(c) < 0) controls.push(c);
      }
    }
    scope = controls;
  }
  return scope;
};
const target = (spec) => resolve(spec)[spec.index || 0] || null;
"""


class PanelLocator:
    """A small stand-in for Playwright's Locator, inside the panels' closed shadow roots."""

    def __init__(self, page, chain=(), label=None, index=None):
        self.page, self.chain, self.label, self.index = page, tuple(chain), label, index

    def _spec(self):
        return {
            "chain": [{"sel": s, "text": t} for s, t in self.chain],
            "label": self.label,
            "index": self.index,
        }

    def locator(self, selector: str, has_text: str | None = None) -> PanelLocator:
        return PanelLocator(self.page, self.chain + ((selector, has_text),), self.label, None)

    def get_by_label(self, text: str) -> PanelLocator:
        return PanelLocator(self.page, self.chain, text, None)

    def nth(self, index: int) -> PanelLocator:
        return PanelLocator(self.page, self.chain, self.label, index)

    @property
    def first(self) -> PanelLocator:
        return self.nth(0)

    def _run(self, body: str, arg=None):
        return panel_eval(self.page, _RESOLVE + body, {"spec": self._spec(), "arg": arg})

    def _wait(self, body: str, arg=None, timeout: float = 15000):
        return panel_wait(self.page, _RESOLVE + body, {"spec": self._spec(), "arg": arg}, timeout=timeout)

    def count(self) -> int:
        return self._run("return resolve(arg.spec).length;")

    def wait_for(self, state: str = "visible", timeout: float = 15000):
        if state in ("visible", "attached"):
            self._wait(
                "const el = target(arg.spec); if (!el) return false;"
                "return arg.arg === 'attached' || el.getClientRects().length > 0;",
                state,
                timeout,
            )
        else:
            self._wait(
                "const el = target(arg.spec); return !el || (arg.arg === 'hidden' && !el.getClientRects().length);",
                state,
                timeout,
            )

    def is_visible(self) -> bool:
        return bool(self._run("const el = target(arg.spec); return !!el && el.getClientRects().length > 0;"))

    def text_content(self) -> str:
        self.wait_for("attached")
        return self._run("return txt(target(arg.spec));")

    def get_attribute(self, name: str):
        self.wait_for("attached")
        return self._run("return target(arg.spec).getAttribute(arg.arg);", name)

    def input_value(self) -> str:
        self.wait_for("attached")
        return self._run("return target(arg.spec).value;")

    def focus(self):
        self.wait_for("attached")
        self._run("target(arg.spec).focus(); return true;")

    def click(self, timeout: float = 15000):
        """A real mouse click at the element's centre, once nothing of the panel's covers it and its
        panel holds the answer to the draft as it is (a newer answer redraws and moves the list)."""
        point = self._wait(
            """
          const el = target(arg.spec);
          if (!el || !el.getClientRects().length) return null;
          if (el.getRootNode().querySelector('[data-etiquette-pending]')) return null;
          el.scrollIntoView({block: 'nearest', inline: 'nearest'});
          const r = el.getBoundingClientRect();
          const x = r.left + r.width / 2, y = r.top + r.height / 2;
          const root = el.getRootNode();
          const hit = root.elementFromPoint ? root.elementFromPoint(x, y) : null;
          if (hit !== el && !(hit && el.contains(hit))) return null;
          return {x, y};
        """,
            timeout=timeout,
        )
        self.page.mouse.click(point["x"], point["y"])

    def press(self, key: str):
        self.focus()
        self.page.keyboard.press(key)

    def fill(self, value: str):
        """Text fields: focus, select all and type (real key input); date and time fields take the value
        as Playwright's own fill does (there is no locale-free way to type into them)."""
        self.wait_for("attached")
        kind = self._run(
            "const el = target(arg.spec); el.focus(); return el.type || el.tagName.toLowerCase();"
        )
        if kind in ("text", "search", "email", "url", "tel", "textarea", "password"):
            self._run("target(arg.spec).select(); return true;")
            if value:
                self.page.keyboard.insert_text(value)
            else:
                self.page.keyboard.press("Delete")
        else:
            self._set_value(value)

    def select_option(self, value: str):
        self.wait_for("attached")
        self._run("target(arg.spec).focus(); return true;")
        self._set_value(value)

    def _set_value(self, value: str):
        self._run(
            """const el = target(arg.spec); el.value = arg.arg;
          el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true}));
          return true;""",
            value,
        )


def panel(page) -> PanelLocator:
    """All panels of the page, to narrow down with .locator(selector) / .get_by_label(text)."""
    return PanelLocator(page)


def click_in_panel(page, selector: str, index: int = 0):
    """Click an element inside a panel's shadow root like a user (a real mouse click)."""
    panel(page).locator(selector).nth(index).click()


def start_typing_probe(page, editor_selector: str):
    """Record the time of the last input event and of the first warning drawn after it (in the content
    script's world: the page cannot see into the panel)."""
    panel_eval(
        page,
        """
      window.__lastInput = 0; window.__firstWarning = 0;
      document.querySelector(arg).addEventListener('input', () => { window.__lastInput = performance.now();
        window.__firstWarning = 0; });
      const seen = () => {
        if (!window.__firstWarning && window.__lastInput && inPanels('[data-etiquette-warning]').length)
          window.__firstWarning = performance.now();
      };
      for (const h of hosts()) new MutationObserver(seen).observe(sr(h), {childList: true, subtree: true});
      return true;
    """,
        editor_selector,
    )


def typing_latency(page, timeout: float = 10000) -> float:
    panel_wait(page, "return window.__firstWarning > 0;", timeout=timeout, polling=50)
    return panel_eval(page, "return window.__firstWarning - window.__lastInput;")


def wait_settled(page, quiet_ms: int = 700, timeout: float = 15000):
    """Wait until a verdict is shown and the panels have not changed for `quiet_ms` (longer than the
    debounce plus a round trip), so a test asserting that something is NOT flagged sees the final answer."""
    panel_eval(page, "window.__etqLast = null; return true;")
    panel_wait(
        page,
        """
      const t = hosts().map(h => txt(sr(h))).join('|');
      const now = performance.now();
      if (window.__etqLast !== t) { window.__etqLast = t; window.__etqSince = now; return false; }
      return now - window.__etqSince > arg && inPanels('[data-etiquette-verdict]').length > 0;
    """,
        quiet_ms,
        timeout=timeout,
        polling=100,
    )


def panel_geometry(page, index: int = 0) -> dict:
    """Where one panel is: {placement, card, badge, highlights}; card and badge are rects or None when not
    shown; highlights are that panel's highlight boxes. Rects are {left, top, right, bottom}."""
    return panel_eval(
        page,
        """
      const h = hosts()[arg]; if (!h) return null;
      const s = sr(h);
      const rect = (e) => { if (!e || !e.getClientRects().length) return null; const r = e.getBoundingClientRect();
        return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; };
      return {placement: h.getAttribute('data-etiquette-placement'), card: rect(s.querySelector('section')),
              badge: rect(s.querySelector('[data-etiquette-badge]')),
              highlights: Array.from(s.querySelectorAll('[data-etiquette-highlight]')).map(rect).filter(Boolean)};
    """,
        index,
    )
