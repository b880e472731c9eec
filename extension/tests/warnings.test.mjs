// Unit tests of extension/lib/warnings.js (with code-points.js for the warnings it orders) (Node's built-in runner: `node --test`).
// The lib/ file is a classic script that also sets module.exports, so createRequire loads the very
// file the browser runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = {
  ...require('../lib/code-points.js'),
  ...require('../lib/warnings.js'),
};

test('grouping: errors first, then warnings, then suggestions, each in text order', () => {
  const ws = core.toUtf16Warnings('x'.repeat(50), [
    { rule: 'b', severity: 'warning', offset: 30, length: 2 },
    { rule: 'a', severity: 'error', offset: 40, length: 2 },
    { rule: 'c', severity: 'warning', offset: 5, length: 2 },
    { rule: 'd', severity: 'suggestion', offset: 0, length: 0 },
  ]);
  const groups = core.groupBySeverity(ws, { error: 'E', warning: 'W', suggestion: 'S' });
  assert.deepEqual(
    groups.map((g) => g.severity),
    ['error', 'warning', 'suggestion'],
  );
  assert.deepEqual(
    groups.map((g) => g.title),
    ['E', 'W', 'S'],
  );
  assert.deepEqual(
    groups[1].items.map((w) => w.rule),
    ['c', 'b'],
  );
  assert.equal(core.verdictOf(ws), 'fix');
  assert.equal(core.verdictOf(ws.filter((w) => w.severity !== 'error')), 'review');
  assert.equal(core.verdictOf([]), 'ready');
});

test('an ignored warning stays ignored for the same rule and words, whatever their case', () => {
  const key = core.warningKey({ rule: 'tone.demands', excerpt: 'ASAP' });
  assert.equal(key, core.warningKey({ rule: 'tone.demands', excerpt: 'asap', start: 40 }));
  assert.notEqual(key, core.warningKey({ rule: 'tone.other', excerpt: 'ASAP' }));
  assert.equal(core.warningKey({}), '\u0000');
});
