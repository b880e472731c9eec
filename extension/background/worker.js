/*
 * Background service worker: the only part of the extension that touches the network.
 *
 * Content scripts cannot reach 127.0.0.1 (Chrome's Local Network Access blocks requests made on a
 * web page's behalf), and they run next to untrusted page code, so they only send small, validated
 * messages here. This worker talks to exactly one place: the backend URL from the options, which must
 * be on this computer unless the user explicitly allowed another (https) address.
 */
// Chromium runs this as a service worker and loads the helpers here; Firefox lists them before this
// file in the manifest's background scripts, where importScripts does not exist. Each call stays on
// one line with its guard: extension/build/package.py reads these lines (and refuses an unguarded one)
// to derive Firefox's list, so a helper added here is loaded in both browsers.
if (typeof importScripts === 'function') importScripts('/lib/report.js', '/lib/browser-api.js');
if (typeof importScripts === 'function') importScripts('/lib/core.js', '/lib/constants.js', '/lib/values.js');
if (typeof importScripts === 'function') importScripts('/lib/backend-url.js', '/lib/mail-hosts.js');
if (typeof importScripts === 'function') importScripts('/lib/interview-fields.js', '/lib/messages.js');
if (typeof importScripts === 'function') importScripts('/lib/delivery.js');

const C = self.EtiquetteCore;
const D = self.EtiquetteDelivery;
const report = self.EtiquetteReport.report;
// The webmails whose pages may ask us things: the ones the manifest runs our content scripts on.
const MAIL_HOSTS = C.mailHosts(browserApi.runtime.getManifest());
// Generous for a loaded laptop (a backend answering in 1.5 s must still match and log): the panel
// shows "matching…" / "tracker slow" meanwhile instead of dropping the tracker.
const TIMEOUT_MS = { check: 10000, render: 10000, health: 5000, lookup: 8000, tracker: 10000, pair: 10000 };

function getSettings() {
  return browserApi.storage.local.get(C.STORAGE_DEFAULTS);
}

/** Our own extension pages (options, popup): only they may pair. */
function fromOwnPage(sender) {
  const own = browserApi.runtime.getURL('');
  return !!(
    sender &&
    sender.id === browserApi.runtime.id &&
    sender.url &&
    sender.url.startsWith(own) &&
    (!sender.tab || String(sender.tab.url || sender.url).startsWith(own))
  );
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
 * A failed reply. Every reply to a message (content scripts, popup, options) is `{ok: true, ...}` or
 * this one shape, after the backend's error envelope `{"error": {"code", "message"}}`
 * (backend/etiquette/errors.py): `reason` is the one code to branch on, `error` a short text fit for
 * the panel, `details` facts about it (httpStatus, retryAfter, queued). `reason` is the backend's own
 * `error.code` when it answered with one (not_paired, bad_pairing_code, validation, not_found...),
 * else ours: offline (not reachable, timed out), config (backend address not allowed), unauthorized
 * (token refused), aborted (superseded by a newer check), too_old (backend older than the extension),
 * bad_answer, http_error (an HTTP error without the envelope), refused (a message we do not take),
 * internal. The content scripts add reloaded (the extension was reloaded under them).
 */
function fail(reason, error, details) {
  return Object.assign({ ok: false, reason, error }, details);
}

/** One request to the backend. Never throws; answers {ok: true, data} or fail(...). */
async function call(
  path,
  { method = 'GET', body, timeout = 5000, settings, headers: extra, signal, anonymous, text } = {},
) {
  const s = settings || (await getSettings());
  const target = C.checkBackendUrl(s.backendUrl || C.DEFAULT_BACKEND, s.allowRemote === true);
  if (!target.ok) return fail('config', target.error);
  // "localhost" may resolve to ::1 where the backend does not listen, and only 127.0.0.1 is in our
  // host permissions: use the IPv4 loopback address for it.
  const base = target.url.replace(/^(https?:\/\/)localhost(?=[:/]|$)/i, (m, scheme) => scheme + '127.0.0.1');
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = anonymous ? '' : cleanToken(s.token);
  if (token) headers.Authorization = 'Bearer ' + token;
  if (extra) Object.assign(headers, extra);
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeout);
  // A superseded check is cancelled by its compose (see inflight below).
  const cancel = () => ctrl.abort();
  if (signal) {
    if (signal.aborted) ctrl.abort();
    else signal.addEventListener('abort', cancel);
  }
  try {
    const res = await fetch(base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: ctrl.signal,
      credentials: 'omit',
      redirect: 'error',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
    let data = null;
    // text: a file the user asked for (the .ics of "Add to calendar"); errors are JSON either way.
    if (text && res.ok)
      return {
        ok: true,
        data: await res.text(),
        filename: D.attachmentName(res.headers.get('Content-Disposition')),
      };
    try {
      data = await res.json();
    } catch (e) {
      data = null;
    }
    const code = data && data.error && typeof data.error.code === 'string' ? data.error.code : '';
    if (res.status === 401 && code === 'not_paired') {
      // The tracker is only for the paired extension; checks go on without it.
      return fail('not_paired', 'The tracker needs pairing.', { httpStatus: 401 });
    }
    if ((res.status === 401 || res.status === 403) && code !== 'bad_pairing_code') {
      return fail('unauthorized', 'The backend refused the request (token?).', { httpStatus: res.status });
    }
    if (!res.ok) {
      // Never a backend message with a file-system path in it (it names the user) on a web page.
      const msg =
        data && data.error && data.error.message ? D.publicMessage(data.error.message) : 'HTTP ' + res.status;
      return fail(code || 'http_error', msg, {
        httpStatus: res.status,
        retryAfter: D.retryAfterMs(res.headers.get('Retry-After')),
      });
    }
    return { ok: true, data };
  } catch (e) {
    if (signal && signal.aborted) return fail('aborted', 'superseded');
    return fail('offline', e && e.name === 'AbortError' ? 'timed out' : 'not reachable');
  } finally {
    clearTimeout(timer);
    if (signal) signal.removeEventListener('abort', cancel);
  }
}

// The display labels (category names and colours, verdicts, groups, kinds) live once, in the backend's
// rule pack; GET /api/v1/rules serves them. Fetched once per backend address and handed to the panel
// with each check, so no surface types them itself.
const labelsCache = new Map(); // backend address -> labels
async function labelsFor(settings) {
  const key = settings.backendUrl || C.DEFAULT_BACKEND;
  if (labelsCache.has(key)) return labelsCache.get(key);
  const r = await call('/api/v1/rules', { timeout: TIMEOUT_MS.health, settings });
  const labels = r.ok && r.data && r.data.labels && typeof r.data.labels === 'object' ? r.data.labels : null;
  if (labels) labelsCache.set(key, labels);
  return labels;
}

// Interview lookup by the recipient's address, so the tracker's context (interview date, names,
// decision date, what was sent) applies without the user typing it again. Cached briefly (the panel
// asks on every check); a missing tracker is fine. Creating or editing an interview updates the cache.
// Concurrent look-ups of one address share one request, so a slow backend is not asked many times.
const lookupCache = new Map(); // email -> {interview|null, at}
const lookupsInFlight = new Map(); // email -> Promise
const LOOKUP_TTL_MS = 60000;
async function interviewFor(email, settings) {
  if (!email) return { ok: true, interview: null };
  const hit = lookupCache.get(email);
  if (hit && Date.now() - hit.at < LOOKUP_TTL_MS) return { ok: true, interview: hit.interview };
  if (lookupsInFlight.has(email)) return lookupsInFlight.get(email);
  const p = (async () => {
    const r = await call('/api/v1/interviews?email=' + encodeURIComponent(email), {
      timeout: TIMEOUT_MS.lookup,
      settings,
    });
    if (!r.ok) return r;
    const list = Array.isArray(r.data)
      ? r.data
      : r.data && Array.isArray(r.data.interviews)
        ? r.data.interviews
        : [];
    // Several applications to one interviewer: the newest one is the one being written about.
    const found = list.filter((x) => x && C.isId(x.id)).sort((a, b) => b.id - a.id)[0] || null;
    lookupCache.set(email, { interview: found, at: Date.now() });
    return { ok: true, interview: found };
  })().finally(() => lookupsInFlight.delete(email));
  lookupsInFlight.set(email, p);
  return p;
}
async function interviewIdFor(email, settings) {
  const r = await interviewFor(email, settings);
  return r.ok && r.interview ? r.interview.id : null;
}
function remember(interview) {
  if (!interview || !C.isId(interview.id)) return;
  for (const [email, hit] of lookupCache)
    if (hit.interview && hit.interview.id === interview.id) lookupCache.delete(email);
  if (interview.interviewer_email)
    lookupCache.set(String(interview.interviewer_email).toLowerCase(), { interview, at: Date.now() });
}

// Sends wait in the outbox (in storage, so a worker restart keeps them) until the backend has logged
// them: no answer, a timeout, a 503 or a "pair first" keeps the entry and it is tried again with
// back-off (Retry-After honoured); only an answer that can never change drops it, and the tab that
// sent it is told. Every try carries the same Idempotency-Key, so each Send is logged exactly once.
const OUTBOX_MAX = 50;
const OUTBOX_ALARM = 'etiquette-outbox';
async function logMessage(m, settings) {
  return call('/api/v1/interviews/' + m.id + '/messages', {
    method: 'POST',
    body: { kind: m.kind, sent_at: m.sent_at },
    timeout: TIMEOUT_MS.tracker,
    settings,
    headers: { 'Idempotency-Key': m.key },
  });
}
async function readOutbox() {
  const got = await browserApi.storage.local.get({ outbox: [] });
  return got && Array.isArray(got.outbox) ? got.outbox : [];
}
function nextTry(entry, r) {
  const tries = (entry.tries || 0) + 1;
  const wait = (r && r.retryAfter) || D.outboxBackoff(tries);
  // Not reached at all: tried again as soon as the backend answers anything, whatever the back-off.
  return Object.assign({}, entry, {
    tries,
    nextAt: Date.now() + wait,
    unreached: !!(r && r.reason === 'offline'),
  });
}
async function queue(m, tab, r) {
  const list = (await readOutbox()).filter((x) => x && x.key !== m.key);
  list.push(
    nextTry(
      { id: m.id, kind: m.kind, sent_at: m.sent_at, key: m.key, tab: Number.isInteger(tab) ? tab : null },
      r,
    ),
  );
  await browserApi.storage.local.set({ outbox: list.slice(-OUTBOX_MAX) });
  scheduleOutbox();
}
/** Tells the tab that sent it what became of a queued Send (the panel may be gone: that is fine). */
function tell(entry, state, reason) {
  if (!Number.isInteger(entry.tab) || !browserApi.tabs || !browserApi.tabs.sendMessage) return;
  Promise.resolve(
    browserApi.tabs.sendMessage(entry.tab, { type: 'outbox', key: entry.key, state, reason }),
  ).catch((e) => report(e, 'outbox: telling the tab'));
}
let flushing = null;
let outboxTimer = null;
/**
 * Tries the queued Sends that are due; with `reachable` (the backend just answered) also those that
 * never reached it; with 'all' every one (new token or backend).
 */
function flushOutbox(settings, which) {
  if (flushing) return flushing;
  flushing = (async () => {
    const outbox = await readOutbox();
    if (!outbox.length) return;
    const left = [];
    for (const m of outbox) {
      const v = C.validateMessage({
        type: 'message-log',
        id: m.id,
        kind: m.kind,
        sent_at: m.sent_at,
        key: m.key,
      });
      if (!v.ok) continue; // never retry something malformed forever
      const due =
        !m.nextAt || m.nextAt <= Date.now() || which === 'all' || (which === 'reachable' && m.unreached);
      if (!due) {
        left.push(m);
        continue;
      }
      const r = await logMessage(v.value, settings);
      const verdict = D.outboxVerdict(r);
      if (verdict === 'retry') left.push(nextTry(m, r));
      else if (verdict === 'logged') tell(m, 'logged');
      else tell(m, 'dropped', D.dropReason(r));
    }
    // Keep anything queued while we were flushing.
    const added = (await readOutbox()).filter((x) => !outbox.some((o) => o.key === x.key));
    await browserApi.storage.local.set({ outbox: left.concat(added).slice(-OUTBOX_MAX) });
  })()
    .catch((e) => report(e, 'outbox'))
    .finally(() => {
      flushing = null;
      scheduleOutbox();
    });
  return flushing;
}
/** Wakes for the next due Send: a timer while this worker lives, an alarm in case it is stopped. */
async function scheduleOutbox() {
  const outbox = await readOutbox().catch((e) => {
    report(e, 'outbox: reading');
    return [];
  });
  if (outboxTimer) {
    clearTimeout(outboxTimer);
    outboxTimer = null;
  }
  const due = outbox.map((m) => m.nextAt || 0);
  if (!due.length) {
    if (browserApi.alarms)
      Promise.resolve(browserApi.alarms.clear(OUTBOX_ALARM)).catch((e) =>
        report(e, 'outbox: clearing the alarm'),
      );
    return;
  }
  const at = Math.min(...due);
  outboxTimer = setTimeout(
    () => {
      outboxTimer = null;
      flushOutbox();
    },
    Math.max(200, at - Date.now()),
  );
  try {
    if (browserApi.alarms)
      await browserApi.alarms.create(OUTBOX_ALARM, { when: Math.max(at, Date.now() + 30000) });
  } catch (e) {
    report(e, 'outbox: setting the alarm'); // the timer above still runs while this worker lives
  }
}

function stringList(v, max) {
  return Array.isArray(v)
    ? v.filter((x) => typeof x === 'string' && x.length > 0 && x.length <= 100).slice(0, max)
    : [];
}

// At most one check in flight per compose: a newer one from the same compose cancels the older.
const inflight = new Map(); // slot -> AbortController

async function handle(msg, sender) {
  const settings = await getSettings();
  switch (msg.type) {
    case 'health': {
      // The options page tests the address typed, not the one saved (only our own pages may probe).
      if (msg.probe && !fromOwnPage(sender)) return fail('refused', 'probing is done in the options page');
      const probing = !!msg.probe;
      const r = await call('/api/v1/health', {
        timeout: TIMEOUT_MS.health,
        settings: probing ? { ...settings, ...msg.probe } : settings,
      });
      if (r.ok && !probing) flushOutbox(settings, 'reachable');
      return r.ok
        ? {
            ok: true,
            health: true,
            version: r.data && r.data.version,
            paired: r.data && typeof r.data.paired === 'boolean' ? r.data.paired : null,
            // "unavailable" with a reason (never a file path) when the tracker's database cannot be used.
            tracker: r.data && r.data.tracker,
            trackerReason: r.data && r.data.reasons && r.data.reasons.tracker,
          }
        : r;
    }
    case 'reminder': {
      const body = { context: msg.context };
      const found = await interviewFor(msg.context.interviewer_email, settings);
      if (found.ok && found.interview && msg.tracked) body.interview_id = found.interview.id;
      const r = await call('/api/v1/reminder', {
        method: 'POST',
        body,
        timeout: TIMEOUT_MS.render,
        settings,
        text: true,
      });
      return r.ok ? { ok: true, ics: r.data, filename: r.filename } : r;
    }
    case 'rules': {
      // The catalogue and the labels, for the options page's switches.
      if (msg.probe && !fromOwnPage(sender)) return fail('refused', 'probing is done in the options page');
      const r = await call('/api/v1/rules', {
        timeout: TIMEOUT_MS.health,
        settings: msg.probe ? { ...settings, ...msg.probe } : settings,
      });
      if (r.ok && (!r.data || !Array.isArray(r.data.rules)))
        return fail('too_old', 'this backend is older than the extension');
      return r.ok
        ? { ok: true, rules: r.data.rules, labels: r.data.labels || null, aliases: r.data.aliases || {} }
        : r;
    }
    case 'pair': {
      if (!fromOwnPage(sender)) return fail('refused', 'pairing is done in the options page');
      const r = await call('/api/v1/pair', {
        method: 'POST',
        body: { code: msg.code },
        timeout: TIMEOUT_MS.pair,
        settings,
        anonymous: true,
      });
      if (!r.ok) {
        if (r.reason === 'bad_pairing_code') return fail(r.reason, 'That code is not (or no longer) valid.');
        if (r.httpStatus === 404 || r.httpStatus === 405)
          return fail('too_old', 'This backend does not pair (it is older than the extension).');
        return r;
      }
      const token = cleanToken(r.data && r.data.token);
      if (!token) return fail('bad_answer', 'unexpected answer from the backend');
      await browserApi.storage.local.set({ token });
      lookupCache.clear();
      flushOutbox(Object.assign({}, settings, { token }), 'all');
      return { ok: true };
    }
    case 'interview-find':
      return interviewFor(msg.email, settings);
    case 'interview-create': {
      const r = await call('/api/v1/interviews', {
        method: 'POST',
        body: msg.fields,
        timeout: TIMEOUT_MS.tracker,
        settings,
      });
      if (r.ok) remember(r.data);
      return r.ok ? { ok: true, interview: r.data } : r;
    }
    case 'interview-update': {
      const r = await call('/api/v1/interviews/' + msg.id, {
        method: 'PATCH',
        body: msg.fields,
        timeout: TIMEOUT_MS.tracker,
        settings,
      });
      if (r.ok) remember(r.data);
      if (!r.ok && r.httpStatus === 404) lookupCache.clear(); // deleted elsewhere: look it up again
      return r.ok ? { ok: true, interview: r.data } : r;
    }
    case 'message-log': {
      const r = await logMessage(msg, settings);
      const verdict = D.outboxVerdict(r);
      if (verdict === 'retry') {
        await queue(msg, sender && sender.tab && sender.tab.id, r);
        return fail(r.reason, r.error, { queued: true });
      }
      if (verdict === 'logged') flushOutbox(settings, 'all');
      return verdict === 'logged'
        ? { ok: true, message: r.ok ? r.data : null, duplicate: !r.ok }
        : Object.assign({}, r, { error: D.dropReason(r) });
    }
    case 'check': {
      const disabled = stringList(settings.disabled, 500);
      const body = {
        text: msg.text,
        subject: msg.subject,
        kind: msg.kind || 'auto',
        context: msg.context,
        dictionary: stringList(settings.dictionary, 5000),
        disabled,
        dialect: C.DIALECTS.indexOf(settings.dialect) >= 0 ? settings.dialect : C.DEFAULT_DIALECT,
      };
      let ctrl = null;
      if (msg.slot) {
        if (inflight.has(msg.slot)) inflight.get(msg.slot).abort();
        ctrl = new AbortController();
        inflight.set(msg.slot, ctrl);
      }
      try {
        const found = await interviewFor(msg.context.interviewer_email, settings);
        if (ctrl && ctrl.signal.aborted) return fail('aborted', 'superseded');
        const interview = found.ok ? found.interview : null;
        // The tracker informs the check only once the user has acted in that compose.
        if (interview && msg.tracked) body.interview_id = interview.id;
        let r = await call('/api/v1/check', {
          method: 'POST',
          body,
          timeout: TIMEOUT_MS.check,
          settings,
          signal: ctrl && ctrl.signal,
        });
        // 'ok', or why the interview could not be looked up (a fail() reason: not_paired, offline...).
        let trackerStatus = found.ok ? 'ok' : found.reason;
        if (!r.ok && r.reason === 'not_paired' && body.interview_id) {
          // The tracker wants pairing: the check itself goes on without the interview.
          delete body.interview_id;
          trackerStatus = 'not_paired';
          r = await call('/api/v1/check', {
            method: 'POST',
            body,
            timeout: TIMEOUT_MS.check,
            settings,
            signal: ctrl && ctrl.signal,
          });
        }
        if (r.ok && (!r.data || !Array.isArray(r.data.warnings)))
          return fail('bad_answer', 'unexpected answer from the backend');
        if (r.ok) flushOutbox(settings, 'reachable');
        const labels = r.ok ? await labelsFor(settings) : null;
        return r.ok
          ? {
              ok: true,
              // The "another company you applied to" warning is no oracle: the backend gives it only to a
              // check that names an interview (tests/test_private_to_the_user.py), and this worker names
              // one only for a compose matched to it, so no filter here needs to know that rule's id.
              data: r.data,
              disabled,
              interview: trackerStatus === 'ok' ? interview : null,
              tracker: trackerStatus === 'ok',
              trackerStatus,
              labels,
            }
          : r;
      } finally {
        if (ctrl && inflight.get(msg.slot) === ctrl) inflight.delete(msg.slot);
      }
    }
    case 'extract-dates':
      // Dates the employer gave in the quoted message, for the panel to propose (never applied by itself).
      return call('/api/v1/extract-dates', {
        method: 'POST',
        body: { text: msg.text },
        timeout: TIMEOUT_MS.check,
        settings,
      });
    case 'render': {
      const body = { context: msg.context };
      const id = await interviewIdFor(msg.context.interviewer_email, settings);
      if (id) body.interview_id = id;
      return call('/api/v1/templates/' + encodeURIComponent(msg.id) + '/render', {
        method: 'POST',
        body,
        timeout: TIMEOUT_MS.render,
        settings,
      });
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
      return fail('refused', 'unknown message');
  }
}

browserApi.runtime.onMessage.addListener((raw, sender, sendResponse) => {
  if (!senderAllowed(sender)) return false;
  const v = C.validateMessage(raw);
  if (!v.ok) {
    sendResponse(fail('refused', 'refused: ' + v.error));
    return false;
  }
  handle(v.value, sender).then(sendResponse, (e) =>
    sendResponse(fail('internal', D.publicMessage((e && e.message) || e))),
  );
  return true; // answer asynchronously
});

// Settings that changed the backend invalidate what we learned about interviews; a new token (paired)
// may let queued Sends through.
browserApi.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local') return;
  if (changes.backendUrl || changes.token) lookupCache.clear();
  if (changes.token || changes.backendUrl) flushOutbox(undefined, 'all');
});

// A worker (re)started by the browser picks the outbox up where the last one left it.
if (browserApi.alarms)
  browserApi.alarms.onAlarm.addListener((a) => {
    if (a.name === OUTBOX_ALARM) flushOutbox();
  });
setTimeout(() => flushOutbox(), 1000);
