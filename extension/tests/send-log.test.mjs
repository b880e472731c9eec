// Unit tests of what the tracker row says about a Send (extension/content/compose/send-log.js,
// EtiquetteSendLog.describe), with Node's built-in runner. The file is a classic content script that
// also extends Compose, so it runs in a fresh context with a stand-in for what it extends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const SOURCE = readFileSync(new URL('../content/compose/send-log.js', import.meta.url), 'utf8');

function load() {
  const extended = {};
  const ctx = {
    EtiquetteCore: {},
    EtiquetteMessaging: { ask: async () => ({ ok: true }) },
    EtiquetteReport: { report: () => true },
    EtiquetteCompose: { extend: (methods) => Object.assign(extended, methods) },
  };
  ctx.globalThis = ctx;
  vm.createContext(ctx);
  vm.runInContext(SOURCE, ctx, { filename: 'content/compose/send-log.js' });
  return { describe: ctx.EtiquetteSendLog.describe, extended };
}

const AT = '2026-12-01T09:30:00Z';

test('a logged Send is named by its kind, and its hook says the kind', () => {
  const { describe } = load();
  const said = describe({ kind: 'thank_you', at: AT }, 'Thank-you');
  assert.match(said.text, /^Thank-you logged as sent at .+\.$/);
  assert.equal(said.state, 'thank_you');
});

test('a queued Send says it is not logged yet and that we keep trying', () => {
  const { describe } = load();
  const said = describe({ kind: 'follow_up', at: AT, queued: true }, '');
  assert.match(
    said.text,
    /^Message sent at .+: not logged yet, the tracker is busy or away\. We keep trying\.$/,
  );
  assert.equal(said.state, 'queued');
});

test('a Send given up says why', () => {
  const { describe } = load();
  const said = describe(
    { kind: 'other', at: AT, failed: true, reason: 'the interview is no longer in the tracker' },
    'Other',
  );
  assert.equal(said.text, 'Could not log the sent message: the interview is no longer in the tracker.');
  assert.equal(said.state, 'failed');
  assert.equal(describe({ kind: 'other', at: AT, failed: true }, '').text, 'Could not log the sent message.');
});

test('an unreadable time leaves the time out rather than printing "Invalid Date"', () => {
  const { describe } = load();
  assert.equal(
    describe({ kind: 'thank_you', at: 'nonsense' }, 'Thank-you').text,
    'Thank-you logged as sent at .',
  );
});

test('the file gives Compose its Send logging', () => {
  const { extended } = load();
  assert.deepEqual(Object.keys(extended).sort(), ['logSend', 'logSendOnClose', 'outboxResult']);
});
