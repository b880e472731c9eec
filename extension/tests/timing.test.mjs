// Unit tests of extension/lib/timing.js (Node's built-in runner: `node --test`).
// The lib/ file is a classic script that also sets module.exports, so createRequire loads the very
// file the browser runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = require('../lib/timing.js');

test('debounce runs once with the last arguments after the quiet period', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const calls = [];
  const d = core.debounce((v) => calls.push(v), 250, { setTimeout, clearTimeout });
  d(1);
  t.mock.timers.tick(100);
  d(2);
  t.mock.timers.tick(249);
  assert.deepEqual(calls, []);
  t.mock.timers.tick(1);
  assert.deepEqual(calls, [2]);
  d(3);
  d.cancel();
  t.mock.timers.tick(1000);
  assert.deepEqual(calls, [2]);
});

test('only the newest request is current; older answers are stale', () => {
  const latest = core.createLatest();
  const first = latest.next();
  const second = latest.next();
  assert.equal(latest.isCurrent(first), false);
  assert.equal(latest.isCurrent(second), true);
  latest.invalidate();
  assert.equal(latest.isCurrent(second), false);
});

test('back-off grows and is capped', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 10].map(core.backoffDelay), [500, 1000, 2000, 4000, 5000, 5000]);
});
