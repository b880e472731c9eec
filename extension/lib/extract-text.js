/*
 * Text extraction. A walk over a DOM-like tree (only nodeType, nodeName, childNodes, nodeValue are
 * used, plus the caller's predicates), producing the plain text the backend sees and a segment map
 * text-index -> Text node, so a warning can be turned back into a DOM Range (locateRange).
 * Part of EtiquetteCore (lib/core.js); tested in tests/extract-text.test.mjs.
 */
(function (root) {
  'use strict';

  const C = (root.EtiquetteCore = root.EtiquetteCore || {});

  const BLOCK = new Set([
    'ADDRESS',
    'ARTICLE',
    'ASIDE',
    'BLOCKQUOTE',
    'DD',
    'DIV',
    'DL',
    'DT',
    'FIELDSET',
    'FIGCAPTION',
    'FIGURE',
    'FOOTER',
    'FORM',
    'H1',
    'H2',
    'H3',
    'H4',
    'H5',
    'H6',
    'HEADER',
    'HR',
    'LI',
    'MAIN',
    'NAV',
    'OL',
    'P',
    'PRE',
    'SECTION',
    'TABLE',
    'TR',
    'UL',
  ]);
  const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'HEAD', 'TITLE']);

  /**
   * @param rootNode  the editor element
   * @param classify  (element) => 'skip' (leave this subtree out: quote, signature),
   *                  'stop' (this and everything after it is quoted history: Outlook's reply header),
   *                  or a falsy value
   * @returns {text, segments:[{node, start, end}], cut}  cut: true when a 'stop' or signature ended it
   */
  function extractText(rootNode, classify) {
    let text = '';
    const segments = [];
    let stopped = false;
    const newline = () => {
      if (text.length && text[text.length - 1] !== '\n') text += '\n';
    };
    const walk = (node) => {
      for (let child = node.firstChild; child && !stopped; child = child.nextSibling) {
        if (child.nodeType === 3) {
          const value = child.nodeValue || '';
          if (!value) continue;
          segments.push({ node: child, start: text.length, end: text.length + value.length });
          // A no-break space is a space to the checker; same length, so offsets do not move.
          text += value.indexOf('\u00a0') >= 0 ? value.replace(/\u00a0/g, ' ') : value;
        } else if (child.nodeType === 1) {
          const name = child.nodeName.toUpperCase();
          if (SKIP_TAGS.has(name)) continue;
          const verdict = classify ? classify(child) : null;
          if (verdict === 'stop') {
            stopped = true;
            break;
          }
          if (verdict === 'skip') {
            if (BLOCK.has(name)) newline();
            continue;
          }
          if (name === 'BR') {
            text += '\n';
            continue;
          }
          const block = BLOCK.has(name);
          if (block) newline();
          walk(child);
          if (block) newline();
        }
      }
    };
    walk(rootNode);
    const cutAt = signatureStart(text);
    let cut = stopped;
    if (cutAt >= 0) {
      cut = true;
      text = text.slice(0, cutAt);
      while (segments.length && segments[segments.length - 1].start >= cutAt) segments.pop();
      const last = segments[segments.length - 1];
      if (last && last.end > cutAt) segments[segments.length - 1] = Object.assign({}, last, { end: cutAt });
    }
    return { text, segments, cut };
  }

  /** Index where a conventional "-- " signature line starts, or -1. Only a line that is exactly
   *  "--" or "-- " counts: "--" inside a sentence or a "---" rule is the user's own text. */
  function signatureStart(text) {
    const m = /(^|\n)--[ \u00a0]?(\n|$)/.exec(text);
    if (!m) return -1;
    return m.index + m[1].length;
  }

  /** Binary search: DOM boundary points for text [start, end). null when the span is not in the map.
   *  A boundary in a virtual newline (between blocks) snaps to the nearest real text inside the span. */
  function locateRange(segments, start, end) {
    if (!segments.length || end < start) return null;
    // first segment whose end is after `start`
    let lo = 0,
      hi = segments.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (segments[mid].end > start) hi = mid;
      else lo = mid + 1;
    }
    const a = segments[lo];
    if (!a) return null;
    const startOffset = Math.max(0, start - a.start);
    // last segment whose start is before `end` (for an empty span: the start segment itself)
    let b = a;
    if (end > start) {
      lo = 0;
      hi = segments.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (segments[mid].start < end) lo = mid + 1;
        else hi = mid;
      }
      b = segments[lo - 1];
      if (!b) return null;
    }
    const endOffset = end > start ? Math.min(b.end, end) - b.start : startOffset;
    if (a.start + startOffset > b.start + endOffset) return null;
    return { startNode: a.node, startOffset, endNode: b.node, endOffset };
  }

  const api = { extractText, signatureStart, locateRange };
  Object.assign(C, api);
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
