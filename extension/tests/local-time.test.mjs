// Unit tests of extension/lib/local-time.js (Node's built-in runner: `node --test`).
// The lib/ file is a classic script that also sets module.exports, so createRequire loads the very
// file the browser runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = require('../lib/local-time.js');

test('datetime-local values round-trip with the browser offset', () => {
  const iso = core.localInputToIso('2026-11-24T10:00', () => 60);
  assert.equal(iso, '2026-11-24T10:00:00+01:00');
  assert.equal(
    core.localInputToIso('2026-11-24T10:00', () => -330),
    '2026-11-24T10:00:00-05:30',
  );
  assert.equal(core.localInputToIso('yesterday'), null);
  // Times from the backend without an offset are the server's (this computer's) local time.
  assert.equal(core.isoToLocalInput('2026-11-24T10:00:00'), '2026-11-24T10:00');
  assert.equal(core.isoToLocalInput('2026-11-24'), '2026-11-24T09:00');
  assert.equal(core.isoToLocalInput(core.localInputToIso('2026-11-24T10:15')), '2026-11-24T10:15');
  assert.equal(core.isoToLocalInput(null), '');
});

test('the interview time defaults to the last whole hour before now, a week earlier for a follow-up', () => {
  const now = new Date(2026, 10, 25, 18, 31);
  assert.equal(core.toLocalInput(core.defaultInterviewTime(now, 'thank_you')), '2026-11-25T17:00');
  assert.equal(core.toLocalInput(core.defaultInterviewTime(now, undefined)), '2026-11-25T17:00');
  assert.equal(core.toLocalInput(core.defaultInterviewTime(now, 'follow_up')), '2026-11-18T17:00');
  // Just after midnight: yesterday evening, never in the future.
  assert.equal(
    core.toLocalInput(core.defaultInterviewTime(new Date(2026, 10, 25, 0, 20), 'thank_you')),
    '2026-11-24T23:00',
  );
});
