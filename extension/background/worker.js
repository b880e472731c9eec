/*
 * Background service worker: the only part of the extension that touches the network.
 *
 * Content scripts cannot reach 127.0.0.1 (Chrome's Local Network Access blocks requests made on a
 * web page's behalf), and they run next to untrusted page code, so they only send small, validated
 * messages here. This worker talks to exactly one place: the backend URL from the options, which must
 * be on this computer unless the user explicitly allowed another (https) address.
 */
/* global importScripts, EtiquetteCore */
importScripts('/lib/core.js');

const C = self.EtiquetteCore;
const MAIL_HOSTS = ['mail.google.com', 'outlook.live.com', 'outlook.office.com', 'outlook.office365.com', 'outlook.cloud.microsoft', 'mail.yahoo.com'];
const DEFAULTS = { backendUrl: C.DEFAULT_BACKEND, token: '', allowRemote: false, dictionary: [], disabled: [] };
const TIMEOUT_MS = { check: 5000, render: 5000, health: 2500, lookup: 1500 };

function getSettings() {
  return chrome.storage.local.get(DEFAULTS);
}

/** Who may ask us things: our own content scripts on a supported webmail, and our own pages. */
function senderAllowed(sender) {
  if (!sender || sender.id !== chrome.runtime.id) return false;
  const own = chrome.runtime.getURL('');
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
async function call(path, { method = 'GET', body, timeout = 5000, settings } = {}) {
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
// decision date) applies without the user typing it again. Cached briefly; a missing tracker is fine.
const lookupCache = new Map();
async function interviewIdFor(email, settings) {
  if (!email) return null;
  const hit = lookupCache.get(email);
  if (hit && Date.now() - hit.at < 60000) return hit.id;
  const r = await call('/api/v1/interviews?email=' + encodeURIComponent(email), { timeout: TIMEOUT_MS.lookup, settings });
  let id = null;
  if (r.ok) {
    const list = Array.isArray(r.data) ? r.data : (r.data && Array.isArray(r.data.interviews) ? r.data.interviews : []);
    const first = list.find((x) => x && Number.isInteger(x.id));
    id = first ? first.id : null;
  }
  if (r.ok || r.status === 'error') lookupCache.set(email, { id, at: Date.now() });
  return id;
}

function stringList(v, max) {
  return Array.isArray(v) ? v.filter((x) => typeof x === 'string' && x.length > 0 && x.length <= 100).slice(0, max) : [];
}

async function handle(msg) {
  const settings = await getSettings();
  switch (msg.type) {
    case 'health': {
      const r = await call('/api/v1/health', { timeout: TIMEOUT_MS.health, settings });
      return r.ok ? { ok: true, health: true, version: r.data && r.data.version } : r;
    }
    case 'check': {
      const disabled = stringList(settings.disabled, 500);
      const body = {
        text: msg.text, subject: msg.subject, kind: 'auto', context: msg.context,
        dictionary: stringList(settings.dictionary, 5000), disabled,
      };
      const id = await interviewIdFor(msg.context.interviewer_email, settings);
      if (id) body.interview_id = id;
      const r = await call('/api/v1/check', { method: 'POST', body, timeout: TIMEOUT_MS.check, settings });
      if (r.ok && (!r.data || !Array.isArray(r.data.warnings))) return { ok: false, status: 'error', error: 'unexpected answer from the backend' };
      return r.ok ? { ok: true, data: r.data, disabled } : r;
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
      await chrome.storage.local.set({ dictionary: words });
      return { ok: true };
    }
    case 'openOptions':
      await chrome.runtime.openOptionsPage();
      return { ok: true };
    default:
      return { ok: false, status: 'error', error: 'unknown message' };
  }
}

chrome.runtime.onMessage.addListener((raw, sender, sendResponse) => {
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
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && (changes.backendUrl || changes.token)) lookupCache.clear();
});
