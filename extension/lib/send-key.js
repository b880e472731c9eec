/*
 * One Send, one log entry: the Idempotency-Key of a Send, from the compose window and its words.
 * Part of EtiquetteCore (lib/core.js); tested in tests/send-key.test.mjs.
 */
(function (root) {
  'use strict';

  const C = (root.EtiquetteCore = root.EtiquetteCore || {});

  /** FNV-1a, 32 bits, hex: a short fingerprint of a draft (not a security measure). */
  function fingerprint(text) {
    let h = 0x811c9dc5;
    const s = String(text);
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, '0');
  }

  /**
   * The Idempotency-Key for logging one Send: the compose window's own id plus a fingerprint of what
   * is being sent. A click and Ctrl+Enter (or a double click, or "mark as sent" then Send) on the same
   * draft give the same key, so the backend logs it once; the same compose element reused for a new
   * message (different words) gets a new key.
   */
  function sendKey(composeId, text) {
    const id =
      String(composeId || '')
        .replace(/[^A-Za-z0-9_-]/g, '')
        .slice(0, 64) || 'compose';
    return 'etq-' + id + ':' + fingerprint(String(text || '').trim());
  }

  const api = { fingerprint, sendKey };
  Object.assign(C, api);
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
