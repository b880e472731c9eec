/*
 * Messages from the content scripts to the background worker, the only part of the extension that
 * reaches the backend (DESIGN.md, Data flow). Every reply is `{ok: true, ...}` or
 * `{ok: false, reason, error}`, the one shape the worker answers with (fail() in
 * background/worker.js); a reply that never comes is made into the same shape here.
 */
(function (root) {
  'use strict';

  // Reasons that mean the checker cannot be reached from here at all (the panel shows it offline).
  const UNREACHABLE = ['offline', 'config', 'reloaded'];

  const failed = (reason, error) => ({ ok: false, reason, error });

  /** Messages to the background worker; never throws (the extension may have been reloaded). The
   *  message leaves synchronously (before the first await), so a Send logged as the webmail closes
   *  the compose window is on its way even if this script's page goes away. */
  function ask(message) {
    try {
      const api = root.browserApi;
      if (!api || !api.runtime || !api.runtime.id) return Promise.resolve(failed('reloaded', ''));
      return Promise.resolve(api.runtime.sendMessage(message)).then(
        (reply) => reply || failed('offline', 'no reply'),
        (err) =>
          failed(
            /context invalidated|Receiving end/i.test(String(err && err.message)) ? 'reloaded' : 'offline',
            String((err && err.message) || err),
          ),
      );
    } catch (e) {
      return Promise.resolve(failed('reloaded', String(e && e.message)));
    }
  }

  /** The reply says the checker is not reachable (not running, address not allowed, extension reloaded). */
  function unreachable(reply) {
    return !reply.ok && UNREACHABLE.indexOf(reply.reason) >= 0;
  }

  root.EtiquetteMessaging = { ask, unreachable };
})(globalThis);
