// Unit tests of extension/lib/code-points.js (Node's built-in runner: `node --test`).
// The lib/ file is a classic script that also sets module.exports, so createRequire loads the very
// file the browser runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = require('../lib/code-points.js');

test('code-point offsets from Python land on the same word in a JS string after emoji', () => {
  const text = 'Thanks 🙏🏽 so much! What is the salary? 👍';
  // Python: text.index("salary") counts code points; the emoji pair 🙏🏽 is 2 code points, 4 UTF-16 units.
  const cpOffset = [...text.slice(0, text.indexOf('salary'))].length;
  const [w] = core.toUtf16Warnings(text, [
    { rule: 'salary.mention', severity: 'error', offset: cpOffset, length: 6 },
  ]);
  assert.equal(text.slice(w.start, w.end), 'salary');
  assert.notEqual(cpOffset, text.indexOf('salary'), 'the fixture must actually contain astral characters');
});

test('offsets without astral characters are unchanged and out-of-range values are clamped', () => {
  const map = core.makeCodePointMapper('plain text');
  assert.equal(map(6), 6);
  assert.equal(map(99), 10);
  const m2 = core.makeCodePointMapper('a😀b');
  assert.deepEqual([0, 1, 2, 3, 9].map(m2), [0, 1, 3, 4, 4]);
});

test('malformed warnings from a backend are tolerated: clamped, never thrown on', () => {
  const ws = core.toUtf16Warnings('short', [
    null,
    { rule: 'x', severity: 'warning', offset: 99, length: 5 },
    { rule: 'y', offset: -3, length: 'a' },
  ]);
  assert.equal(ws.length, 2);
  assert.ok(ws.every((w) => w.start >= 0 && w.end <= 5));
});
