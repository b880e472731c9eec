/*
 * Pure helpers of the Follow-up Etiquette extension: no chrome.* calls, no page globals.
 *
 * How this file is shared: MV3 content scripts are classic scripts (no ES modules), so this file is an
 * IIFE that hangs its API on `globalThis.EtiquetteCore` for the content scripts and the background
 * worker (importScripts). When Node loads it as CommonJS (the tests use createRequire), the same object
 * is also `module.exports`. No bundler, no build step: the file the browser runs is the file we test.
 */
(function (root) {
  'use strict';

  // ---------------------------------------------------------------------------------------------
  // Code points vs UTF-16. The backend is Python: its offsets count code points. JS strings count
  // UTF-16 units, so every astral character (most emoji) before a word shifts it by one.

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
    return sortWarnings(out);
  }

  const SEVERITY_ORDER = { error: 0, warning: 1, suggestion: 2 };

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

  /** Groups for the panel: errors, then warnings, then suggestions; each keeps text order. Titles come
   *  from the backend's labels (GET /api/v1/rules `labels.groups`, i.e. shared-rules/labels.yml). */
  function groupBySeverity(warnings, titles) {
    const title = (s) => (titles && typeof titles[s] === 'string' ? titles[s] : s);
    const groups = [
      { severity: 'error', title: title('error'), items: [] },
      { severity: 'warning', title: title('warning'), items: [] },
      { severity: 'suggestion', title: title('suggestion'), items: [] },
    ];
    for (const w of sortWarnings(warnings)) {
      const g = groups[SEVERITY_ORDER[w.severity] !== undefined ? SEVERITY_ORDER[w.severity] : 1];
      g.items.push(w);
    }
    return groups.filter((g) => g.items.length);
  }

  /** Verdict recomputed from what is still shown (after the user ignores warnings). */
  function verdictOf(warnings) {
    if (warnings.some((w) => w.severity === 'error')) return 'fix';
    if (warnings.some((w) => w.severity === 'warning')) return 'review';
    return 'ready';
  }

  // ---------------------------------------------------------------------------------------------
  // Text extraction. A walk over a DOM-like tree (only nodeType, nodeName, childNodes, nodeValue are
  // used, plus the caller's predicates), producing the plain text the backend sees and a segment map
  // text-index -> Text node, so a warning can be turned back into a DOM Range.

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

  // ---------------------------------------------------------------------------------------------
  // Keeping warnings attached to their words while the user types (between two backend answers).

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

  // ---------------------------------------------------------------------------------------------
  // Timing helpers.

  /** Trailing-edge debounce; `cancel()` and `flush()` for teardown and explicit rechecks. */
  function debounce(fn, wait, timers) {
    const t = timers || {
      setTimeout: root.setTimeout.bind(root),
      clearTimeout: root.clearTimeout.bind(root),
    };
    let handle = null;
    let lastArgs = null;
    const run = () => {
      handle = null;
      const args = lastArgs;
      lastArgs = null;
      fn.apply(null, args);
    };
    const debounced = function () {
      lastArgs = arguments;
      if (handle !== null) t.clearTimeout(handle);
      handle = t.setTimeout(run, wait);
    };
    debounced.cancel = () => {
      if (handle !== null) t.clearTimeout(handle);
      handle = null;
      lastArgs = null;
    };
    debounced.flush = () => {
      if (handle !== null) {
        t.clearTimeout(handle);
        run();
      }
    };
    debounced.pending = () => handle !== null;
    return debounced;
  }

  /** Only the newest request's answer is drawn: each request takes a ticket, answers check it. */
  function createLatest() {
    let current = 0;
    return {
      next: () => ++current,
      isCurrent: (ticket) => ticket === current,
      invalidate: () => {
        current++;
      },
    };
  }

  /** Back-off for offline retries: 0.5 s, 1 s, 2 s, 4 s, then every 5 s (a restarted backend is found quickly). */
  function backoffDelay(attempt) {
    return Math.min(5000, 500 * Math.pow(2, Math.max(0, attempt)));
  }

  // ---------------------------------------------------------------------------------------------
  // Backend URL and messages (used by the background worker; pure so they are tested in Node).

  const DEFAULT_BACKEND = 'http://127.0.0.1:5455';
  /** The English dialects the grammar check knows (the API's `dialect`, backend/etiquette/schemas.py). */
  const DIALECTS = ['british', 'american', 'canadian', 'australian', 'indian'];

  function isLoopbackHost(hostname) {
    const h = String(hostname || '')
      .toLowerCase()
      .replace(/^\[|\]$/g, '');
    return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
  }

  /**
   * Validates the backend URL a user typed. Loopback http(s) is always fine; any other host only when
   * the user ticked "allow a non-local backend", and then only over https (drafts are private).
   * @returns {ok:true, url, loopback} | {ok:false, error}
   */
  function checkBackendUrl(raw, allowRemote) {
    let u;
    try {
      u = new URL(String(raw || '').trim());
    } catch (e) {
      return { ok: false, error: 'Not a valid URL.' };
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
      return { ok: false, error: 'Use an http:// or https:// address.' };
    if (u.username || u.password)
      return { ok: false, error: 'Put the token in the token field, not in the URL.' };
    if (u.search || u.hash) return { ok: false, error: 'The address must not have a query or fragment.' };
    const loopback = isLoopbackHost(u.hostname);
    if (!loopback) {
      if (!allowRemote)
        return {
          ok: false,
          error:
            'Only a backend on this computer (127.0.0.1 or localhost) is allowed unless you allow another one below.',
        };
      if (u.protocol !== 'https:')
        return { ok: false, error: 'A backend on another computer must use https://.' };
    }
    const path = u.pathname.replace(/\/+$/, '');
    return { ok: true, url: u.origin + path, loopback };
  }

  const TEMPLATE_IDS = ['thank-you', 'follow-up', 'decision-date-passed'];
  const CONTEXT_KEYS = ['interviewer_email', 'company', 'position', 'interviewer', 'candidate', 'topic'];
  const MAX_TEXT = 20000;

  function isShortString(v, max) {
    return typeof v === 'string' && v.length <= max;
  }

  // ---------------------------------------------------------------------------------------------
  // Interview tracker: what a content script may send about interviews and sent messages, and the
  // helpers that pre-fill a new interview from the compose window.

  const STAGES = ['applied', 'interviewed', 'offer', 'rejected', 'withdrawn'];
  const MESSAGE_KINDS = ['thank_you', 'follow_up', 'other'];
  const INTERVIEW_TEXT_FIELDS = ['company', 'position', 'interviewer'];
  const EMAIL_RE = /^[^\s@<>"'(),;:]{1,64}@[^\s@<>"'(),;:]+\.[^\s@<>"'(),;:]{2,}$/;

  const isId = (v) => Number.isInteger(v) && v > 0 && v < 2 ** 53;
  function cleanEmail(v) {
    const e = typeof v === 'string' ? v.trim().toLowerCase() : '';
    return e.length <= 320 && EMAIL_RE.test(e) ? e : null;
  }
  /** 2026-11-25T10:00, with optional seconds and an optional Z or ±hh:mm offset. */
  function isIsoDateTime(v) {
    return (
      typeof v === 'string' &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?$/.test(v) &&
      !isNaN(Date.parse(v.slice(0, 10)))
    );
  }
  function isIsoDate(v) {
    return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !isNaN(Date.parse(v));
  }

  /**
   * The interview fields a panel form may send. Empty strings become null (the user cleared the
   * field); company is required on create and may not be cleared.
   * @returns {ok:true, value} | {ok:false, error}
   */
  function cleanInterviewFields(fields, creating) {
    if (!fields || typeof fields !== 'object' || Array.isArray(fields))
      return { ok: false, error: 'fields must be an object' };
    const out = {};
    for (const k of Object.keys(fields)) {
      let v = fields[k];
      if (typeof v === 'string') v = v.trim();
      if (v === '' || v === undefined) v = null;
      if (INTERVIEW_TEXT_FIELDS.indexOf(k) >= 0) {
        if (v !== null && !isShortString(v, 200)) return { ok: false, error: k + ': at most 200 characters' };
      } else if (k === 'interviewer_email') {
        if (v !== null && !(v = cleanEmail(v)))
          return { ok: false, error: 'interviewer_email: not an email address' };
      } else if (k === 'interview_at') {
        if (v !== null && !isIsoDateTime(v)) return { ok: false, error: 'interview_at: a date and time' };
      } else if (k === 'decision_by') {
        if (v !== null && !isIsoDate(v) && !isIsoDateTime(v))
          return { ok: false, error: 'decision_by: a date' };
      } else if (k === 'stage') {
        if (STAGES.indexOf(v) < 0) return { ok: false, error: 'stage: one of ' + STAGES.join(', ') };
      } else {
        return { ok: false, error: 'unknown field ' + k };
      }
      out[k] = v;
    }
    if ((creating || 'company' in out) && !out.company) return { ok: false, error: 'company: required' };
    return { ok: true, value: out };
  }

  // Addresses at these providers say nothing about the employer.
  const PERSONAL_MAIL_DOMAINS = [
    'gmail.com',
    'googlemail.com',
    'outlook.com',
    'hotmail.com',
    'live.com',
    'msn.com',
    'yahoo.com',
    'ymail.com',
    'icloud.com',
    'me.com',
    'mac.com',
    'aol.com',
    'proton.me',
    'protonmail.com',
    'gmx.com',
    'gmx.de',
    'web.de',
    'mail.com',
    'zoho.com',
    'fastmail.com',
    'hey.com',
    'yandex.ru',
    'qq.com',
    '163.com',
  ];
  // Second-level labels under a country code that are not the company (acme.co.uk, acme.com.au).
  const SECOND_LEVEL = ['co', 'com', 'org', 'net', 'ac', 'gov', 'edu', 'ltd', 'plc', 'or', 'ne', 'go'];
  // Subdomains that are a department or a mail system, not the company (careers.acme.com).
  const HOST_PREFIXES = [
    'mail',
    'email',
    'careers',
    'jobs',
    'recruiting',
    'recruitment',
    'talent',
    'hr',
    'corp',
    'eu',
    'us',
    'uk',
  ];

  /**
   * A guess at the employer from the recipient's address: siobhan@acme-analytics.com → "Acme Analytics".
   * '' for personal webmail addresses and anything unparseable (the user types it then).
   */
  function companyFromEmail(email) {
    const e = cleanEmail(email);
    if (!e) return '';
    const domain = e.slice(e.lastIndexOf('@') + 1).replace(/\.$/, '');
    if (
      PERSONAL_MAIL_DOMAINS.some((d) => domain === d || domain.endsWith('.' + d)) ||
      /^(yahoo|hotmail|outlook|live)\.[a-z.]+$/.test(domain)
    )
      return '';
    const labels = domain.split('.');
    labels.pop(); // the top-level domain
    if (
      labels.length >= 2 &&
      labels[labels.length - 1].length <= 3 &&
      SECOND_LEVEL.indexOf(labels[labels.length - 1]) >= 0
    )
      labels.pop();
    while (labels.length > 1 && HOST_PREFIXES.indexOf(labels[0]) >= 0) labels.shift();
    const name = labels[labels.length - 1] || '';
    if (/^xn--/.test(name)) return ''; // punycode: better typed by the user than guessed
    return name
      .split(/[-_]+/)
      .filter(Boolean)
      .map((w) => (/^\d/.test(w) || w.length <= 2 ? w.toUpperCase() : w[0].toUpperCase() + w.slice(1)))
      .join(' ');
  }

  /**
   * The interviewer's name for the form: the To chip's display name when it is a name, else a guess
   * from the address's local part (priya.shah@ → "Priya Shah"); '' for role addresses (jobs@, hr@).
   */
  function nameFromRecipient(display, email) {
    const d =
      typeof display === 'string'
        ? display
            .replace(/<[^>]*>/g, '')
            .replace(/["']/g, (m, i, s) => (i === 0 || i === s.length - 1 ? '' : m))
            .trim()
        : '';
    if (d && !d.includes('@') && d.length <= 120) return d;
    const e = cleanEmail(email);
    if (!e) return '';
    const local = e.slice(0, e.indexOf('@')).replace(/\+.*$/, '');
    if (
      /^(jobs?|careers?|hr|talent|recruit\w*|hiring|info|hello|contact|team|people|noreply|no-reply)$/.test(
        local,
      )
    )
      return '';
    const parts = local.split(/[._-]+/).filter((p) => /^[a-z]{2,}$/.test(p));
    return parts.map((p) => p[0].toUpperCase() + p.slice(1)).join(' ');
  }

  const pad2 = (n) => String(n).padStart(2, '0');
  /** A Date as an <input type="datetime-local"> value, in the browser's local time. */
  function toLocalInput(date) {
    return (
      date.getFullYear() +
      '-' +
      pad2(date.getMonth() + 1) +
      '-' +
      pad2(date.getDate()) +
      'T' +
      pad2(date.getHours()) +
      ':' +
      pad2(date.getMinutes())
    );
  }
  /** A datetime-local value as ISO 8601 with this browser's offset, so the backend (perhaps in
   *  another zone) stores the instant the user meant. '' → null; unparseable → null. */
  function localInputToIso(value, offsetMinutesFor) {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(String(value || ''));
    if (!m) return null;
    const d = new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
    if (isNaN(d.getTime())) return null;
    const off = offsetMinutesFor ? offsetMinutesFor(d) : -d.getTimezoneOffset();
    const sign = off < 0 ? '-' : '+';
    const a = Math.abs(off);
    return value + ':00' + sign + pad2(Math.floor(a / 60)) + ':' + pad2(a % 60);
  }
  /** An ISO time from the backend as a datetime-local value in this browser's zone ('' if none). */
  function isoToLocalInput(iso) {
    if (typeof iso !== 'string' || !iso) return '';
    // No offset = the server's local time, which for a local backend is ours: take the digits as they are.
    if (!/(Z|[+-]\d{2}:\d{2})$/.test(iso))
      return iso.length >= 16 ? iso.slice(0, 16) : isIsoDate(iso) ? iso + 'T09:00' : '';
    const d = new Date(iso);
    return isNaN(d.getTime()) ? '' : toLocalInput(d);
  }

  /**
   * When the interview probably was, for a new interview's form (the user can change it): a
   * thank-you is written soon after the interview, so the last whole hour at least an hour ago; a
   * follow-up comes about a week later, so a week before that.
   */
  function defaultInterviewTime(now, kind) {
    const d = new Date(now.getTime() - 60 * 60 * 1000);
    d.setMinutes(0, 0, 0);
    if (kind === 'follow_up') d.setDate(d.getDate() - 7);
    return d;
  }

  /** FNV-1a, 32 bits, hex: a short fingerprint of a draft (not a security measure). */
  function fingerprint(text) {
    let h = 0x811c9dc5;
    const s = String(text);
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, '0');
  }

  /**
   * The Idempotency-Key for logging one Send: the compose window's own id plus a fingerprint of what
   * is being sent. A click and Ctrl+Enter (or a double click, or "mark as sent" then Send) on the same
   * draft give the same key, so the backend logs it once; the same compose element reused for a new
   * message (different words) gets a new key.
   */
  function sendKey(composeId, text) {
    const id =
      String(composeId || '')
        .replace(/[^A-Za-z0-9_-]/g, '')
        .slice(0, 64) || 'compose';
    return 'etq-' + id + ':' + fingerprint(String(text || '').trim());
  }

  /** Whitelist of what a content script may ask the worker; anything else is refused. */
  function validateMessage(msg) {
    if (!msg || typeof msg !== 'object' || Array.isArray(msg)) return { ok: false, error: 'not an object' };
    const type = msg.type;
    const cleanContext = (ctx) => {
      const out = {};
      if (ctx === undefined || ctx === null) return out;
      if (typeof ctx !== 'object' || Array.isArray(ctx)) return null;
      for (const k of Object.keys(ctx)) {
        if (CONTEXT_KEYS.indexOf(k) < 0) return null;
        if (ctx[k] === null || ctx[k] === undefined || ctx[k] === '') continue;
        if (!isShortString(ctx[k], 320)) return null;
        out[k] = ctx[k];
      }
      return out;
    };
    switch (type) {
      case 'check': {
        if (!isShortString(msg.text, MAX_TEXT))
          return { ok: false, error: 'text must be a string of at most 20,000 characters' };
        if (msg.subject !== undefined && msg.subject !== null && !isShortString(msg.subject, 998))
          return { ok: false, error: 'bad subject' };
        const context = cleanContext(msg.context);
        if (!context) return { ok: false, error: 'bad context' };
        // slot: the compose asking (a newer check from it cancels its older one); tracked: the user has
        // acted in that compose, so the tracker may inform the check.
        if (
          msg.slot !== undefined &&
          (typeof msg.slot !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(msg.slot))
        )
          return { ok: false, error: 'bad slot' };
        // kind: the user's one-click correction of the detected kind (Not a thank-you?); else auto.
        if (msg.kind !== undefined && msg.kind !== 'auto' && MESSAGE_KINDS.indexOf(msg.kind) < 0)
          return { ok: false, error: 'bad kind' };
        // null = this compose has no subject field (an inline reply keeps the thread's subject).
        return {
          ok: true,
          value: {
            type,
            text: msg.text,
            subject: typeof msg.subject === 'string' ? msg.subject : null,
            context,
            slot: msg.slot || null,
            tracked: msg.tracked === true,
            kind: msg.kind || 'auto',
          },
        };
      }
      case 'reminder': {
        const context = cleanContext(msg.context);
        if (!context) return { ok: false, error: 'bad context' };
        return { ok: true, value: { type, context, tracked: msg.tracked === true } };
      }
      case 'render': {
        if (TEMPLATE_IDS.indexOf(msg.id) < 0) return { ok: false, error: 'unknown template' };
        const context = cleanContext(msg.context);
        if (!context) return { ok: false, error: 'bad context' };
        return { ok: true, value: { type, id: msg.id, context } };
      }
      case 'addWord': {
        const word = typeof msg.word === 'string' ? msg.word.trim() : '';
        if (!word || word.length > 64 || /\s/.test(word))
          return { ok: false, error: 'a single word, at most 64 characters' };
        return { ok: true, value: { type, word } };
      }
      case 'interview-find': {
        const email = cleanEmail(msg.email);
        if (!email) return { ok: false, error: 'bad email' };
        return { ok: true, value: { type, email } };
      }
      case 'interview-create':
      case 'interview-update': {
        const fields = cleanInterviewFields(msg.fields, type === 'interview-create');
        if (!fields.ok) return { ok: false, error: fields.error };
        if (type === 'interview-update' && !isId(msg.id)) return { ok: false, error: 'bad interview id' };
        return {
          ok: true,
          value:
            type === 'interview-create'
              ? { type, fields: fields.value }
              : { type, id: msg.id, fields: fields.value },
        };
      }
      case 'message-log': {
        if (!isId(msg.id)) return { ok: false, error: 'bad interview id' };
        if (MESSAGE_KINDS.indexOf(msg.kind) < 0) return { ok: false, error: 'bad kind' };
        if (!isIsoDateTime(msg.sent_at)) return { ok: false, error: 'bad sent_at' };
        if (typeof msg.key !== 'string' || !/^[A-Za-z0-9:_-]{8,200}$/.test(msg.key))
          return { ok: false, error: 'bad idempotency key' };
        const email = msg.email === undefined ? null : cleanEmail(msg.email);
        return {
          ok: true,
          value: { type, id: msg.id, kind: msg.kind, sent_at: msg.sent_at, key: msg.key, email },
        };
      }
      case 'pair': {
        // The code `etiquette serve` / `etiquette pair` prints: NNNN-NNNN (spaces and dashes forgiven).
        const digits = typeof msg.code === 'string' ? msg.code.replace(/[\s-]/g, '') : '';
        if (!/^[0-9A-Za-z]{8}$/.test(digits))
          return { ok: false, error: 'a pairing code has 8 digits, like 1234-5678' };
        return { ok: true, value: { type, code: digits.slice(0, 4) + '-' + digits.slice(4) } };
      }
      case 'extract-dates': {
        // The employer's quoted message (header line included), read for the dates it gives.
        if (!isShortString(msg.text, MAX_TEXT) || !msg.text.trim())
          return { ok: false, error: 'text must be a string of at most 20,000 characters' };
        return { ok: true, value: { type, text: msg.text } };
      }
      case 'health':
      case 'rules': {
        // probe: the options page asks about the address typed, before it is saved ("Test connection").
        if (msg.probe === undefined || msg.probe === null) return { ok: true, value: { type } };
        const p = msg.probe;
        if (
          typeof p !== 'object' ||
          !isShortString(p.backendUrl, 300) ||
          (p.token !== undefined && !isShortString(p.token, 300)) ||
          (p.allowRemote !== undefined && typeof p.allowRemote !== 'boolean')
        )
          return { ok: false, error: 'bad probe' };
        return {
          ok: true,
          value: {
            type,
            probe: { backendUrl: p.backendUrl, token: p.token || '', allowRemote: p.allowRemote === true },
          },
        };
      }
      case 'openOptions':
        return { ok: true, value: { type } };
      default:
        return { ok: false, error: 'unknown message type' };
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** Ignore keys: the same words flagged by the same rule stay ignored while the draft lives. */
  function warningKey(w) {
    return (w.rule || '') + '\u0000' + (w.excerpt || '').toLowerCase();
  }

  /** A warning may offer "Add to dictionary" when it is a spelling complaint about one word. */
  function isDictionaryCandidate(w) {
    return (
      w.category === 'proofreading' &&
      /spell/i.test(w.rule || '') &&
      typeof w.excerpt === 'string' &&
      /^[\p{L}\p{N}][\p{L}\p{N}'’.-]{0,63}$/u.test(w.excerpt)
    );
  }

  const api = {
    makeCodePointMapper,
    toUtf16Warnings,
    sortWarnings,
    groupBySeverity,
    verdictOf,
    extractText,
    signatureStart,
    locateRange,
    textDiff,
    shiftWarnings,
    debounce,
    createLatest,
    backoffDelay,
    DEFAULT_BACKEND,
    DIALECTS,
    isLoopbackHost,
    checkBackendUrl,
    validateMessage,
    TEMPLATE_IDS,
    warningKey,
    isDictionaryCandidate,
    STAGES,
    MESSAGE_KINDS,
    isId,
    cleanEmail,
    cleanInterviewFields,
    companyFromEmail,
    nameFromRecipient,
    toLocalInput,
    localInputToIso,
    isoToLocalInput,
    defaultInterviewTime,
    fingerprint,
    sendKey,
  };
  root.EtiquetteCore = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
