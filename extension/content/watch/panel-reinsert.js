/*
 * A panel the page removed goes back in (a single-page app re-rendering <body> takes our host along),
 * with back-off, and stays out for that compose after a few tries: a page that removes it on purpose
 * wins, and never makes us re-insert once per frame (issue 11).
 */
(function (root) {
  'use strict';

  const MAX_REINSERTS = 5; // then the panel of that compose stays out
  const REINSERT_BASE_MS = 250; // waits 0, 250, 500, 1000, 2000 ms between re-inserts
  const REINSERT_FORGIVE_MS = 10000; // a panel that stayed in for this long earns its tries back

  /** Puts compose `c`'s panel back now, or asks `later(ms)` to be called back when it is due. */
  function reinsertPanel(c, later) {
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
      later(due - now);
      return;
    }
    st.count += 1;
    st.at = now;
    c.panel.attach();
  }

  root.EtiquettePanelReinsert = { reinsertPanel };
})(globalThis);
