/*
 * Messages from the content scripts to the background worker, the only part of the extension that
 * reaches the backend (DESIGN.md, Data flow).
 */
(function (root) {
  'use strict';

  /** Messages to the background worker; never throws (the extension may have been reloaded). The
   *  message leaves synchronously (before the first await), so a Send logged as the webmail closes
   *  the compose window is on its way even if this script's page goes away. */
  function ask(message) {
    try {
      const api = root.browserApi;
      if (!api || !api.runtime || !api.runtime.id)
        return Promise.resolve({ ok: false, status: 'offline', reason: 'reloaded' });
      return Promise.resolve(api.runtime.sendMessage(message)).then(
        (reply) => reply || { ok: false, status: 'offline', error: 'no reply' },
        (err) => ({
          ok: false,
          status: 'offline',
          error: String((err && err.message) || err),
          reason: /context invalidated|Receiving end/i.test(String(err && err.message))
            ? 'reloaded'
            : undefined,
        }),
      );
    } catch (e) {
      return Promise.resolve({
        ok: false,
        status: 'offline',
        reason: 'reloaded',
        error: String(e && e.message),
      });
    }
  }

  root.EtiquetteMessaging = { ask };
})(globalThis);
