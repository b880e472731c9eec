/*
 * Gmail (mail.google.com). Structure first: g_editable, the compose root div.M9, the send row .IZ .Up.
 * Sources: shared/research/webmail-dom.md §1 and shared/realdom/SOURCES.md; checked 2026-12-01.
 */
(function (root) {
  'use strict';

  const A = root.EtiquetteAdapters;
  A.register('gmail', {
    name: 'Gmail',
    hosts: ['mail.google.com'],
    body: [
      'div[g_editable="true"][contenteditable="true"]', // InboxSDK getMaybeBodyElement; realdom 2020 + 2025 captures
      'div.Am.Al.editable[contenteditable="true"]', // mailvelope providerSpecific.js @a1c1fa9 (2026-01)
      ...A.labelled('div', 'aria-label', '=', 'body').map((s) => s + '[contenteditable="true"]'), // localized label (realdom es capture)
      'div[role="textbox"][contenteditable="true"][aria-multiline="true"]', // generic; To/Cc excluded by isAddressField
    ],
    root: (b) =>
      b.closest('div.M9') ||
      b.closest('[role="dialog"]') ||
      b.closest('.AO, .ip') || // gmail.js compose root (2026-03)
      (b.closest('form') && b.closest('form').parentElement) ||
      b.parentElement,
    subject: [
      'input[name="subjectbox"]', // InboxSDK getSubjectInput; realdom 2020 capture
      ...A.labelled('input', 'aria-label', '=', 'subject'), // aria-label="Subject" (realdom 2020 capture), localized
    ],
    to: [
      '.anm[name="to"] [role="option"][data-hovercard-id]', // InboxSDK page-parser.ts getRecipientChips (2021+ UI)
      'div[name="to"] [data-hovercard-id]', // gmail.js peoplekit recipients()
      '.vR input[type="hidden"][name="to"]', // legacy chip row (realdom gmail-chip-legacy capture)
      '.agb .afV[data-hovercard-id]', // mailvelope (2026-01)
      'span[email]', // legacy chip span.vN[email] (realdom capture)
    ],
    send: [
      // InboxSDK getSendButton @015a9a3: Send+Archive is .Uo, schedule-send has aria-haspopup, and other
      // extensions' buttons injected into the same row carry classes starting inboxsdk_.
      '.IZ .Up div > div[role="button"]:not(.Uo):not([aria-haspopup="true"]):not([class^="inboxsdk_"])', // realdom 2020 capture: div#:79 in table.IZ td.gU.Up div.dC
      'div[role="button"].T-I.T-I-atl:not([aria-haspopup="true"]):not([class^="inboxsdk_"]):not(.gmailjscomposebutton)', // gmail.js send_button
      ...A.labelled('div[role="button"]:not([class^="inboxsdk_"])', 'data-tooltip', '^=', 'send'), // localized tooltip "Send ‪(Ctrl-Enter)‬"
      ...A.labelled('[role="button"]:not([class^="inboxsdk_"])', 'aria-label', '^=', 'send'), // aria-label "Send ‪(Ctrl-Enter)‬" (realdom 2020 capture)
    ],
    skip: A.COMMON_SKIP,
    // Gmail's quote header "On … wrote:" / "---------- Forwarded message ---------": the quoted history
    // starts there. In a forward it sits inside .gmail_quote_container after the user's own note.
    stop: ['.gmail_quote_container > .gmail_attr', '.gmail_attr'],
    quote: ['.gmail_attr', '.gmail_quote:not(.gmail_quote_container)', 'blockquote'],
    // gmail.js is_inline: a compose inside the thread view (.AO) is an inline reply.
    inline: (r) => !!r.closest('.AO'),
    // A reply's quote stays out of the editor until "Show trimmed content": the thread view holds the
    // message instead, each as div.gs with its sender span.gD[email][name], its date span.g3[title] and
    // its body div.a3s (realdom gmail-thread-2016-zh capture), checked 2026-12-01.
    threadMessage: (r, email) => {
      const thread = r.closest('.AO') || r.ownerDocument;
      let found = null;
      for (const msg of thread.querySelectorAll('.gs')) {
        const from = msg.querySelector('.gD[email]');
        const body = msg.querySelector('.a3s');
        if (
          from &&
          body &&
          (!email || from.getAttribute('email').toLowerCase() === email) &&
          !r.contains(msg)
        )
          found = { msg, from, body };
      }
      if (!found) return null;
      const when = found.msg.querySelector('.g3[title]');
      const name = found.from.getAttribute('name') || found.from.textContent.trim();
      return {
        header:
          'On ' +
          (when ? when.getAttribute('title') : '') +
          ', ' +
          name +
          ' <' +
          found.from.getAttribute('email') +
          '> wrote:',
        body: found.body,
      };
    },
  });
})(globalThis);
