/*
 * Background service worker: the only part of the extension that touches the network.
 *
 * Content scripts cannot reach 127.0.0.1 (Chrome's Local Network Access blocks requests made on a
 * web page's behalf), and they run next to untrusted page code, so they only send small, validated
 * messages here. This worker talks to exactly one place: the backend URL from the options, which must
 * be on this computer unless the user explicitly allowed another (https) address.
 */
/* global importScripts, EtiquetteCore, browserApi */
// Chromium runs this as a service worker and loads the helpers here; Firefox lists them before this
// file in the manifest's background scripts, where importScripts does not exist.
if (typeof importScripts === 'function') importScripts('/lib/browser-api.js', '/lib/core.js');

const C = self.EtiquetteCore;
const MAIL_HOSTS = ['mail.google.com', 'outlook.live.com', 'outlook.office.com', 'outlook.office365.com', 'outlook.cloud.microsoft', 'mail.yahoo.com'];
const DEFAULTS = { backendUrl: C.DEFAULT_BACKEND, token: '', allowRemote: false, dictionary: [], disabled: [] };
const TIMEOUT_MS = { check: 5000, render: 5000, health: 2500, lookup: 1500, tracker: 4000 };

function getSettings() {
  return browserApi.storage.local.get(DEFAULTS);
}

/** Who may ask us things: our own content scripts on a supported webmail, and our own pages. */
function senderAllowed(sender) {
  if (!sender || sender.id !== browserApi.runtime.id) return false;
  const own = browserApi.runtime.getURL('');
  if (sender.url && sender.url.startsWith(own) && !sender.tab) return true; // popup / options
  if (sender.url && sender.url.startsWith(own)) return true; // options page opened in a tab
  try {
    const u = new URL(sender.url || (sender.tab && sender.tab.url) || '');
    return u.protocol === 'https:' && MAIL_HOSTS.includes(u.hostname);
  } catch (e) {
    return false;
  }
}

function cleanToken(token) {
  const t = String(token || '').trim();
  // Header values must be visible ASCII; anything else would make fetch throw.
  return /^[\x21-\x7e]{1,512}$/.test(t) ? t : '';
}

/**
 * One request to the backend. Never throws; answers {ok:true, data} or {ok:false, status, error}
 * where status is 'offline' (unreachable or misconfigured), 'unauthorized' (token) or 'error'.
 */
async function call(path, { method = 'GET', body, timeout = 5000, settings, headers: extra } = {}) {
  const s = settings || await getSettings();
  const target = C.checkBackendUrl(s.backendUrl || C.DEFAULT_BACKEND, s.allowRemote === true);
  if (!target.ok) return { ok: false, status: 'offline', reason: 'config', error: target.error };
  // "localhost" may resolve to ::1 where the backend does not listen, and only 127.0.0.1 is in our
  // host permissions: use the IPv4 loopback address for it.
  const base = target.url.replace(/^(https?:\/\/)localhost(?=[:/]|$)/i, (m, scheme) => scheme + '127.0.0.1');
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = cleanToken(s.token);
  if (token) headers.Authorization = 'Bearer ' + token;
  if (extra) Object.assign(headers, extra);
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeout);
  try {
    const res = await fetch(base + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      signal: ctrl.signal, credentials: 'omit', redirect: 'error', cache: 'no-store', referrerPolicy: 'no-referrer',
    });
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (res.status === 401 || res.status === 403) {
      return { ok: false, status: 'unauthorized', reason: 'unauthorized', httpStatus: res.status, error: 'The backend refused the request (token?).' };
    }
    if (!res.ok) {
      const msg = data && data.error && data.error.message ? data.error.message : 'HTTP ' + res.status;
      return { ok: false, status: 'error', httpStatus: res.status, error: msg };
    }
    return { ok: true, data };
  } catch (e) {
    return { ok: false, status: 'offline', error: e && e.name === 'AbortError' ? 'timed out' : 'not reachable' };
  } finally {
    clearTimeout(timer);
  }
}

// Interview lookup by the recipient's address, so the tracker's context (interview date, names,
// decision date, what was sent) applies without the user typing it again. Cached briefly (the panel
// asks on every check); a missing tracker is fine. Creating or editing an interview updates the cache.
const lookupCache = new Map(); // email -> {interview|null, at}
const LOOKUP_TTL_MS = 60000;
async function interviewFor(email, settings) {
  if (!email) return { ok: true, interview: null };
  const hit = lookupCache.get(email);
  if (hit && Date.now() - hit.at < LOOKUP_TTL_MS) return { ok: true, interview: hit.interview };
  const r = await call('/api/v1/interviews?email=' + encodeURIComponent(email), { timeout: TIMEOUT_MS.lookup, settings });
  if (!r.ok) return r;
  const list = Array.isArray(r.data) ? r.data : (r.data && Array.isArray(r.data.interviews) ? r.data.interviews : []);
  // Several applications to one interviewer: the newest one is the one being written about.
  const found = list.filter((x) => x && Number.isInteger(x.id)).sort((a, b) => b.id - a.id)[0] || null;
  lookupCache.set(email, { interview: found, at: Date.now() });
  return { ok: true, interview: found };
}
async function interviewIdFor(email, settings) {
  const r = await interviewFor(email, settings);
  return r.ok && r.interview ? r.interview.id : null;
}
function remember(interview) {
  if (!interview || !Number.isInteger(interview.id)) return;
  for (const [email, hit] of lookupCache) if (hit.interview && hit.interview.id === interview.id) lookupCache.delete(email);
  if (interview.interviewer_email) lookupCache.set(String(interview.interviewer_email).toLowerCase(), { interview, at: Date.now() });
}

// Sends logged while the backend was unreachable wait here (in storage, so a worker restart keeps
// them) and are sent again with the same Idempotency-Key once it answers: logged once, late at worst.
const OUTBOX_MAX = 50;
async function logMessage(m, settings) {
  const r = await call('/api/v1/interviews/' + m.id + '/messages', {
    method: 'POST', body: { kind: m.kind, sent_at: m.sent_at }, timeout: TIMEOUT_MS.tracker, settings,
    headers: { 'Idempotency-Key': m.key },
  });
  // 409: this key already logged this Send under another kind (the check changed its mind between
  // the click and Ctrl+Enter). It is logged, which is all that matters.
  if (!r.ok && r.httpStatus === 409) return { ok: true, data: null, duplicate: true };
  return r;
}
async function queue(m) {
  const { outbox } = await browserApi.storage.local.get({ outbox: [] });
  const list = (Array.isArray(outbox) ? outbox : []).filter((x) => x && x.key !== m.key);
  list.push({ id: m.id, kind: m.kind, sent_at: m.sent_at, key: m.key });
  await browserApi.storage.local.set({ outbox: list.slice(-OUTBOX_MAX) });
}
let flushing = null;
function flushOutbox(settings) {
  if (flushing) return flushing;
  flushing = (async () => {
    const { outbox } = await browserApi.storage.local.get({ outbox: [] });
    if (!Array.isArray(outbox) || !outbox.length) return;
    const left = [];
    for (const m of outbox) {
      const v = C.validateMessage(Object.assign({ type: 'message-log' }, m));
      if (!v.ok) continue; // never retry something malformed forever
      const r = await logMessage(v.value, settings);
      // Offline again: keep it. A 404 (interview deleted) or 422 will not get better: drop it.
      if (!r.ok && r.status === 'offline') left.push(m);
    }
    // Keep anything queued while we were flushing.
    const now = await browserApi.storage.local.get({ outbox: [] });
    const added = (now.outbox || []).filter((x) => !outbox.some((o) => o.key === x.key));
    await browserApi.storage.local.set({ outbox: left.concat(added).slice(-OUTBOX_MAX) });
  })().catch(() => {}).finally(() => { flushing = null; });
  return flushing;
}

function stringList(v, max) {
  return Array.isArray(v) ? v.filter((x) => typeof x === 'string' && x.length > 0 && x.length <= 100).slice(0, max) : [];
}

async function handle(msg) {
  const settings = await getSettings();
  switch (msg.type) {
    case 'health': {
      const r = await call('/api/v1/health', { timeout: TIMEOUT_MS.health, settings });
      if (r.ok) flushOutbox(settings);
      return r.ok ? { ok: true, health: true, version: r.data && r.data.version } : r;
    }
    case 'interview-find':
      return interviewFor(msg.email, settings);
    case 'interview-create': {
      const r = await call('/api/v1/interviews', { method: 'POST', body: msg.fields, timeout: TIMEOUT_MS.tracker, settings });
      if (r.ok) remember(r.data);
      return r.ok ? { ok: true, interview: r.data } : r;
    }
    case 'interview-update': {
      const r = await call('/api/v1/interviews/' + msg.id, { method: 'PATCH', body: msg.fields, timeout: TIMEOUT_MS.tracker, settings });
      if (r.ok) remember(r.data);
      if (!r.ok && r.httpStatus === 404) lookupCache.clear(); // deleted elsewhere: look it up again
      return r.ok ? { ok: true, interview: r.data } : r;
    }
    case 'message-log': {
      const r = await logMessage(msg, settings);
      if (!r.ok && r.status === 'offline') {
        await queue(msg);
        return { ok: false, status: 'offline', queued: true, error: r.error };
      }
      if (r.ok) flushOutbox(settings);
      return r.ok ? { ok: true, message: r.data, duplicate: !!r.duplicate } : r;
    }
    case 'check': {
      const disabled = stringList(settings.disabled, 500);
      const body = {
        text: msg.text, subject: msg.subject, kind: 'auto', context: msg.context,
        dictionary: stringList(settings.dictionary, 5000), disabled,
      };
      const found = await interviewFor(msg.context.interviewer_email, settings);
      const interview = found.ok ? found.interview : null;
      if (interview) body.interview_id = interview.id;
      const r = await call('/api/v1/check', { method: 'POST', body, timeout: TIMEOUT_MS.check, settings });
      if (r.ok && (!r.data || !Array.isArray(r.data.warnings))) return { ok: false, status: 'error', error: 'unexpected answer from the backend' };
      if (r.ok) flushOutbox(settings);
      return r.ok ? { ok: true, data: r.data, disabled, interview, tracker: found.ok } : r;
    }
    case 'render': {
      const body = { context: msg.context };
      const id = await interviewIdFor(msg.context.interviewer_email, settings);
      if (id) body.interview_id = id;
      return call('/api/v1/templates/' + encodeURIComponent(msg.id) + '/render', { method: 'POST', body, timeout: TIMEOUT_MS.render, settings });
    }
    case 'addWord': {
      const words = stringList(settings.dictionary, 5000);
      if (!words.some((w) => w.toLowerCase() === msg.word.toLowerCase())) words.push(msg.word);
      await browserApi.storage.local.set({ dictionary: words });
      return { ok: true };
    }
    case 'openOptions':
      await browserApi.runtime.openOptionsPage();
      return { ok: true };
    default:
      return { ok: false, status: 'error', error: 'unknown message' };
  }
}

browserApi.runtime.onMessage.addListener((raw, sender, sendResponse) => {
  if (!senderAllowed(sender)) return false;
  const v = C.validateMessage(raw);
  if (!v.ok) {
    sendResponse({ ok: false, status: 'error', error: 'refused: ' + v.error });
    return false;
  }
  handle(v.value).then(sendResponse, (e) => sendResponse({ ok: false, status: 'error', error: String(e && e.message || e) }));
  return true; // answer asynchronously
});

// Settings that changed the backend invalidate what we learned about interviews.
browserApi.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && (changes.backendUrl || changes.token)) lookupCache.clear();
});
