/*
 * Keeping warnings attached to their words while the user types (between two backend answers).
 * Part of EtiquetteCore (lib/core.js); tested in tests/shift-warnings.test.mjs.
 */
(function (root) {
  'use strict';

  const C = (root.EtiquetteCore = root.EtiquetteCore || {});

  /** The edited window between two versions of the text: common prefix and suffix. */
  function textDiff(before, after) {
    let start = 0;
    const max = Math.min(before.length, after.length);
    while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
    let endBefore = before.length,
      endAfter = after.length;
    while (
      endBefore > start &&
      endAfter > start &&
      before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)
    ) {
      endBefore--;
      endAfter--;
    }
    return { start, endBefore, endAfter };
  }

  /** Moves warnings (UTF-16 start/end) across an edit; drops the ones the edit touched. */
  function shiftWarnings(warnings, before, after) {
    if (before === after) return warnings;
    const d = textDiff(before, after);
    const delta = d.endAfter - d.start - (d.endBefore - d.start);
    const out = [];
    const inserted = after.slice(d.start, d.endAfter);
    const wordy = /[\p{L}\p{N}]/u;
    // Letters typed right against a flagged word change that word; a space or punctuation does not.
    const extendsLeft = wordy.test(inserted.slice(0, 1)) || d.endBefore > d.start;
    const extendsRight = wordy.test(inserted.slice(-1)) || d.endBefore > d.start;
    for (const w of warnings) {
      if (w.whole) {
        out.push(w);
        continue;
      }
      if (w.end < d.start || (w.end === d.start && !extendsLeft)) out.push(w);
      else if (w.start > d.endBefore || (w.start === d.endBefore && !extendsRight)) {
        out.push(Object.assign({}, w, { start: w.start + delta, end: w.end + delta }));
      }
      // otherwise the user is editing those very words: the next answer decides
    }
    return out;
  }

  const api = { textDiff, shiftWarnings };
  Object.assign(C, api);
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
