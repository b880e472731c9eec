/*
 * Interview tracker: the fields a panel form may send about an interview (the stages are
 * C.STAGES, lib/constants.js). Part of EtiquetteCore (lib/core.js); tested in
 * tests/interview-fields.test.mjs.
 */
(function (root) {
  'use strict';

  const C = (root.EtiquetteCore = root.EtiquetteCore || {});
  // Node (the tests) loads the parts this one calls; a browser has them from the same list as this file.
  if (typeof module !== 'undefined' && module.exports) {
    module.require('./constants.js');
    module.require('./values.js');
  }

  const INTERVIEW_TEXT_FIELDS = ['company', 'position', 'interviewer'];

  /**
   * The interview fields a panel form may send. Empty strings become null (the user cleared the
   * field); company is required on create and may not be cleared.
   * @returns {ok:true, value} | {ok:false, error}
   */
  function cleanInterviewFields(fields, creating) {
    if (!fields || typeof fields !== 'object' || Array.isArray(fields))
      return { ok: false, error: 'fields must be an object' };
    const out = {};
    for (const k of Object.keys(fields)) {
      let v = fields[k];
      if (typeof v === 'string') v = v.trim();
      if (v === '' || v === undefined) v = null;
      if (INTERVIEW_TEXT_FIELDS.indexOf(k) >= 0) {
        if (v !== null && !C.isShortString(v, 200))
          return { ok: false, error: k + ': at most 200 characters' };
      } else if (k === 'interviewer_email') {
        if (v !== null && !(v = C.cleanEmail(v)))
          return { ok: false, error: 'interviewer_email: not an email address' };
      } else if (k === 'interview_at') {
        if (v !== null && !C.isIsoDateTime(v)) return { ok: false, error: 'interview_at: a date and time' };
      } else if (k === 'decision_by') {
        if (v !== null && !C.isIsoDate(v) && !C.isIsoDateTime(v))
          return { ok: false, error: 'decision_by: a date' };
      } else if (k === 'stage') {
        if (C.STAGES.indexOf(v) < 0) return { ok: false, error: 'stage: one of ' + C.STAGES.join(', ') };
      } else {
        return { ok: false, error: 'unknown field ' + k };
      }
      out[k] = v;
    }
    if ((creating || 'company' in out) && !out.company) return { ok: false, error: 'company: required' };
    return { ok: true, value: out };
  }

  const api = { cleanInterviewFields };
  Object.assign(C, api);
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
