/*
 * Site adapters: every webmail selector the extension uses lives in this one file, each as an ordered
 * fallback chain (stable attributes first — role, name, aria, data-test-id — then class tokens that
 * webmails rename more often). Sources for each selector: shared/research/webmail-dom.md.
 * Last checked against the research notes: 2026-11.
 *
 * An adapter answers, for one editor element: which element is the compose window (root), where the
 * subject and recipients and Send are, and which parts of the body are not the user's own words
 * (quoted history, signature). Everything is scoped to the compose root so two composes never mix.
 */
(function (root) {
  'use strict';

  const first = (scope, selectors) => {
    if (!scope) return null;
    for (const s of selectors) {
      try {
        const el = scope.querySelector(s);
        if (el) return el;
      } catch (e) { /* an unsupported selector in an old browser: try the next */ }
    }
    return null;
  };
  const all = (scope, selectors) => {
    const out = [];
    if (!scope) return out;
    for (const s of selectors) {
      try { scope.querySelectorAll(s).forEach((el) => { if (out.indexOf(el) < 0) out.push(el); }); } catch (e) { /* skip */ }
    }
    return out;
  };
  const EMAIL = /[^\s<>"'(),;:]+@[^\s<>"'(),;:]+\.[^\s<>"'(),;:]+/;
  const emailOf = (el) => {
    const candidates = [el.getAttribute('data-hovercard-id'), el.getAttribute('email'), el.getAttribute('title'),
      el.getAttribute('value'), el.getAttribute('aria-label'), el.value, el.textContent];
    for (const c of candidates) {
      const m = c && EMAIL.exec(c);
      if (m) return m[0].toLowerCase();
    }
    return null;
  };
  const hasClass = (el, cls) => !!(el.classList && el.classList.contains(cls));

  // Parts of any body that are never the user's own words.
  // A plain <blockquote> in an email body is quoting someone else far more often than not.
  const COMMON_SKIP = ['.gmail_quote', '.gmail_signature', 'blockquote', '.moz-cite-prefix',
    '.moz-signature', '[data-smartmail="gmail_signature"]', '.yahoo_quoted', '[id^="yahoo_quoted"]'];

  const matchesAny = (el, selectors) => {
    for (const s of selectors) { try { if (el.matches(s)) return true; } catch (e) { /* skip */ } }
    return false;
  };

  const SITES = {
    gmail: {
      name: 'Gmail',
      hosts: ['mail.google.com'],
      body: ['div[g_editable="true"][contenteditable="true"]', 'div.Am.Al.editable[contenteditable="true"]',
        'div[aria-label="Message Body"][contenteditable="true"]', 'div[role="textbox"][contenteditable="true"][aria-multiline="true"]'],
      root: (b) => b.closest('div.M9') || b.closest('[role="dialog"]') || b.closest('.AO, .ip') ||
        (b.closest('form') && b.closest('form').parentElement) || b.parentElement,
      subject: ['input[name="subjectbox"]', 'input[aria-label="Subject"]'],
      to: ['.anm[name="to"] [role="option"][data-hovercard-id]', 'div[name="to"] [data-hovercard-id]',
        '.vR input[type="hidden"][name="to"]', '.agb .afV[data-hovercard-id]', 'span[email]'],
      send: ['.IZ .Up div > div[role="button"]:not(.Uo):not([aria-haspopup="true"])',
        'div[role="button"].T-I.T-I-atl:not([aria-haspopup="true"])', 'div[role="button"][data-tooltip^="Send"]',
        '[role="button"][aria-label^="Send"]'],
      skip: COMMON_SKIP,
      stop: [],
      // gmail.js: a compose inside the thread view (.AO) is an inline reply.
      inline: (r) => !!r.closest('.AO'),
    },
    outlook: {
      name: 'Outlook',
      hosts: ['outlook.live.com', 'outlook.office.com', 'outlook.office365.com', 'outlook.cloud.microsoft'],
      body: ['div[role="textbox"][contenteditable="true"][aria-label^="Message body"]',
        'div[contenteditable="true"][aria-label*="essage body"]',
        'div[role="textbox"][contenteditable="true"][aria-multiline="true"]', 'div.ck-content[contenteditable="true"]'],
      root: (b) => b.closest('[role="dialog"]') || b.closest('[data-etiquette-compose]') || b.closest('[role="main"]') ||
        b.closest('form') || b.parentElement,
      subject: ['input[aria-label="Add a subject"]', 'input[placeholder="Add a subject"]', 'input[id$="_SUBJECT"]',
        'input[aria-label="Subject"]'],
      to: ['div[aria-label="To"] [data-lpc-hover-target]', 'span[data-lpc-hover-target]', '[aria-label="To"] [title*="@"]',
        'div[aria-label="To"][contenteditable="true"]', '.ms-BasePicker-input'],
      send: ['button[aria-label="Send"]', 'button[title^="Send"]', 'button[name="Send"]'],
      skip: COMMON_SKIP.concat(['#Signature', '[id^="Signature"]', '.elementToProof ~ #Signature']),
      // Outlook puts the quoted history after a reply header: the marker and everything after it.
      stop: ['#divRplyFwdMsg', '#appendonsend', '[id$="divRplyFwdMsg"]', '[id$="appendonsend"]', '#x_divRplyFwdMsg'],
      inline: (r, e) => !!(e && e.querySelector('#divRplyFwdMsg, #appendonsend, [id$="divRplyFwdMsg"]')),
    },
    yahoo: {
      name: 'Yahoo Mail',
      hosts: ['mail.yahoo.com'],
      body: ['#editor-container > [data-test-id="rte"]', '[data-test-id="rte"][contenteditable="true"]',
        'div[role="textbox"][contenteditable="true"][aria-label*="essage body"]'],
      root: (b) => b.closest('[data-test-id="compose"]') || b.closest('[data-test-id="compose-container"]') ||
        b.closest('[role="dialog"]') || b.closest('form') || (b.closest('#editor-container') && b.closest('#editor-container').parentElement) || b.parentElement,
      subject: ['[data-test-id="compose-subject"]', '#message-subject-field', 'input[aria-label="Subject"]'],
      to: ['[data-test-id="container-to"] [data-test-id="pill"]', '#message-to-field', 'input.input-to'],
      send: ['button[data-test-id="compose-send-button"]', 'button[title^="Send"]', 'button[aria-label^="Send"]'],
      skip: COMMON_SKIP.concat(['.yahoo_quoted', '[data-test-id="quoted-text"]', '.signature', '#ymail_android_signature']),
      stop: ['.yahoo_quoted_begin'],
      inline: (r, e) => !!(e && e.querySelector('.yahoo_quoted, [id^="yahoo_quoted"]')),
    },
  };

  function makeAdapter(site) {
    return {
      id: Object.keys(SITES).find((k) => SITES[k] === site),
      name: site.name,
      bodySelector: site.body.join(', '),
      findEditors: (doc) => {
        const out = [];
        const add = (el) => {
          // An editor nested in another editor is the same compose (e.g. CKEditor wrappers).
          if (!el.isContentEditable || out.some((o) => o.contains(el) || el.contains(o))) return;
          if (el.parentElement && el.parentElement.isContentEditable) return;
          out.push(el);
        };
        all(doc, site.body).forEach(add);
        // Last resort when the site renamed everything: a large, multi-line editable region that is
        // not a recipients or subject field (they are contenteditable too in some webmails).
        for (const el of doc.querySelectorAll('[contenteditable]:not([contenteditable="false"])')) {
          if (out.indexOf(el) >= 0 || !el.isContentEditable) continue;
          if (el.parentElement && el.parentElement.isContentEditable) continue;
          if (el.closest('[data-etiquette-panel]')) continue;
          const label = (el.getAttribute('aria-label') || el.getAttribute('name') || '').toLowerCase();
          if (/^(to|cc|bcc|subject|from|search|signature)\b/.test(label) || el.closest('[aria-label="To"], [aria-label="Cc"], [aria-label="Bcc"]')) continue;
          const multi = el.getAttribute('aria-multiline') === 'true' || /body|message|compose|editor/.test(label) ||
            el.getAttribute('role') === 'textbox' || el.offsetHeight >= 80;
          if (multi && el.offsetWidth >= 200) add(el);
        }
        return out;
      },
      root: (editor) => site.root(editor) || editor,
      subject: (r) => first(r, site.subject),
      recipients: (r) => {
        const seen = [];
        for (const el of all(r, site.to)) {
          const e = emailOf(el);
          if (e && seen.indexOf(e) < 0) seen.push(e);
        }
        return seen;
      },
      /** The display name on the To chip of `email` ('' when the chip shows only the address). */
      recipientName: (r, email) => {
        for (const el of all(r, site.to)) {
          if (emailOf(el) !== email) continue;
          for (const c of [el.getAttribute('data-name'), el.getAttribute('name') === 'to' ? null : el.textContent]) {
            const t = (c || '').trim();
            if (t && t.indexOf('@') < 0) return t.slice(0, 200);
          }
        }
        return '';
      },
      send: (r) => first(r, site.send),
      isInline: (r, editor) => { try { return site.inline(r, editor); } catch (e) { return false; } },
      /** For extractText: what to leave out of the user's own text. */
      classify: (el) => {
        if (site.stop.length && matchesAny(el, site.stop)) return 'stop';
        if (matchesAny(el, site.skip)) return 'skip';
        if (hasClass(el, 'gmail_extra')) return 'skip';
        return null;
      },
    };
  }

  /** The adapter for this page, or null on a host we do not support. */
  function forHost(hostname) {
    const h = String(hostname || '').toLowerCase();
    for (const key of Object.keys(SITES)) {
      if (SITES[key].hosts.indexOf(h) >= 0) return makeAdapter(SITES[key]);
    }
    return null;
  }

  root.EtiquetteAdapters = { forHost, SITES, emailOf };
})(globalThis);
