// Options page: edits browserApi.storage.local (backendUrl, token, allowRemote, disabled, dictionary, dialect).
// The URL is validated with the same rule the background worker enforces before every request.
'use strict';
// The categories, their rules and their names come from the backend (GET /api/v1/rules: the
// catalogue and `labels`), so this page switches off only what exists, by the names the panel uses.
const C = globalThis.EtiquetteCore;
const report = globalThis.EtiquetteReport.report;
const $ = (id) => document.getElementById(id);
const lines = (v) =>
  v
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
/** A worker that did not answer (failed to start, stopped mid-reply) is reported and shown as no answer. */
const noAnswer = (where) => (e) => {
  report(e, where);
  return null;
};
let saved = []; // the stored `disabled` list, as loaded
let known = null; // ids (categories and rules) the backend knows, once it has answered

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') node.className = v;
    else if (k === 'checked') node.checked = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

/** One switch per category, and inside it one per rule with its description. */
function buildSwitches(rules, labels, aliases, stored) {
  const box = $('categories');
  box.textContent = '';
  const cats = (labels && labels.categories) || {};
  known = new Set(Object.keys(cats));
  for (const r of rules) if (cats[r.category]) known.add(r.id);
  // A rule renamed since it was switched off is found by its old id (the backend's `aliases`) and
  // stays off under its new one; Save then stores the new id.
  const { ids: disabled, unknown } = C.currentRuleIds(stored, aliases, known);
  for (const id of Object.keys(cats)) {
    const mine = rules.filter((r) => r.category === id);
    const group = el(
      'fieldset',
      { class: 'category', 'data-category': id },
      el(
        'legend',
        {},
        el(
          'label',
          { class: 'check' },
          el('input', {
            type: 'checkbox',
            value: id,
            'data-kind': 'category',
            checked: disabled.indexOf(id) < 0,
          }),
          ' ' + cats[id].label,
        ),
      ),
      el('p', { class: 'hint' }, cats[id].guideline || ''),
    );
    for (const r of mine) {
      group.append(
        el(
          'label',
          { class: 'check rule' },
          el('input', {
            type: 'checkbox',
            value: r.id,
            'data-kind': 'rule',
            'data-category': id,
            checked: disabled.indexOf(r.id) < 0,
          }),
          ' ',
          el('span', {}, r.description || r.id),
          ' ',
          el('code', {}, r.id),
        ),
      );
    }
    box.append(group);
  }
  $('unknownRules').hidden = !unknown.length;
  $('unknownRules').textContent = unknown.length
    ? 'Switched off before, but this backend has no such rule: ' +
      unknown.join(', ') +
      '. Saving drops ' +
      (unknown.length === 1 ? 'it.' : 'them.')
    : '';
}

async function loadRules() {
  const reply = await browserApi.runtime.sendMessage({ type: 'rules' }).catch(noAnswer('options: rules'));
  if (reply && reply.ok && reply.labels) {
    $('rulesState').hidden = true;
    buildSwitches(reply.rules, reply.labels, reply.aliases, saved);
  } else {
    $('rulesState').hidden = false;
    $('rulesState').textContent =
      'Start the backend (etiquette serve) to choose what is checked; what you switched off before is kept.';
  }
}

async function load() {
  const s = await browserApi.storage.local.get(C.STORAGE_DEFAULTS);
  $('backendUrl').value = s.backendUrl;
  $('token').value = s.token;
  $('allowRemote').checked = !!s.allowRemote;
  saved = Array.isArray(s.disabled) ? s.disabled : [];
  $('dictionary').value = s.dictionary.join('\n');
  await loadRules();
  $('dialect').value = C.DIALECTS.indexOf(s.dialect) >= 0 ? s.dialect : C.DEFAULT_DIALECT;
}

function say(el, text, good) {
  el.textContent = text;
  el.className = good ? 'good' : 'bad';
}

async function save(ev) {
  ev.preventDefault();
  const allowRemote = $('allowRemote').checked;
  const url = C.checkBackendUrl($('backendUrl').value || C.DEFAULT_BACKEND, allowRemote);
  if (!url.ok) {
    say($('saved'), url.error, false);
    $('backendUrl').focus();
    return;
  }
  if (!url.loopback) {
    // A non-local backend needs the user's explicit grant for that origin (a user gesture: this click).
    const granted = await browserApi.permissions
      .request({ origins: [new URL(url.url).origin + '/*'] })
      .catch((e) => {
        report(e, 'options: permission request');
        return false;
      });
    if (!granted) {
      say($('saved'), 'Permission for that address was not granted.', false);
      return;
    }
  }
  // A rule inside a category that is off needs no entry of its own. Without the backend's list the
  // switches are not shown, and what was saved stays as it was.
  const offCats = Array.from(document.querySelectorAll('#categories input[data-kind=category]'))
    .filter((i) => !i.checked)
    .map((i) => i.value);
  const offRules = Array.from(document.querySelectorAll('#categories input[data-kind=rule]'))
    .filter((i) => !i.checked && offCats.indexOf(i.getAttribute('data-category')) < 0)
    .map((i) => i.value);
  const disabled = known ? offCats.concat(offRules) : saved;
  const dictionary = Array.from(new Set(lines($('dictionary').value).filter((w) => w.length <= 100)));
  const dialect = C.DIALECTS.indexOf($('dialect').value) >= 0 ? $('dialect').value : C.DEFAULT_DIALECT;
  await browserApi.storage.local.set({
    backendUrl: url.url,
    token: $('token').value.trim(),
    allowRemote,
    disabled,
    dictionary,
    dialect,
  });
  saved = disabled;
  if (known) $('unknownRules').hidden = true;
  $('backendUrl').value = url.url;
  say($('saved'), 'Saved.', true);
}

async function test() {
  const out = $('testResult');
  const url = C.checkBackendUrl($('backendUrl').value || C.DEFAULT_BACKEND, $('allowRemote').checked);
  if (!url.ok) {
    say(out, url.error, false);
    return;
  }
  say(out, 'Testing…', true);
  // The address typed here, with the token typed here: what Save would start using.
  const probe = {
    backendUrl: url.url,
    token: $('token').value.trim(),
    allowRemote: $('allowRemote').checked,
  };
  const reply = await browserApi.runtime
    .sendMessage({ type: 'health', probe })
    .catch(noAnswer('options: test'));
  const stored = await browserApi.storage.local.get({ backendUrl: C.STORAGE_DEFAULTS.backendUrl });
  const unsaved = stored.backendUrl !== url.url ? ' Save to start using this address.' : '';
  if (reply && reply.ok)
    say(out, 'Connected to ' + url.url + ' (backend ' + (reply.version || '') + ').' + unsaved, true);
  else
    say(
      out,
      url.url +
        ' is not reachable' +
        (reply && reply.error ? ': ' + reply.error : '') +
        '. Is the backend running there (`etiquette serve`)?',
      false,
    );
}

/** Pairing: the worker sends the code to the backend and keeps the token it answers with. */
async function pair() {
  const out = $('pairResult');
  const code = $('pairCode').value.trim();
  if (!code) {
    say(out, 'Enter the code that `etiquette pair` printed.', false);
    $('pairCode').focus();
    return;
  }
  say(out, 'Pairing…', true);
  const reply = await browserApi.runtime.sendMessage({ type: 'pair', code }).catch(noAnswer('options: pair'));
  if (reply && reply.ok) {
    const s = await browserApi.storage.local.get({ token: C.STORAGE_DEFAULTS.token });
    $('token').value = s.token; // so a later Save keeps the new token
    $('pairCode').value = '';
    say(out, 'Paired: the interview tracker is ready.', true);
    return;
  }
  const why = reply && reply.error ? reply.error.replace(/^refused: /, '') : 'no answer';
  say(
    out,
    'Not paired: ' +
      why +
      (reply && reply.reason === 'bad_pairing_code' ? ' Run `etiquette pair` for a fresh code.' : ''),
    false,
  );
}

/** Whether the backend says this browser is paired (older backends do not say). */
async function showPairing() {
  const reply = await browserApi.runtime.sendMessage({ type: 'health' }).catch(noAnswer('options: health'));
  if (!reply || !reply.ok || typeof reply.paired !== 'boolean' || $('pairResult').textContent) return;
  say(
    $('pairResult'),
    reply.paired ? 'Paired.' : 'Not paired yet: the tracker is off until you pair.',
    reply.paired,
  );
}

// The address the worker uses when none is saved (lib/constants.js), shown in the empty field.
$('backendUrl').placeholder = C.DEFAULT_BACKEND;
// One choice per English the grammar check knows (C.DIALECTS, from the backend's vocab.py).
for (const d of C.DIALECTS) $('dialect').append(el('option', { value: d }, d[0].toUpperCase() + d.slice(1)));
$('form').addEventListener('submit', save);
$('pair').addEventListener('click', pair);
$('pairCode').addEventListener('keydown', (e) => {
  if (e.key === 'Enter') {
    e.preventDefault();
    pair();
  }
});
$('test').addEventListener('click', test);
load().then(showPairing);
