/*
 * Entry point of the content script: finds compose windows as they come and go.
 *
 * One MutationObserver on the document (childList only — typing inside a text node does not wake
 * it). Bursts of mutations are coalesced: the first one arms a short timer, later ones ride along,
 * so a compose window gets its panel within a frame or two of appearing, and a busy webmail does not
 * make us scan on every mutation.
 */
(function (root) {
  'use strict';

  if (root.__followUpEtiquetteLoaded) return; // injected twice (extension reload): keep one
  root.__followUpEtiquetteLoaded = true;

  const { report } = root.EtiquetteReport;
  const adapter = root.EtiquetteAdapters.forHost(location.hostname);
  if (!adapter) return;
  const { Compose } = root.EtiquetteCompose;
  const SCAN_DELAY_MS = 30;
  // Bounded on any page (issue 11): a page full of editable areas, or one that keeps removing our
  // panel, costs a few panels and a few tries, never one per area or a re-insert per frame.
  const MAX_PANELS = 6; // compose windows watched at once on one page
  const MAX_REINSERTS = 5; // then the panel of that compose stays out
  const REINSERT_BASE_MS = 250; // waits 0, 250, 500, 1000, 2000 ms between re-inserts
  const REINSERT_FORGIVE_MS = 10000; // a panel that stayed in for this long earns its tries back
  const FALLBACK_RECHECK_MS = 2000; // an editable area that is no mail body is looked at again after this
  const SEND_WORD = /^send\b/i;

  const composes = new Map(); // editor element -> Compose
  let enabled = false;
  let observer = null;
  let scanTimer = null;

  const env = {
    allComposes: () => Array.from(composes.values()),
    orphaned: () => setTimeout(stop, 0),
  };

  /** Puts a removed panel back (a single-page app re-rendering <body> takes it along), with back-off,
   *  and stops for that compose after a few tries: a page that removes it on purpose wins. */
  function reinsert(c) {
    const st = c.reinsert || (c.reinsert = { count: 0, at: 0, gaveUp: false });
    if (st.gaveUp) return;
    const now = Date.now();
    if (st.count && now - st.at > REINSERT_FORGIVE_MS) st.count = 0;
    if (st.count >= MAX_REINSERTS) {
      st.gaveUp = true;
      console.warn(
        'Follow-up Etiquette: this page keeps removing the etiquette panel; leaving it out for this compose.',
      );
      return;
    }
    const due = st.count ? st.at + REINSERT_BASE_MS * Math.pow(2, st.count - 1) : now;
    if (now < due) {
      setTimeout(scheduleScan, due - now);
      return;
    }
    st.count += 1;
    st.at = now;
    c.panel.attach();
  }

  // The fallback finder's verdicts on editable areas that are no mail body (until they are re-examined).
  const notMailBody = new WeakMap(); // element -> time it was judged
  function hasSendNear(composeRoot) {
    if (adapter.send(composeRoot)) return true;
    const buttons = composeRoot.querySelectorAll('button, [role="button"]');
    for (let i = 0; i < buttons.length && i < 200; i++) {
      const b = buttons[i];
      const words = [
        b.getAttribute('aria-label'),
        b.getAttribute('title'),
        b.getAttribute('data-tooltip'),
        b.textContent,
      ];
      if (words.some((w) => w && SEND_WORD.test(w.trim()))) return true;
    }
    return false;
  }
  /** An editable area the site's own selectors do not know is a compose only if it looks like a mail
   *  body: big enough to write a letter in, with a Send button in its compose window. */
  function looksLikeMailBody(editor) {
    const judged = notMailBody.get(editor);
    if (judged && Date.now() - judged < FALLBACK_RECHECK_MS) return false;
    const r = editor.getBoundingClientRect();
    const ok = r.width >= 200 && r.height >= 80 && hasSendNear(adapter.root(editor));
    if (!ok) notMailBody.set(editor, Date.now());
    return ok;
  }
  function bySiteSelectors(editor) {
    try {
      return editor.matches(adapter.bodySelector);
    } catch (e) {
      report(e, 'main: site body selector');
      return false;
    }
  }

  /** The editors to watch: those the site adapter knows; only when it knows none, the fallback's
   *  finds that look like a mail body. */
  function editorsToWatch() {
    const found = adapter.findEditors(document);
    const known = found.filter(bySiteSelectors);
    return known.length ? known : found.filter((e) => !bySiteSelectors(e) && looksLikeMailBody(e));
  }

  function scan() {
    scanTimer = null;
    if (!enabled) return;
    try {
      for (const [editor, c] of composes) {
        if (!c.isConnected()) {
          c.destroy();
          composes.delete(editor);
          continue;
        }
        if (!c.panel.host.isConnected) reinsert(c);
      }
      // The page changed around the compose windows: they may have moved (Gmail re-stacks its
      // pop-ups when one closes), so place the panels again.
      for (const c of composes.values()) {
        c.scheduleFrame(true);
        // A recipient chip added or removed: the compose may now be about another interview.
        c.watchRecipients();
      }
      for (const editor of editorsToWatch()) {
        if (composes.has(editor)) continue;
        if (composes.size >= MAX_PANELS) break;
        // Our own nodes are never editors.
        if (editor.closest('[data-etiquette-panel]')) continue;
        // One panel per compose window, however many editable areas it holds.
        const composeRoot = adapter.root(editor);
        if (Array.from(composes.values()).some((c) => c.root === composeRoot)) continue;
        composes.set(editor, new Compose(adapter, editor, env));
        // A new panel can crowd the others: lay them all out again.
        for (const c of composes.values()) c.scheduleFrame(true);
      }
    } catch (e) {
      // A webmail we do not understand must never see errors from us; the developer does.
      report(e, 'main: compose scan');
    }
  }

  function scheduleScan() {
    if (scanTimer === null) scanTimer = setTimeout(scan, SCAN_DELAY_MS);
  }

  /** Typing adds nodes inside an editor we already watch: that alone is no reason to scan. */
  function onMutations(records) {
    let needScan = false;
    const touched = new Set();
    for (const r of records) {
      let owner = null;
      for (const [editor, c] of composes) {
        if (editor.contains(r.target)) {
          owner = c;
          break;
        }
      }
      if (owner) touched.add(owner);
      else needScan = true;
    }
    for (const c of touched) c.contentChanged();
    if (needScan) scheduleScan();
  }

  // While compose windows are open and the tab is visible, a light heartbeat notices a backend that
  // went away even when the user is not typing (and each panel then retries with back-off).
  const HEARTBEAT_MS = 4000;
  let heartbeatTimer = null;
  async function heartbeat() {
    heartbeatTimer = null;
    if (!enabled) return;
    if (
      composes.size &&
      document.visibilityState === 'visible' &&
      Array.from(composes.values()).some((c) => c.online)
    ) {
      const reply = await root.EtiquetteMessaging.ask({ type: 'health' });
      if (!reply.ok) for (const c of composes.values()) if (c.online) c.goOffline(reply);
    }
    if (enabled) heartbeatTimer = setTimeout(heartbeat, HEARTBEAT_MS);
  }

  function onSelectionChange() {
    const sel = document.getSelection();
    if (!sel || !sel.rangeCount) return;
    const node = sel.anchorNode;
    for (const [editor, c] of composes) {
      if (editor.contains(node)) {
        c.rememberSelection(sel);
        break;
      }
    }
  }

  function onResize() {
    for (const c of composes.values()) c.scheduleFrame(true);
  }

  function start() {
    if (enabled) return;
    enabled = true;
    observer = new MutationObserver(onMutations);
    observer.observe(document.documentElement, { childList: true, subtree: true });
    document.addEventListener('selectionchange', onSelectionChange);
    root.addEventListener('resize', onResize);
    heartbeatTimer = setTimeout(heartbeat, HEARTBEAT_MS);
    scan();
  }

  function stop() {
    enabled = false;
    if (observer) observer.disconnect();
    observer = null;
    document.removeEventListener('selectionchange', onSelectionChange);
    root.removeEventListener('resize', onResize);
    if (heartbeatTimer) clearTimeout(heartbeatTimer);
    heartbeatTimer = null;
    for (const c of composes.values()) c.destroy();
    composes.clear();
  }

  function siteEnabled(disabledSites) {
    return !(Array.isArray(disabledSites) && disabledSites.indexOf(location.hostname) >= 0);
  }

  try {
    const api = root.browserApi;
    Promise.resolve(api.storage.local.get({ disabledSites: [] })).then(
      (s) => {
        if (siteEnabled(s && s.disabledSites)) start();
      },
      () => start(),
    );
    api.storage.onChanged.addListener((changes, area) => {
      if (area !== 'local') return;
      if (changes.disabledSites) {
        if (siteEnabled(changes.disabledSites.newValue)) start();
        else stop();
      }
      // New dictionary words, rules or backend: check every open draft again.
      if (
        changes.dictionary ||
        changes.disabled ||
        changes.backendUrl ||
        changes.token ||
        changes.allowRemote
      ) {
        for (const c of composes.values()) c.checkNow(true);
      }
    });
    // The toolbar popup asks what this page is and how many compose windows we watch.
    api.runtime.onMessage.addListener((msg, sender, reply) => {
      if (sender.id !== api.runtime.id || !msg) return false;
      // What became of a Send queued in the worker's outbox.
      if (msg.type === 'outbox' && typeof msg.key === 'string') {
        for (const c of composes.values())
          c.outboxResult(msg.key, msg.state, typeof msg.reason === 'string' ? msg.reason : '');
        return false;
      }
      if (msg.type !== 'site-info') return false;
      reply({ host: location.hostname, site: adapter.name, enabled, composes: composes.size });
      return false;
    });
  } catch (e) {
    report(e, 'main: reading the settings'); // checks on every site, as by default
    start();
  }
})(globalThis);
