/*
 * Which backend the extension may talk to: the address a user typed, checked the same way by the
 * options page and by the worker before every request. The default address is C.DEFAULT_BACKEND
 * (lib/constants.js). Part of EtiquetteCore (lib/core.js); tested in tests/backend-url.test.mjs.
 */
(function (root) {
  'use strict';

  const C = (root.EtiquetteCore = root.EtiquetteCore || {});

  function isLoopbackHost(hostname) {
    const h = String(hostname || '')
      .toLowerCase()
      .replace(/^\[|\]$/g, '');
    return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
  }

  /**
   * Validates the backend URL a user typed. Loopback http(s) is always fine; any other host only when
   * the user ticked "allow a non-local backend", and then only over https (drafts are private).
   * @returns {ok:true, url, loopback} | {ok:false, error}
   */
  function checkBackendUrl(raw, allowRemote) {
    let u;
    try {
      u = new URL(String(raw || '').trim());
    } catch (e) {
      return { ok: false, error: 'Not a valid URL.' };
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
      return { ok: false, error: 'Use an http:// or https:// address.' };
    if (u.username || u.password)
      return { ok: false, error: 'Put the token in the token field, not in the URL.' };
    if (u.search || u.hash) return { ok: false, error: 'The address must not have a query or fragment.' };
    const loopback = isLoopbackHost(u.hostname);
    if (!loopback) {
      if (!allowRemote)
        return {
          ok: false,
          error:
            'Only a backend on this computer (127.0.0.1 or localhost) is allowed unless you allow another one below.',
        };
      if (u.protocol !== 'https:')
        return { ok: false, error: 'A backend on another computer must use https://.' };
    }
    const path = u.pathname.replace(/\/+$/, '');
    return { ok: true, url: u.origin + path, loopback };
  }

  const api = { isLoopbackHost, checkBackendUrl };
  Object.assign(C, api);
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
