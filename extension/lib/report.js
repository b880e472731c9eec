/*
 * The one way the extension says that something went wrong: `EtiquetteReport.report(error, where)`.
 *
 * Quiet towards the page, loud towards the developer (shared STYLE.md, point 13): a failure is caught
 * at the boundary of a feature and reported here with that feature's name. It goes to the developer
 * console once per distinct stack (a failure repeating on every keystroke is one line, not hundreds),
 * as console.warn (never console.error: the page's own error monitoring should not see us). report()
 * never throws and never touches the page's DOM, so it is safe inside any catch.
 *
 * A classic script like the rest of lib/: the content scripts, the worker (importScripts), the options
 * and popup pages share it through `globalThis.EtiquetteReport`; Node's tests load it with require().
 */
(function (root) {
  'use strict';

  const PREFIX = '[etiquette]';
  // A bound on what is remembered: a page open for days must not grow without end.
  const MAX_REMEMBERED = 200;

  /** What identifies one failure: where it was caught and its stack (or, without one, its text). */
  function fingerprintOf(error, where) {
    let text;
    if (error && typeof error === 'object') {
      text = typeof error.stack === 'string' && error.stack ? error.stack : String(error.message || error);
    } else {
      text = String(error);
    }
    return where + '\n' + text;
  }

  /**
   * A report function that logs to `sink` (an object with warn(), normally the console). Never throws.
   * @returns report(error, where) -> true when it logged, false when this failure was logged already
   */
  function createReporter(sink) {
    const seen = new Set();
    return function report(error, where) {
      try {
        const place = typeof where === 'string' && where ? where : 'unknown place';
        const key = fingerprintOf(error, place);
        if (seen.has(key)) return false;
        if (seen.size >= MAX_REMEMBERED) seen.clear();
        seen.add(key);
        sink.warn(PREFIX + ' ' + place + ':', error);
        return true;
      } catch (failure) {
        // A hostile error object (a throwing getter or toString) or a missing console: nothing more
        // can be said safely, and a reporter that throws would break the catch that called it.
        return false;
      }
    };
  }

  const api = { report: createReporter(root.console), createReporter, PREFIX };
  root.EtiquetteReport = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
