/*
 * Checks of single values a content script sends (strings, ids, e-mail addresses, ISO dates), shared
 * by the message whitelist and the interview form.
 * Part of EtiquetteCore (lib/core.js); tested in tests/values.test.mjs.
 */
(function (root) {
  'use strict';

  const C = (root.EtiquetteCore = root.EtiquetteCore || {});
  // Node (the tests) loads the parts this one calls; a browser has them from the same list as this file.
  if (typeof module !== 'undefined' && module.exports) module.require('./constants.js');

  function isShortString(v, max) {
    return typeof v === 'string' && v.length <= max;
  }

  const EMAIL_RE = /^[^\s@<>"'(),;:]{1,64}@[^\s@<>"'(),;:]+\.[^\s@<>"'(),;:]{2,}$/;

  /** A database id the backend may send: a positive integer JavaScript holds exactly (C.MAX_ID). */
  const isId = (v) => Number.isInteger(v) && v > 0 && v <= C.MAX_ID;
  function cleanEmail(v) {
    const e = typeof v === 'string' ? v.trim().toLowerCase() : '';
    return e.length <= 320 && EMAIL_RE.test(e) ? e : null;
  }
  /** 2026-11-25T10:00, with optional seconds and an optional Z or ±hh:mm offset. */
  function isIsoDateTime(v) {
    return (
      typeof v === 'string' &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?$/.test(v) &&
      !isNaN(Date.parse(v.slice(0, 10)))
    );
  }
  function isIsoDate(v) {
    return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !isNaN(Date.parse(v));
  }

  const api = { isShortString, isId, cleanEmail, isIsoDateTime, isIsoDate };
  Object.assign(C, api);
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
