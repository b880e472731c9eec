/*
 * Interview times between the form's <input type="datetime-local"> (the browser's local time) and
 * the backend's ISO 8601, and the time a new interview's form starts with.
 * Part of EtiquetteCore (lib/core.js); tested in tests/local-time.test.mjs.
 */
(function (root) {
  'use strict';

  const C = (root.EtiquetteCore = root.EtiquetteCore || {});
  // Node (the tests) loads the parts this one calls; a browser has them from the same list as this file.
  if (typeof module !== 'undefined' && module.exports) module.require('./values.js');

  const pad2 = (n) => String(n).padStart(2, '0');
  /** A Date as an <input type="datetime-local"> value, in the browser's local time. */
  function toLocalInput(date) {
    return (
      date.getFullYear() +
      '-' +
      pad2(date.getMonth() + 1) +
      '-' +
      pad2(date.getDate()) +
      'T' +
      pad2(date.getHours()) +
      ':' +
      pad2(date.getMinutes())
    );
  }
  /** A datetime-local value as ISO 8601 with this browser's offset, so the backend (perhaps in
   *  another zone) stores the instant the user meant. '' → null; unparseable → null. */
  function localInputToIso(value, offsetMinutesFor) {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(String(value || ''));
    if (!m) return null;
    const d = new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
    if (isNaN(d.getTime())) return null;
    const off = offsetMinutesFor ? offsetMinutesFor(d) : -d.getTimezoneOffset();
    const sign = off < 0 ? '-' : '+';
    const a = Math.abs(off);
    return value + ':00' + sign + pad2(Math.floor(a / 60)) + ':' + pad2(a % 60);
  }
  /** An ISO time from the backend as a datetime-local value in this browser's zone ('' if none). */
  function isoToLocalInput(iso) {
    if (typeof iso !== 'string' || !iso) return '';
    // No offset = the server's local time, which for a local backend is ours: take the digits as they are.
    if (!/(Z|[+-]\d{2}:\d{2})$/.test(iso))
      return iso.length >= 16 ? iso.slice(0, 16) : C.isIsoDate(iso) ? iso + 'T09:00' : '';
    const d = new Date(iso);
    return isNaN(d.getTime()) ? '' : toLocalInput(d);
  }

  /**
   * When the interview probably was, for a new interview's form (the user can change it): a
   * thank-you is written soon after the interview, so the last whole hour at least an hour ago; a
   * follow-up comes about a week later, so a week before that.
   */
  function defaultInterviewTime(now, kind) {
    const d = new Date(now.getTime() - 60 * 60 * 1000);
    d.setMinutes(0, 0, 0);
    if (kind === 'follow_up') d.setDate(d.getDate() - 7);
    return d;
  }

  const api = { toLocalInput, localInputToIso, isoToLocalInput, defaultInterviewTime };
  Object.assign(C, api);
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
