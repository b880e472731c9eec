/*
 * Yahoo Mail (mail.yahoo.com): stable data-test-id values. Quotes carry a ydp<hash> prefix in delivered
 * and reopened drafts. Sources: shared/research/webmail-dom.md §2, shared/realdom/SOURCES.md; checked 2026-12-01.
 */
(function (root) {
  'use strict';

  const A = root.EtiquetteAdapters;
  // div#yahoo_quoted_9183161140.yahoo_quoted and div#ydp2d263a95yahoo_quoted_3699820886.ydp2d263a95yahoo_quoted
  const QUOTE = ['[class*="yahoo_quoted"]', '[id*="yahoo_quoted"]'];

  A.register('yahoo', {
    name: 'Yahoo Mail',
    hosts: ['mail.yahoo.com'],
    body: [
      '#editor-container > [data-test-id="rte"]', // mailvelope providerSpecific.js @5389fc5; Ivan643 compose.page.js
      '[data-test-id="rte"][contenteditable="true"]', // the same editor outside #editor-container
      ...A.labelled('div[role="textbox"][contenteditable="true"]', 'aria-label', '=', 'body'), // aria-label="Message body" (realdom rebuilt chrome), localized
    ],
    root: (b) =>
      b.closest('[data-test-id="compose"]') ||
      b.closest('[data-test-id="compose-container"]') ||
      b.closest('[role="dialog"]') ||
      b.closest('form') ||
      (b.closest('#editor-container') && b.closest('#editor-container').parentElement) ||
      b.parentElement,
    subject: [
      '[data-test-id="compose-subject"]', // mailvelope; Ivan643
      '#message-subject-field', // Ivan643 compose.page.js
      ...A.labelled('input', 'aria-label', '=', 'subject'), // aria-label="Subject" (realdom rebuilt chrome), localized
    ],
    to: [
      '[data-test-id="container-to"] [data-test-id="pill"]', // pill title "Name <addr>" (realdom SOURCES.md)
      '#message-to-field', // the typing input (Ivan643)
      'input.input-to', // ul.pill-list > li.pill-container input.input-to (mailvelope)
    ],
    send: [
      'button[data-test-id="compose-send-button"]', // Selenium page objects against live Yahoo
      ...A.labelled('button', 'title', '^=', 'send'), // title="Send" (realdom rebuilt chrome), localized
      ...A.labelled('button', 'aria-label', '^=', 'send'),
    ],
    skip: A.COMMON_SKIP.concat(['[data-test-id="quoted-text"]', '.signature', '#ymail_android_signature']),
    // Yahoo's marker before the quoted history is spelt with hyphens (issue 14), also ydp-prefixed.
    stop: ['.yahoo-quoted-begin', '[class*="yahoo-quoted-begin"]'],
    quote: QUOTE.concat(['[class*="yahoo-quoted-begin"]']),
    inline: (r, e) => !!(e && e.querySelector(QUOTE.join(', '))),
  });
})(globalThis);
