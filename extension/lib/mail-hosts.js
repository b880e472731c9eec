/*
 * The webmail hosts the extension works on, read from its own manifest: the content_scripts `matches`
 * patterns are the one list of them (the worker asks `runtime.getManifest()` instead of keeping a copy).
 * Part of EtiquetteCore (lib/core.js); tested in tests/mail-hosts.test.mjs.
 */
(function (root) {
  'use strict';

  const C = (root.EtiquetteCore = root.EtiquetteCore || {});

  // Only a whole https host matches ("https://mail.google.com/*"): a wildcard pattern would admit
  // hosts nobody listed, so none is read as one.
  const HOST_PATTERN = /^https:\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)+)\/\*$/;

  /** The hosts of every content script's match patterns, in manifest order, each once; [] for anything
   *  that is not a manifest (it never throws). */
  function mailHosts(manifest) {
    const hosts = [];
    const scripts = manifest && Array.isArray(manifest.content_scripts) ? manifest.content_scripts : [];
    for (const script of scripts) {
      for (const pattern of script && Array.isArray(script.matches) ? script.matches : []) {
        const m = HOST_PATTERN.exec(String(pattern));
        if (m && hosts.indexOf(m[1]) < 0) hosts.push(m[1]);
      }
    }
    return hosts;
  }

  const api = { mailHosts };
  Object.assign(C, api);
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
