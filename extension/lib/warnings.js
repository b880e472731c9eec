/*
 * The warnings the panel shows: their order, their groups by severity, the verdict of what is
 * still shown, and the key that keeps an ignored warning ignored.
 * Part of EtiquetteCore (lib/core.js); tested in tests/warnings.test.mjs.
 */
(function (root) {
  'use strict';

  const C = (root.EtiquetteCore = root.EtiquetteCore || {});
  // Node (the tests) loads the parts this one calls; a browser has them from the same list as this file.
  if (typeof module !== 'undefined' && module.exports) module.require('./constants.js');

  /** Sorted by position, whole-draft warnings (length 0) first; stable for equal keys. */
  function sortWarnings(warnings) {
    return warnings
      .map((w, i) => [w, i])
      .sort((a, b) => {
        const wa = a[0],
          wb = b[0];
        if (wa.whole !== wb.whole) return wa.whole ? -1 : 1;
        return wa.start - wb.start || wa.end - wb.end || a[1] - b[1];
      })
      .map((p) => p[0]);
  }

  /** Groups for the panel in the backend's severity order (C.SEVERITIES: errors, then warnings, then
   *  suggestions), each in text order; an unknown severity counts as a warning. Titles come from the
   *  backend's labels (GET /api/v1/rules `labels.groups`, i.e. shared-rules/labels.yml). */
  function groupBySeverity(warnings, titles) {
    const title = (s) => (titles && typeof titles[s] === 'string' ? titles[s] : s);
    const groups = C.SEVERITIES.map((s) => ({ severity: s, title: title(s), items: [] }));
    const fallback = C.SEVERITIES.indexOf('warning');
    for (const w of sortWarnings(warnings)) {
      const i = C.SEVERITIES.indexOf(w.severity);
      groups[i >= 0 ? i : fallback].items.push(w);
    }
    return groups.filter((g) => g.items.length);
  }

  /** Verdict recomputed from what is still shown (after the user ignores warnings). */
  function verdictOf(warnings) {
    if (warnings.some((w) => w.severity === 'error')) return 'fix';
    if (warnings.some((w) => w.severity === 'warning')) return 'review';
    return 'ready';
  }

  /** Ignore keys: the same words flagged by the same rule stay ignored while the draft lives. */
  function warningKey(w) {
    return (w.rule || '') + '\u0000' + (w.excerpt || '').toLowerCase();
  }

  const api = { sortWarnings, groupBySeverity, verdictOf, warningKey };
  Object.assign(C, api);
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
