// Unit tests of extension/lib/shift-warnings.js (with code-points.js for the warnings it moves) (Node's built-in runner: `node --test`).
// The lib/ file is a classic script that also sets module.exports, so createRequire loads the very
// file the browser runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = {
  ...require('../lib/code-points.js'),
  ...require('../lib/shift-warnings.js'),
};

test('warnings keep their words while typing elsewhere and drop when their words are edited', () => {
  const before = 'Hi. I need an answer ASAP. Thanks';
  const ws = core.toUtf16Warnings(before, [
    { rule: 'tone.demands', severity: 'warning', offset: before.indexOf('ASAP'), length: 4 },
    { rule: 'length.short', severity: 'suggestion', offset: 0, length: 0 },
  ]);
  const typedBefore = 'Hi there. I need an answer ASAP. Thanks';
  const moved = core.shiftWarnings(ws, before, typedBefore);
  const asap = moved.find((w) => w.rule === 'tone.demands');
  assert.equal(typedBefore.slice(asap.start, asap.end), 'ASAP');
  const edited = 'Hi. I need an answer ASAPP. Thanks';
  assert.deepEqual(
    core.shiftWarnings(ws, before, edited).map((w) => w.rule),
    ['length.short'],
  );
  // a space typed right after the word leaves it flagged
  const spaced = 'Hi. I need an answer ASAP . Thanks';
  const kept = core.shiftWarnings(ws, before, spaced).find((w) => w.rule === 'tone.demands');
  assert.equal(spaced.slice(kept.start, kept.end), 'ASAP');
});
