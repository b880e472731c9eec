/*
 * Finds compose windows as they come and go, and keeps one Compose (content/compose/) per window.
 *
 * One MutationObserver on the document (childList only — typing inside a text node does not wake
 * it). Bursts of mutations are coalesced: the first one arms a short timer, later ones ride along,
 * so a compose window gets its panel within a frame or two of appearing, and a busy webmail does not
 * make us scan on every mutation. Mutations inside an editor we already watch are that compose's own
 * business (its text changed), never a reason to scan.
 */
(function (root) {
  'use strict';

  const { report } = root.EtiquetteReport;
  const { Compose } = root.EtiquetteCompose;
  const { createComposeFinder } = root.EtiquetteComposeFinder;
  const { reinsertPanel } = root.EtiquettePanelReinsert;
  const { createHeartbeat } = root.EtiquetteHeartbeat;
  const SCAN_DELAY_MS = 30;
  // Bounded on any page (issue 11): a page full of editable areas costs a few panels, never one per area.
  const MAX_PANELS = 6; // compose windows watched at once on one page
  // Checks and tracker lookups the page's changes can set off, all composes together: a burst (every
  // panel's first check, a setting changed) at once, then 5 a second, where a user typing in one
  // compose asks at most 4 (one per pause, check-loop.js). Issue 11's bounds, for requests.
  const REQUEST_BURST = 12;
  const REQUESTS_PER_SECOND = 5;

  /** The watcher of this page for the site's `adapter`: start(), stop(), and what it watches. */
  function createPageWatcher(adapter) {
    const composes = new Map(); // editor element -> Compose
    const finder = createComposeFinder(adapter);
    const all = () => Array.from(composes.values());
    const heartbeat = createHeartbeat(all);
    let enabled = false;
    let observer = null;
    let scanTimer = null;

    const env = {
      allComposes: all,
      orphaned: () => setTimeout(stop, 0),
      budget: root.EtiquetteCore.createRequestBudget(REQUEST_BURST, REQUESTS_PER_SECOND),
    };

    /** The compose whose editor holds `node`, if any. */
    function owner(node) {
      for (const [editor, c] of composes) if (editor.contains(node)) return c;
      return null;
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
          if (!c.panel.host.isConnected) reinsertPanel(c, (ms) => setTimeout(scheduleScan, ms));
        }
        // The page changed around the compose windows: they may have moved (Gmail re-stacks its
        // pop-ups when one closes), so place the panels again.
        for (const c of composes.values()) {
          c.scheduleFrame(true);
          // A recipient chip added or removed: the compose may now be about another interview.
          c.watchRecipients();
        }
        for (const editor of finder.editorsToWatch()) {
          if (composes.has(editor)) continue;
          if (composes.size >= MAX_PANELS) break;
          // Our own nodes are never editors.
          if (editor.closest('[data-etiquette-panel]')) continue;
          // One panel per compose window, however many editable areas it holds.
          const composeRoot = adapter.root(editor);
          if (all().some((c) => c.root === composeRoot)) continue;
          composes.set(editor, new Compose(adapter, editor, env));
          // A new panel can crowd the others: lay them all out again.
          for (const c of composes.values()) c.scheduleFrame(true);
        }
      } catch (e) {
        // A webmail we do not understand must never see errors from us; the developer does.
        report(e, 'page watcher: compose scan');
      }
    }

    function scheduleScan() {
      if (scanTimer === null) scanTimer = setTimeout(scan, SCAN_DELAY_MS);
    }

    function onMutations(records) {
      let needScan = false;
      const touched = new Set();
      for (const r of records) {
        const c = owner(r.target);
        if (c) touched.add(c);
        else needScan = true;
      }
      for (const c of touched) c.contentChanged();
      if (needScan) scheduleScan();
    }

    function onSelectionChange() {
      const sel = document.getSelection();
      if (!sel || !sel.rangeCount) return;
      const c = owner(sel.anchorNode);
      if (c) c.rememberSelection(sel);
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
      heartbeat.start();
      scan();
    }

    function stop() {
      enabled = false;
      if (observer) observer.disconnect();
      observer = null;
      document.removeEventListener('selectionchange', onSelectionChange);
      root.removeEventListener('resize', onResize);
      heartbeat.stop();
      for (const c of composes.values()) c.destroy();
      composes.clear();
    }

    return {
      start,
      stop,
      composes: all,
      get enabled() {
        return enabled;
      },
    };
  }

  root.EtiquettePageWatcher = { createPageWatcher };
})(globalThis);
