/*
 * Outlook on the web (new Outlook and OWA). The Send button and the reply header have locale-independent
 * ids; the To chips show only a name, so the address comes from an attribute, the persona card or the
 * quoted reply header. Sources: shared/research/webmail-dom.md §2, shared/realdom/SOURCES.md; checked 2026-12-01.
 */
(function (root) {
  'use strict';

  const A = root.EtiquetteAdapters;
  const TO_WELLS = A.words('to').map((w) => '[aria-label="' + w + '"]');

  /** "Name <addr>" (or "Name &lt;addr&gt;" as text) in the reply header: the address of the chip showing Name. */
  function addressFromHeader(name, r) {
    if (!name || !r) return null;
    const wanted = name.trim().toLowerCase();
    for (const el of A.all(r, ['#divRplyFwdMsg', '[id$="divRplyFwdMsg"]', '[id^="x_divRplyFwdMsg"]'])) {
      const text = el.textContent || '';
      const rx = /([^\n<>:;,]{1,120}?)\s*[<([]\s*([^\s<>()[\]]+@[^\s<>()[\]]+\.[^\s<>()[\]]+)\s*[>)\]]/g;
      for (let m = rx.exec(text); m; m = rx.exec(text)) {
        const shown = m[1].replace(/^\s*(?:\S+\s*:\s*)?["']?|["']?\s*$/g, '').toLowerCase();
        if (shown === wanted) return m[2].toLowerCase();
      }
    }
    return null;
  }

  A.register('outlook', {
    name: 'Outlook',
    hosts: ['outlook.live.com', 'outlook.office.com', 'outlook.office365.com', 'outlook.cloud.microsoft'],
    body: [
      ...A.labelled('div[role="textbox"][contenteditable="true"]', 'aria-label', '^=', 'body'), // "Message body, press Alt+F10 to exit" (realdom capture)
      'div[contenteditable="true"][aria-label*="essage body"]', // label variants seen in public content scripts (research §2)
      'div[role="textbox"][contenteditable="true"][aria-multiline="true"]', // generic; To/Cc excluded by isAddressField (issue 14)
      'div.ck-content[contenteditable="true"]', // CKEditor variant (research §2)
    ],
    root: (b) =>
      b.closest('[role="dialog"]') ||
      b.closest('[data-etiquette-compose]') ||
      b.closest('[role="main"]') || // mailvelope: reading-pane compose
      b.closest('form') ||
      b.parentElement,
    subject: [
      'input[id$="_SUBJECT"]', // OWA id (toggl/track-extension outlook.js)
      ...A.labelled('input', 'aria-label', '=', 'subject'), // "Add a subject" (realdom rebuilt chrome; toggl)
      ...A.labelled('input', 'placeholder', '=', 'subject'), // placeholder="Add a subject" (toggl outlook.js); de "Betreff hinzufügen" (research §2)
    ],
    to: [
      '[data-lpc-hover-target-id*="@"]', // chip whose hover-card id is the address (issue 14, peers)
      '[data-selection-index] .lpc-hoverTarget', // new Outlook chips (mailvelope providerSpecific.js @5389fc5)
      '.lpc-hoverTarget', // the chip class alone (realdom rebuilt chrome, issue 14)
      'span[data-lpc-hover-target]', // older OWA chips
      ...TO_WELLS.map((w) => w + ' [title*="@"]'), // a chip whose title is the address (research §2, code-search hits)
      ...TO_WELLS.map((w) => w + ' [aria-label*="@"]'), // a chip whose aria-label holds the address (issue 14, peers)
      '.ms-BasePicker-input', // legacy Fluent picker (research §2)
    ],
    // The chip shows the name only (mailvelope: the address is in the persona card).
    resolveAddress: (el, r) => {
      const name = (el.textContent || '').trim();
      // The persona card, when one is open for this name (mailvelope reads `[data-log-name="Email"] button`).
      for (const field of document.querySelectorAll('[data-log-name="Email"]')) {
        const m = A.EMAIL.exec(field.textContent || '');
        let card = field;
        for (let i = 0; i < 8 && card && !(card.textContent || '').includes(name); i++)
          card = card.parentElement;
        if (m && name && card && card !== document.body) return m[0].toLowerCase();
      }
      return addressFromHeader(name, r);
    },
    send: [
      '#splitButton-ro__primaryActionButton', // reading-pane reply Send, any UI language (realdom SOURCES.md; mailvelope mocks)
      '#splitButton-send__primaryActionButton', // pop-out / new message Send (issue 14)
      ...A.labelled('button', 'aria-label', '=', 'send'), // toggl outlook.js; zh-CN "发送" (realdom SOURCES.md)
      ...A.labelled('button', 'title', '^=', 'send'), // title="Send (Ctrl+Enter)" (realdom rebuilt chrome)
      'button[name="Send"]', // older OWA (toggl outlook.js)
    ],
    skip: A.COMMON_SKIP.concat(['#Signature', '[id^="Signature"]']), // realdom outlook-editor capture
    // Outlook puts the quoted history after a reply header: the marker and everything after it
    // (realdom outlook-reply-history capture: #appendonsend, hr, #divRplyFwdMsg; x_ prefix when re-quoted).
    stop: [
      '#divRplyFwdMsg',
      '#appendonsend',
      '[id$="divRplyFwdMsg"]',
      '[id$="appendonsend"]',
      '#x_divRplyFwdMsg',
    ],
    quote: ['#divRplyFwdMsg', '[id$="divRplyFwdMsg"]', '#appendonsend'],
    inline: (r, e) => !!(e && e.querySelector('#divRplyFwdMsg, #appendonsend, [id$="divRplyFwdMsg"]')),
  });
})(globalThis);
