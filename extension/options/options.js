// Options page: edits browserApi.storage.local (backendUrl, token, allowRemote, disabled, dictionary).
// The URL is validated with the same rule the background worker enforces before every request.
'use strict';
const C = globalThis.EtiquetteCore;
const CATEGORIES = [
  ['timing', 'Timing'], ['persistence', 'Persistence'], ['length', 'Length'], ['salary', 'Salary too early'],
  ['tone', 'Tone'], ['assumption', 'Assuming the worst'], ['off_topic', 'Off topic'], ['proofreading', 'Proofreading'],
  ['interest', 'Reiterate interest'], ['personalisation', 'Personal touch'],
];
const $ = (id) => document.getElementById(id);
const lines = (v) => v.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);

function buildCategories(disabled) {
  const box = $('categories');
  box.textContent = '';
  for (const [id, label] of CATEGORIES) {
    const input = document.createElement('input');
    input.type = 'checkbox';
    input.value = id;
    input.checked = disabled.indexOf(id) < 0;
    const l = document.createElement('label');
    l.append(input, ' ' + label);
    box.append(l);
  }
}

async function load() {
  const s = await browserApi.storage.local.get({ backendUrl: C.DEFAULT_BACKEND, token: '', allowRemote: false, disabled: [], dictionary: [] });
  $('backendUrl').value = s.backendUrl;
  $('token').value = s.token;
  $('allowRemote').checked = !!s.allowRemote;
  buildCategories(s.disabled);
  $('rules').value = s.disabled.filter((d) => !CATEGORIES.some(([id]) => id === d)).join('\n');
  $('dictionary').value = s.dictionary.join('\n');
}

function say(el, text, good) {
  el.textContent = text;
  el.className = good ? 'good' : 'bad';
}

async function save(ev) {
  ev.preventDefault();
  const allowRemote = $('allowRemote').checked;
  const url = C.checkBackendUrl($('backendUrl').value || C.DEFAULT_BACKEND, allowRemote);
  if (!url.ok) { say($('saved'), url.error, false); $('backendUrl').focus(); return; }
  if (!url.loopback) {
    // A non-local backend needs the user's explicit grant for that origin (a user gesture: this click).
    const granted = await browserApi.permissions.request({ origins: [new URL(url.url).origin + '/*'] }).catch(() => false);
    if (!granted) { say($('saved'), 'Permission for that address was not granted.', false); return; }
  }
  const off = Array.from(document.querySelectorAll('#categories input')).filter((i) => !i.checked).map((i) => i.value);
  const disabled = off.concat(lines($('rules').value).filter((r) => r.length <= 100));
  const dictionary = Array.from(new Set(lines($('dictionary').value).filter((w) => w.length <= 100)));
  await browserApi.storage.local.set({ backendUrl: url.url, token: $('token').value.trim(), allowRemote, disabled, dictionary });
  $('backendUrl').value = url.url;
  say($('saved'), 'Saved.', true);
}

async function test() {
  const out = $('testResult');
  const url = C.checkBackendUrl($('backendUrl').value || C.DEFAULT_BACKEND, $('allowRemote').checked);
  if (!url.ok) { say(out, url.error, false); return; }
  say(out, 'Testing…', true);
  const reply = await browserApi.runtime.sendMessage({ type: 'health' }).catch(() => null);
  if (reply && reply.ok) say(out, 'Connected (backend ' + (reply.version || '') + '). Save to use a changed address.', true);
  else say(out, 'Not reachable' + (reply && reply.error ? ': ' + reply.error : '') + '. Is `make run` running?', false);
}

/** Pairing: the worker sends the code to the backend and keeps the token it answers with. */
async function pair() {
  const out = $('pairResult');
  const code = $('pairCode').value.trim();
  if (!code) { say(out, 'Enter the code that `etiquette pair` printed.', false); $('pairCode').focus(); return; }
  say(out, 'Pairing…', true);
  const reply = await browserApi.runtime.sendMessage({ type: 'pair', code }).catch(() => null);
  if (reply && reply.ok) {
    const s = await browserApi.storage.local.get({ token: '' });
    $('token').value = s.token; // so a later Save keeps the new token
    $('pairCode').value = '';
    say(out, 'Paired: the interview tracker is ready.', true);
    return;
  }
  const why = reply && reply.error ? reply.error.replace(/^refused: /, '') : 'no answer';
  say(out, 'Not paired: ' + why + (reply && reply.code === 'bad_pairing_code' ? ' Run `etiquette pair` for a fresh code.' : ''), false);
}

/** Whether the backend says this browser is paired (older backends do not say). */
async function showPairing() {
  const reply = await browserApi.runtime.sendMessage({ type: 'health' }).catch(() => null);
  if (!reply || !reply.ok || typeof reply.paired !== 'boolean' || $('pairResult').textContent) return;
  say($('pairResult'), reply.paired ? 'Paired.' : 'Not paired yet: the tracker is off until you pair.', reply.paired);
}

$('form').addEventListener('submit', save);
$('pair').addEventListener('click', pair);
$('pairCode').addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); pair(); } });
$('test').addEventListener('click', test);
load().then(showPairing);
