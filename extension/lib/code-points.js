/*
 * Code points vs UTF-16: the backend's warning offsets count code points (it is Python); JS strings
 * count UTF-16 units, so every astral character (most emoji) before a word shifts it by one.
 * Part of EtiquetteCore (lib/core.js); tested in tests/code-points.test.mjs.
 */
(function (root) {
  'use strict';

  const C = (root.EtiquetteCore = root.EtiquetteCore || {});
  // Node (the tests) loads the parts this one calls; a browser has them from the same list as this file.
  if (typeof module !== 'undefined' && module.exports) module.require('./warnings.js');

  const SURROGATE = /[\uD800-\uDFFF]/;

  /** Returns cp -> utf16 index for `text`. Identity (and no allocation) when there is no astral char. */
  function makeCodePointMapper(text) {
    if (!SURROGATE.test(text)) {
      return (cp) => Math.max(0, Math.min(cp, text.length));
    }
    const table = [];
    let i = 0;
    while (i < text.length) {
      table.push(i);
      const c = text.charCodeAt(i);
      const isPair =
        c >= 0xd800 &&
        c <= 0xdbff &&
        i + 1 < text.length &&
        text.charCodeAt(i + 1) >= 0xdc00 &&
        text.charCodeAt(i + 1) <= 0xdfff;
      i += isPair ? 2 : 1;
    }
    table.push(text.length);
    return (cp) => (cp <= 0 ? 0 : cp >= table.length ? text.length : table[cp]);
  }

  /** Backend warnings (code points) -> the same warnings with UTF-16 `start`/`end`, sorted, validated. */
  function toUtf16Warnings(text, warnings) {
    const map = makeCodePointMapper(text);
    const out = [];
    for (const w of Array.isArray(warnings) ? warnings : []) {
      if (!w || typeof w !== 'object') continue;
      const offset = Number.isInteger(w.offset) && w.offset >= 0 ? w.offset : 0;
      const length = Number.isInteger(w.length) && w.length >= 0 ? w.length : 0;
      const start = map(offset);
      const end = map(offset + length);
      out.push(Object.assign({}, w, { start, end, whole: length === 0 }));
    }
    return C.sortWarnings(out);
  }

  const api = { makeCodePointMapper, toUtf16Warnings };
  Object.assign(C, api);
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
