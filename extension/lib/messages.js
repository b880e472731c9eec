/*
 * The whitelist of what a content script (or an extension page) may ask the background worker:
 * each message type with its fields checked and bounded; anything else is refused. The limits and
 * vocabularies are the backend's (lib/constants.js).
 * Part of EtiquetteCore (lib/core.js); tested in tests/messages.test.mjs.
 */
(function (root) {
  'use strict';

  const C = (root.EtiquetteCore = root.EtiquetteCore || {});
  // Node (the tests) loads the parts this one calls; a browser has them from the same list as this file.
  if (typeof module !== 'undefined' && module.exports) {
    module.require('./constants.js');
    module.require('./values.js');
    module.require('./interview-fields.js');
  }

  // The context fields a check, a reminder or a template may carry (a subset of the API's context).
  const CONTEXT_KEYS = ['interviewer_email', 'company', 'position', 'interviewer', 'candidate', 'topic'];
  /** The refusal of a text over the backend's limit: "... at most 20,000 characters". */
  const tooLong = () => 'text must be a string of at most ' + C.MAX_TEXT.toLocaleString('en') + ' characters';

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
        if (!C.isShortString(ctx[k], 320)) return null;
        out[k] = ctx[k];
      }
      return out;
    };
    switch (type) {
      case 'check': {
        if (!C.isShortString(msg.text, C.MAX_TEXT)) return { ok: false, error: tooLong() };
        if (msg.subject !== undefined && msg.subject !== null && !C.isShortString(msg.subject, 998))
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
        if (msg.kind !== undefined && msg.kind !== 'auto' && C.MESSAGE_KINDS.indexOf(msg.kind) < 0)
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
        if (C.TEMPLATE_IDS.indexOf(msg.id) < 0) return { ok: false, error: 'unknown template' };
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
        const email = C.cleanEmail(msg.email);
        if (!email) return { ok: false, error: 'bad email' };
        return { ok: true, value: { type, email } };
      }
      case 'interview-create':
      case 'interview-update': {
        const fields = C.cleanInterviewFields(msg.fields, type === 'interview-create');
        if (!fields.ok) return { ok: false, error: fields.error };
        if (type === 'interview-update' && !C.isId(msg.id)) return { ok: false, error: 'bad interview id' };
        return {
          ok: true,
          value:
            type === 'interview-create'
              ? { type, fields: fields.value }
              : { type, id: msg.id, fields: fields.value },
        };
      }
      case 'message-log': {
        if (!C.isId(msg.id)) return { ok: false, error: 'bad interview id' };
        if (C.MESSAGE_KINDS.indexOf(msg.kind) < 0) return { ok: false, error: 'bad kind' };
        if (!C.isIsoDateTime(msg.sent_at)) return { ok: false, error: 'bad sent_at' };
        if (typeof msg.key !== 'string' || !/^[A-Za-z0-9:_-]{8,200}$/.test(msg.key))
          return { ok: false, error: 'bad idempotency key' };
        const email = msg.email === undefined ? null : C.cleanEmail(msg.email);
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
        if (!C.isShortString(msg.text, C.MAX_TEXT) || !msg.text.trim())
          return { ok: false, error: tooLong() };
        return { ok: true, value: { type, text: msg.text } };
      }
      case 'health':
      case 'rules': {
        // probe: the options page asks about the address typed, before it is saved ("Test connection").
        if (msg.probe === undefined || msg.probe === null) return { ok: true, value: { type } };
        const p = msg.probe;
        if (
          typeof p !== 'object' ||
          !C.isShortString(p.backendUrl, 300) ||
          (p.token !== undefined && !C.isShortString(p.token, 300)) ||
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

  const api = { validateMessage };
  Object.assign(C, api);
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
