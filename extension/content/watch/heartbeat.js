/*
 * While compose windows are open and the tab is visible, a light heartbeat notices a backend that went
 * away even when the user is not typing (each panel then retries with back-off, check-loop.js).
 */
(function (root) {
  'use strict';

  const HEARTBEAT_MS = 4000;

  /** A heartbeat over `composes()` (the watched Compose objects); start() and stop() may alternate. */
  function createHeartbeat(composes) {
    let timer = null;
    // Each start() begins a new run; a beat still awaiting its answer from an earlier run ends there,
    // so switching the site off and on while a beat is out never leaves two heartbeats going.
    let run = 0;

    async function beat(mine) {
      timer = null;
      const cs = composes();
      if (cs.length && document.visibilityState === 'visible' && cs.some((c) => c.online)) {
        const reply = await root.EtiquetteMessaging.ask({ type: 'health' });
        if (mine !== run) return;
        if (!reply.ok) for (const c of composes()) if (c.online) c.goOffline(reply);
      }
      if (mine === run) timer = setTimeout(() => beat(mine), HEARTBEAT_MS);
    }

    return {
      start() {
        this.stop();
        const mine = run;
        timer = setTimeout(() => beat(mine), HEARTBEAT_MS);
      },
      stop() {
        run += 1;
        if (timer) clearTimeout(timer);
        timer = null;
      },
    };
  }

  root.EtiquetteHeartbeat = { createHeartbeat };
})(globalThis);
