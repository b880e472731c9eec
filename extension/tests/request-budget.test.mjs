// Unit tests of extension/lib/request-budget.js (node --test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createRequestBudget } = require('../lib/request-budget.js');

test('a burst goes at once, the next request waits for the refill', () => {
  const b = createRequestBudget(3, 4);
  assert.deepEqual([b.take(0), b.take(0), b.take(0)], [0, 0, 0]);
  assert.equal(b.take(0), 250); // 4 a second: one every 250 ms
  assert.equal(b.take(100), 150); // waiting spends nothing
  assert.equal(b.take(250), 0);
});

test('a budget left alone refills to its burst and no further', () => {
  const b = createRequestBudget(2, 10);
  b.take(0);
  b.take(0);
  assert.deepEqual([b.take(60000), b.take(60000), b.take(60000)], [0, 0, 100]);
});

test('a steady stream over budget gets through at the budget rate', () => {
  const b = createRequestBudget(5, 5);
  let sent = 0;
  for (let t = 0; t <= 10000; t += 10) if (b.take(t) === 0) sent++;
  assert.ok(sent >= 54 && sent <= 56, String(sent)); // 5 at once, then 5 a second for 10 s
});
