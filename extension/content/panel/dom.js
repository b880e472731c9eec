/*
 * Building the panel's nodes: createElement/textContent only, never innerHTML (webmails such as Gmail
 * enforce Trusted Types, and text from the backend must never be parsed as markup), and every handler
 * wired through `trusted()`, so a page script's synthetic event never acts on the panel (issue 11).
 */
(function (root) {
  'use strict';

  /** A handler that runs only for the user's own input, never for an event a script dispatched. */
  function trusted(fn) {
    return (e) => {
      if (e && e.isTrusted) fn(e);
    };
  }

  /** Text the page must not find with window.find(): drawn by CSS from an attribute (see panel.js's head). */
  function shown(text, tag) {
    const el = document.createElement(tag || 'span');
    el.className = 'gt';
    el.setAttribute('data-t', String(text));
    return el;
  }

  /** An element: `attrs` class, text, on<event> (trusted only) or attributes; children nodes or strings. */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    if (attrs) {
      for (const k of Object.keys(attrs)) {
        const v = attrs[k];
        if (v === null || v === undefined || v === false) continue;
        if (k === 'class') el.className = v;
        else if (k === 'text') el.textContent = v;
        else if (k.startsWith('on')) el.addEventListener(k.slice(2), trusted(v));
        else el.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return el;
  }

  root.EtiquettePanelDom = { h, trusted, shown };
})(globalThis);
