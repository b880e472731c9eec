/*
 * Site adapters, the shared part: helpers, the table of UI words, and the registry the per-site files
 * (content/adapters/{gmail,outlook,yahoo}.js) add themselves to. Every webmail selector lives in those
 * files, each as an ordered fallback chain — structure and locale-independent ids first, class tokens
 * next, and UI words (which change with the user's language) last, taken from UI_WORDS below.
 * Sources: shared/research/webmail-dom.md and the captures listed in shared/realdom/SOURCES.md.
 *
 * An adapter answers, for one editor element: which element is the compose window (root), where the
 * subject and recipients and Send are, which parts of the body are not the user's own words (quoted
 * history, signature), and where the quoted message starts. Everything is scoped to the compose root
 * so two composes never mix.
 */
(function (root) {
  'use strict';

  const { report } = root.EtiquetteReport;
  /*
   * The words webmails put in labels, per UI language (en, es, fr, de, pt, it, nl, pl, zh, ja). Used
   * only where no structural hook exists. Seen in real markup: en (all captures); es "Cuerpo del mensaje"
   * (Gmail 2025 capture); de "Nachrichtentext", "Betreff hinzufügen" (bastibuck/emails-from-template,
   * research §2); zh "发送" (zh-CN Outlook, realdom SOURCES.md). The others are the webmails' standard
   * translations of the same controls, checked 2026-12-01.
   */
  const UI_WORDS = {
    send: {
      en: ['Send'],
      es: ['Enviar'],
      fr: ['Envoyer'],
      de: ['Senden'],
      pt: ['Enviar'],
      it: ['Invia'],
      nl: ['Verzenden', 'Versturen'],
      pl: ['Wyślij'],
      zh: ['发送', '傳送'],
      ja: ['送信'],
    },
    body: {
      en: ['Message body', 'Message Body'],
      es: ['Cuerpo del mensaje'],
      fr: ['Corps du message'],
      de: ['Nachrichtentext'],
      pt: ['Corpo da mensagem'],
      it: ['Corpo del messaggio'],
      nl: ['Berichttekst'],
      pl: ['Treść wiadomości'],
      zh: ['邮件正文', '郵件內文'],
      ja: ['メッセージ本文'],
    },
    subject: {
      en: ['Subject', 'Add a subject'],
      es: ['Asunto', 'Agregar un asunto', 'Añadir un asunto'],
      fr: ['Objet', 'Ajouter un objet'],
      de: ['Betreff', 'Betreff hinzufügen'],
      pt: ['Assunto', 'Adicionar um assunto'],
      it: ['Oggetto', 'Aggiungi un oggetto'],
      nl: ['Onderwerp', 'Onderwerp toevoegen'],
      pl: ['Temat', 'Dodaj temat'],
      zh: ['主题', '添加主题', '主旨'],
      ja: ['件名', '件名を追加'],
    },
    to: {
      en: ['To'],
      es: ['Para'],
      fr: ['À', 'A'],
      de: ['An'],
      pt: ['Para'],
      it: ['A'],
      nl: ['Aan'],
      pl: ['Do'],
      zh: ['收件人'],
      ja: ['宛先'],
    },
    cc: {
      en: ['Cc', 'Bcc'],
      es: ['CC', 'CCO', 'Cc', 'Cco'],
      fr: ['Cc', 'Cci'],
      de: ['Cc', 'Bcc'],
      pt: ['Cc', 'Cco'],
      it: ['Cc', 'Ccn'],
      nl: ['Cc', 'Bcc'],
      pl: ['DW', 'UDW', 'Dw', 'Udw'],
      zh: ['抄送', '密送', '副本', '密件副本'],
      ja: ['CC', 'BCC', 'Cc', 'Bcc'],
    },
  };

  /** Every language's words for one control, without repeats. */
  function words(key) {
    const out = [];
    for (const list of Object.values(UI_WORDS[key] || {}))
      for (const w of list) if (out.indexOf(w) < 0) out.push(w);
    return out;
  }
  const cssString = (s) => '"' + String(s).replace(/["\\]/g, '\\$&') + '"';
  /** `tag[attr op "word"]` for every word of `key`, e.g. labelled('button', 'aria-label', '^=', 'send'). */
  function labelled(tag, attr, op, key) {
    return words(key).map((w) => tag + '[' + attr + op + cssString(w) + ']');
  }

  const first = (scope, selectors) => {
    if (!scope) return null;
    for (const s of selectors) {
      try {
        const el = scope.querySelector(s);
        if (el) return el;
      } catch (e) {
        report(e, 'adapters: selector ' + s); // one this browser does not support: try the next
      }
    }
    return null;
  };
  const all = (scope, selectors) => {
    const out = [];
    if (!scope) return out;
    for (const s of selectors) {
      try {
        scope.querySelectorAll(s).forEach((el) => {
          if (out.indexOf(el) < 0) out.push(el);
        });
      } catch (e) {
        report(e, 'adapters: selector ' + s);
      }
    }
    return out;
  };
  const matchesAny = (el, selectors) => {
    for (const s of selectors) {
      try {
        if (el.matches(s)) return true;
      } catch (e) {
        report(e, 'adapters: selector ' + s);
      }
    }
    return false;
  };

  const EMAIL = /[^\s<>"'(),;:]+@[^\s<>"'(),;:]+\.[^\s<>"'(),;:]+/;
  const emailOf = (el) => {
    const candidates = [
      el.getAttribute('data-hovercard-id'),
      el.getAttribute('email'),
      el.getAttribute('data-lpc-hover-target-id'),
      el.getAttribute('title'),
      el.getAttribute('value'),
      el.getAttribute('aria-label'),
      el.value,
      el.textContent,
    ];
    for (const c of candidates) {
      const m = c && EMAIL.exec(c);
      if (m) return m[0].toLowerCase();
    }
    return null;
  };
  const hasClass = (el, cls) => !!(el.classList && el.classList.contains(cls));

  // Recipient chips of any of our webmails: a field that holds one is an address field, whatever its
  // label says in the user's language (Outlook: mailvelope providerSpecific.js @5389fc5; Yahoo: same file;
  // Gmail: InboxSDK page-parser.ts @015a9a3), checked 2026-12-01.
  const CHIPS =
    '[data-selection-index], .lpc-hoverTarget, [data-lpc-hover-target], [data-test-id="pill"], .vR, [data-hovercard-id]';
  const ADDRESS_LABELS = words('to').concat(words('cc'));
  const ADDRESS_FIELDS = ADDRESS_LABELS.map((w) => '[aria-label=' + cssString(w) + ']').join(', ');

  /** A To / Cc / Bcc / subject field, never a message body (several webmails make them contenteditable). */
  function isAddressField(el) {
    const label = (el.getAttribute('aria-label') || el.getAttribute('name') || '').trim();
    if (ADDRESS_LABELS.indexOf(label) >= 0 || words('subject').indexOf(label) >= 0) return true;
    if (/^(to|cc|bcc|subject|from|search|signature)\b/i.test(label)) return true;
    try {
      if (el.closest(ADDRESS_FIELDS)) return true;
    } catch (e) {
      report(e, 'adapters: address fields'); // an old browser: the chips below still tell
    }
    return !!el.querySelector(CHIPS);
  }

  // Parts of any body that are never the user's own words (every webmail can hold another one's
  // quotes). A plain <blockquote> in an email body is quoting someone else far more often than not.
  // Gmail's .gmail_quote_container also carries gmail_quote but may hold the user's forward note: the
  // Gmail adapter stops at its .gmail_attr header instead (issue 14).
  const COMMON_SKIP = [
    '.gmail_quote:not(.gmail_quote_container)',
    '.gmail_signature',
    'blockquote',
    '.moz-cite-prefix',
    '.moz-signature',
    '[data-smartmail="gmail_signature"]',
    // Yahoo's quote, also with the ydp<hash> prefix of delivered and reopened drafts (realdom SOURCES.md).
    '[class*="yahoo_quoted"]',
    '[id*="yahoo_quoted"]',
  ];

  const SITES = {};

  /** Adds one webmail: {name, hosts, body, root, subject, to, send, skip, stop, quote, inline, resolveAddress?}. */
  function register(id, site) {
    SITES[id] = Object.assign({ id, stop: [], quote: [], skip: COMMON_SKIP }, site);
  }

  function makeAdapter(site) {
    const addressOf = (el, r) => emailOf(el) || (site.resolveAddress ? site.resolveAddress(el, r) : null);
    const recipientEls = (r) => all(r, site.to);
    return {
      id: site.id,
      name: site.name,
      bodySelector: site.body.join(', '),
      findEditors: (doc) => {
        const out = [];
        const add = (el) => {
          // An editor nested in another editor is the same compose (e.g. CKEditor wrappers).
          if (!el.isContentEditable || out.some((o) => o.contains(el) || el.contains(o))) return;
          if (el.parentElement && el.parentElement.isContentEditable) return;
          if (isAddressField(el)) return;
          out.push(el);
        };
        all(doc, site.body).forEach(add);
        // Last resort when the site renamed everything: a large, multi-line editable region that is
        // not a recipients or subject field.
        for (const el of doc.querySelectorAll('[contenteditable]:not([contenteditable="false"])')) {
          if (out.indexOf(el) >= 0 || !el.isContentEditable) continue;
          if (el.parentElement && el.parentElement.isContentEditable) continue;
          if (el.closest('[data-etiquette-panel]')) continue;
          const label = (el.getAttribute('aria-label') || el.getAttribute('name') || '').toLowerCase();
          const multi =
            el.getAttribute('aria-multiline') === 'true' ||
            /body|message|compose|editor/.test(label) ||
            el.getAttribute('role') === 'textbox' ||
            el.offsetHeight >= 80;
          if (multi && el.offsetWidth >= 200) add(el);
        }
        return out;
      },
      root: (editor) => site.root(editor) || editor,
      subject: (r) => first(r, site.subject),
      recipients: (r) => {
        const seen = [];
        for (const el of recipientEls(r)) {
          const e = addressOf(el, r);
          if (e && seen.indexOf(e) < 0) seen.push(e);
        }
        return seen;
      },
      /** The display name on the To chip of `email` ('' when the chip shows only the address). */
      recipientName: (r, email) => {
        for (const el of recipientEls(r)) {
          if (addressOf(el, r) !== email) continue;
          for (const c of [
            el.getAttribute('data-name'),
            el.getAttribute('name') === 'to' ? null : el.textContent,
          ]) {
            const t = (c || '').trim();
            if (t && t.indexOf('@') < 0) return t.slice(0, 200);
          }
        }
        return '';
      },
      send: (r) => first(r, site.send),
      isInline: (r, editor) => {
        try {
          return site.inline(r, editor);
        } catch (e) {
          report(e, 'adapters: inline reply');
          return false;
        }
      },
      /** For extractText: what to leave out of the user's own text. */
      classify: (el) => {
        if (site.stop.length && matchesAny(el, site.stop)) return 'stop';
        if (matchesAny(el, site.skip)) return 'skip';
        if (hasClass(el, 'gmail_extra')) return 'skip';
        return null;
      },
      /** The recipient's last message in the thread view around the compose: {header, body element}, or null. */
      threadMessage: (r, email) => {
        try {
          return site.threadMessage ? site.threadMessage(r, email) : null;
        } catch (e) {
          report(e, 'adapters: thread message');
          return null;
        }
      },
      /** The first element of the quoted earlier message in the editor (its header line included), or null. */
      quoteStart: (editor) => {
        let best = null;
        for (const el of all(editor, site.quote)) {
          if (!best || best.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING) best = el;
        }
        return best;
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

  root.EtiquetteAdapters = {
    register,
    forHost,
    SITES,
    emailOf,
    words,
    labelled,
    first,
    all,
    COMMON_SKIP,
    UI_WORDS,
    EMAIL,
  };
})(globalThis);
