// Unit tests of extension/lib/send-key.js: the Idempotency-Key that makes one Send log once (Node's built-in runner: `node --test`).
// The lib/ file is a classic script that also sets module.exports, so createRequire loads the very
// file the browser runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = {
  ...require('../lib/send-key.js'),
  ...require('../lib/messages.js'),
};

test('one Send, one key: the same compose and draft give the same key, anything else a new one', () => {
  const a = core.sendKey('c1', 'Thank you for today.\n');
  assert.equal(a, core.sendKey('c1', 'Thank you for today.'));
  assert.notEqual(a, core.sendKey('c2', 'Thank you for today.'));
  assert.notEqual(a, core.sendKey('c1', 'Thank you for today!'));
  // The backend takes 1-200 characters; the worker accepts only a conservative alphabet.
  const long = core.sendKey('x'.repeat(500), 'y'.repeat(50000));
  assert.ok(long.length <= 200 && /^[A-Za-z0-9:_-]+$/.test(long), long);
  assert.equal(
    core.validateMessage({
      type: 'message-log',
      id: 3,
      kind: 'thank_you',
      sent_at: '2026-11-25T18:40:00Z',
      key: long,
    }).ok,
    true,
  );
});
