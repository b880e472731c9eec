/*
 * Timing helpers of the check loop: a debounce, a latest-request ticket and the offline back-off.
 * Part of EtiquetteCore (lib/core.js); tested in tests/timing.test.mjs.
 */
(function (root) {
  'use strict';

  const C = (root.EtiquetteCore = root.EtiquetteCore || {});

  /** Trailing-edge debounce; `cancel()` and `flush()` for teardown and explicit rechecks. */
  function debounce(fn, wait, timers) {
    const t = timers || {
      setTimeout: root.setTimeout.bind(root),
      clearTimeout: root.clearTimeout.bind(root),
    };
    let handle = null;
    let lastArgs = null;
    const run = () => {
      handle = null;
      const args = lastArgs;
      lastArgs = null;
      fn.apply(null, args);
    };
    const debounced = function () {
      lastArgs = arguments;
      if (handle !== null) t.clearTimeout(handle);
      handle = t.setTimeout(run, wait);
    };
    debounced.cancel = () => {
      if (handle !== null) t.clearTimeout(handle);
      handle = null;
      lastArgs = null;
    };
    debounced.flush = () => {
      if (handle !== null) {
        t.clearTimeout(handle);
        run();
      }
    };
    debounced.pending = () => handle !== null;
    return debounced;
  }

  /** Only the newest request's answer is drawn: each request takes a ticket, answers check it. */
  function createLatest() {
    let current = 0;
    return {
      next: () => ++current,
      isCurrent: (ticket) => ticket === current,
      invalidate: () => {
        current++;
      },
    };
  }

  /** Back-off for offline retries: 0.5 s, 1 s, 2 s, 4 s, then every 5 s (a restarted backend is found quickly). */
  function backoffDelay(attempt) {
    return Math.min(5000, 500 * Math.pow(2, Math.max(0, attempt)));
  }

  const api = { debounce, createLatest, backoffDelay };
  Object.assign(C, api);
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
