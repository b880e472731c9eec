/*
 * A page's budget of the requests it can set off without the user: checks (a draft rewritten by
 * script, compose windows opened and closed by the hundred) and tracker lookups (recipients swapped).
 * A token bucket: a burst at once, then a steady rate; a request over budget waits its turn (it is
 * never dropped, so the last state of every draft is still checked). Part of EtiquetteCore
 * (lib/core.js); tested in tests/request-budget.test.mjs.
 */
(function (root) {
  'use strict';

  const C = (root.EtiquetteCore = root.EtiquetteCore || {});

  /** Up to `burst` requests at once, refilled at `perSecond`. `take(now)` spends one and returns 0,
   *  or spends nothing and returns the milliseconds until one is there. */
  function createRequestBudget(burst, perSecond) {
    let tokens = burst;
    let at = null;
    return {
      take(now) {
        if (at !== null) tokens = Math.min(burst, tokens + ((now - at) * perSecond) / 1000);
        at = now;
        if (tokens >= 1) {
          tokens -= 1;
          return 0;
        }
        return Math.max(1, Math.ceil(((1 - tokens) * 1000) / perSecond));
      },
    };
  }

  const api = { createRequestBudget };
  Object.assign(C, api);
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
