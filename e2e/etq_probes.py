"""Page-side probes shared by the e2e modules. They look only through the public hooks of DESIGN.md
(`[data-etiquette-*]` on the panel host and inside its open shadow root), as a user's script would."""

from __future__ import annotations

# Everything of ours that a test may look for lives in the shadow roots of the panel hosts.
JS_LIB = r"""
const hosts = () => Array.from(document.querySelectorAll('[data-etiquette-panel]'));
const inPanels = (sel) => hosts().flatMap(h => Array.from(h.shadowRoot.querySelectorAll(sel)));
const hostOf = (sel) => hosts().find(h => h.shadowRoot.querySelector(sel));
"""


def js(body: str) -> str:
    """Wrap a function body using JS_LIB helpers into an arrow function taking one argument `arg`."""
    return "(arg) => {" + JS_LIB + body + "}"


def panel_count(page) -> int:
    return page.evaluate(js("return hosts().length;"))


def warnings(page, index: int | None = None) -> list[dict]:
    """Warnings shown, as {category, rule, severity, text}; of one panel (by DOM order) or all."""
    return page.evaluate(js("""
      const hs = arg === null ? hosts() : [hosts()[arg]].filter(Boolean);
      return hs.flatMap(h => Array.from(h.shadowRoot.querySelectorAll('[data-etiquette-warning]')).map(w => ({
        category: w.dataset.category, rule: w.dataset.rule, severity: w.dataset.severity, text: w.textContent})));
    """), index)


def wait_warning(page, category: str, timeout: float = 10000, present: bool = True):
    page.wait_for_function(js(
        "return (inPanels('[data-etiquette-warning][data-category=\"' + arg.c + '\"]').length > 0) === arg.p;"),
        arg={"c": category, "p": present}, timeout=timeout)


def wait_rule(page, rule: str, timeout: float = 10000, present: bool = True):
    page.wait_for_function(js(
        "return (inPanels('[data-etiquette-warning][data-rule=\"' + arg.r + '\"]').length > 0) === arg.p;"),
        arg={"r": rule, "p": present}, timeout=timeout)


def wait_status(page, status: str, timeout: float = 15000):
    page.wait_for_function(js("return inPanels('[data-etiquette-status=\"' + arg + '\"]').length > 0;"),
                           arg=status, timeout=timeout)


def wait_verdict(page, timeout: float = 10000) -> str:
    handle = page.wait_for_function(js("""
      const v = inPanels('[data-etiquette-verdict]').map(e => e.getAttribute('data-etiquette-verdict'));
      return v.length ? v[0] : null;"""), timeout=timeout)
    return handle.json_value()


def editor_text(page, editor_selector: str) -> str:
    return page.eval_on_selector(editor_selector, "e => e.innerText")


def foreign_nodes_in_editors(page, editor_selector: str) -> list[str]:
    """Anything of ours inside an editor: our tag, any data-etiquette-* attribute, a shadow root."""
    return page.evaluate("""(sel) => {
      const bad = [];
      for (const ed of document.querySelectorAll(sel)) {
        for (const el of [ed, ...ed.querySelectorAll('*')]) {
          if (el.tagName.toLowerCase() === 'follow-up-etiquette' || el.shadowRoot) bad.push(el.tagName);
          for (const a of el.getAttributeNames()) if (a.startsWith('data-etiquette')) bad.push(el.tagName + '[' + a + ']');
        }
      }
      return bad;
    }""", editor_selector)


def word_rects(page, editor_selector: str, word: str) -> list[dict]:
    """Client rects of the first occurrence of `word` in the editor's text nodes, via a DOM Range."""
    return page.evaluate("""([sel, word]) => {
      const ed = document.querySelector(sel);
      const it = document.createNodeIterator(ed, NodeFilter.SHOW_TEXT);
      for (let n = it.nextNode(); n; n = it.nextNode()) {
        const i = n.nodeValue.indexOf(word);
        if (i >= 0) {
          const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + word.length);
          return Array.from(r.getClientRects()).map(x => ({left: x.left, top: x.top, width: x.width, height: x.height}));
        }
      }
      return [];
    }""", [editor_selector, word])


def highlight_rects(page, category: str) -> list[dict]:
    return page.evaluate(js("""
      return inPanels('[data-etiquette-highlight][data-category="' + arg + '"]').map(e => {
        const r = e.getBoundingClientRect(); return {left: r.left, top: r.top, width: r.width, height: r.height}; });
    """), category)


def click_in_panel(page, selector: str, index: int = 0):
    """Click an element inside a panel's shadow root like a user (Playwright pierces open shadow roots)."""
    page.locator("[data-etiquette-panel]").locator(selector).nth(index).click()


def start_typing_probe(page, editor_selector: str):
    """Record, in the page, the time of the last input event and of the first warning drawn after it."""
    page.evaluate(js("""
      window.__lastInput = 0; window.__firstWarning = 0;
      document.querySelector(arg).addEventListener('input', () => { window.__lastInput = performance.now(); window.__firstWarning = 0; });
      const seen = () => {
        if (!window.__firstWarning && window.__lastInput && inPanels('[data-etiquette-warning]').length)
          window.__firstWarning = performance.now();
      };
      for (const h of hosts()) new MutationObserver(seen).observe(h.shadowRoot, {childList: true, subtree: true});
    """), editor_selector)


def typing_latency(page, timeout: float = 10000) -> float:
    page.wait_for_function("() => window.__firstWarning > 0", timeout=timeout)
    return page.evaluate("() => window.__firstWarning - window.__lastInput")


def wait_settled(page, quiet_ms: int = 700, timeout: float = 15000):
    """Wait until a verdict is shown and the panels have not changed for `quiet_ms` (longer than the
    debounce plus a round trip), so a test asserting that something is NOT flagged sees the final answer."""
    page.evaluate("() => { window.__etqLast = null; }")
    page.wait_for_function(js("""
      const t = hosts().map(h => h.shadowRoot.textContent).join('|');
      const now = performance.now();
      if (window.__etqLast !== t) { window.__etqLast = t; window.__etqSince = now; return false; }
      return now - window.__etqSince > arg && inPanels('[data-etiquette-verdict]').length > 0;
    """), arg=quiet_ms, timeout=timeout, polling=100)
