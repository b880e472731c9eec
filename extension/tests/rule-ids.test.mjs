// Unit tests of extension/lib/rule-ids.js (Node's built-in runner: `node --test`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { currentRuleIds } = require('../lib/rule-ids.js');

const known = new Set(['salary', 'length', 'salary.currency_amount', 'length.body_too_long', 'tone.demands']);
const aliases = { 'salary.amount': 'salary.currency_amount', 'length.too_long': 'length.body_too_long' };

test('an old rule id the backend renamed maps to the id it has now', () => {
  assert.deepEqual(currentRuleIds(['salary.amount', 'tone.demands'], aliases, known), {
    ids: ['salary.currency_amount', 'tone.demands'],
    unknown: [],
  });
});

test('categories and current ids pass through; an id nobody knows stays unknown, as stored', () => {
  assert.deepEqual(currentRuleIds(['length', 'tone.gone', 'tone.demands'], aliases, known), {
    ids: ['length', 'tone.demands'],
    unknown: ['tone.gone'],
  });
});

test('an old id and its new id stored together give the new id once', () => {
  assert.deepEqual(currentRuleIds(['length.too_long', 'length.body_too_long'], aliases, known).ids, [
    'length.body_too_long',
  ]);
});

test('an alias to a rule this backend lacks is unknown; a chain is followed; a loop ends', () => {
  assert.deepEqual(currentRuleIds(['x.old'], { 'x.old': 'x.new' }, known).unknown, ['x.old']);
  assert.deepEqual(currentRuleIds(['a.one'], { 'a.one': 'a.two', 'a.two': 'tone.demands' }, known).ids, [
    'tone.demands',
  ]);
  assert.deepEqual(currentRuleIds(['a.one'], { 'a.one': 'a.two', 'a.two': 'a.one' }, known).unknown, [
    'a.one',
  ]);
});

test('an older backend without aliases, and odd stored values, do not break it', () => {
  assert.deepEqual(currentRuleIds(['salary.amount'], undefined, known).unknown, ['salary.amount']);
  assert.deepEqual(currentRuleIds(['toString', 'constructor'], {}, known).unknown, [
    'toString',
    'constructor',
  ]);
  assert.deepEqual(currentRuleIds([3, null, 'length'], null, known).ids, ['length']);
  assert.deepEqual(currentRuleIds(null, aliases, known), { ids: [], unknown: [] });
});
