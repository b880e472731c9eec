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

  const adapter = root.EtiquetteAdapters.forHost(location.hostname);
  if (!adapter) return;
  const { Compose } = root.EtiquetteCompose;
  const SCAN_DELAY_MS = 30;

  const composes = new Map(); // editor element -> Compose
  let enabled = false;
  let observer = null;
  let scanTimer = null;

  const env = {
    allComposes: () => Array.from(composes.values()),
    orphaned: () => setTimeout(stop, 0),
  };

  function scan() {
    scanTimer = null;
    if (!enabled) return;
    try {
      for (const [editor, c] of composes) {
        if (!c.isConnected()) { c.destroy(); composes.delete(editor); continue; }
        // A single-page app that re-renders <body> takes our host with it: put it back.
        if (!c.panel.host.isConnected) c.panel.attach();
      }
      // The page changed around the compose windows: they may have moved (Gmail re-stacks its
      // pop-ups when one closes), so place the panels again.
      for (const c of composes.values()) {
        c.scheduleFrame(true);
        // A recipient chip added or removed: the compose may now be about another interview.
        c.watchRecipients();
      }
      for (const editor of adapter.findEditors(document)) {
        if (composes.has(editor)) continue;
        // Our own nodes are never editors; and an editor must be visible to be a compose.
        if (editor.closest('[data-etiquette-panel]')) continue;
        composes.set(editor, new Compose(adapter, editor, env));
        // A new panel can crowd the others: lay them all out again.
        for (const c of composes.values()) c.scheduleFrame(true);
      }
    } catch (e) {
      // A webmail we do not understand must never see errors from us.
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
        if (editor.contains(r.target)) { owner = c; break; }
      }
      if (owner) touched.add(owner); else needScan = true;
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
    if (composes.size && document.visibilityState === 'visible' &&
        Array.from(composes.values()).some((c) => c.online)) {
      const reply = await root.EtiquetteCompose.ask({ type: 'health' });
      if (!reply.ok) for (const c of composes.values()) if (c.online) c.goOffline(reply);
    }
    if (enabled) heartbeatTimer = setTimeout(heartbeat, HEARTBEAT_MS);
  }

  function onSelectionChange() {
    const sel = document.getSelection();
    if (!sel || !sel.rangeCount) return;
    const node = sel.anchorNode;
    for (const [editor, c] of composes) {
      if (editor.contains(node)) { c.rememberSelection(sel); break; }
    }
  }

  function onResize() { for (const c of composes.values()) c.scheduleFrame(true); }

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
      (s) => { if (siteEnabled(s && s.disabledSites)) start(); },
      () => start());
    api.storage.onChanged.addListener((changes, area) => {
      if (area !== 'local') return;
      if (changes.disabledSites) {
        if (siteEnabled(changes.disabledSites.newValue)) start(); else stop();
      }
      // New dictionary words, rules or backend: check every open draft again.
      if (changes.dictionary || changes.disabled || changes.backendUrl || changes.token || changes.allowRemote) {
        for (const c of composes.values()) c.checkNow(true);
      }
    });
    // The toolbar popup asks what this page is and how many compose windows we watch.
    api.runtime.onMessage.addListener((msg, sender, reply) => {
      if (sender.id !== api.runtime.id || !msg) return false;
      // What became of a Send queued in the worker's outbox.
      if (msg.type === 'outbox' && typeof msg.key === 'string') {
        for (const c of composes.values()) c.outboxResult(msg.key, msg.state, typeof msg.reason === 'string' ? msg.reason : '');
        return false;
      }
      if (msg.type !== 'site-info') return false;
      reply({ host: location.hostname, site: adapter.name, enabled, composes: composes.size });
      return false;
    });
  } catch (e) {
    start();
  }
})(globalThis);
