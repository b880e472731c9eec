// Unit tests of extension/lib/values.js (Node's built-in runner: `node --test`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = require('../lib/values.js');

test('a short string is a string within its bound', () => {
  assert.equal(core.isShortString('abc', 3), true);
  assert.equal(core.isShortString('abcd', 3), false);
  assert.equal(core.isShortString(3, 3), false);
});

test('ids are positive integers JavaScript holds exactly', () => {
  assert.equal(core.isId(1), true);
  assert.equal(core.isId(Number.MAX_SAFE_INTEGER), true);
  assert.equal(core.isId(2 ** 53), false);
  for (const bad of [0, -1, 1.5, '4', null, NaN]) assert.equal(core.isId(bad), false, String(bad));
});

test('e-mail addresses are trimmed and lower-cased, and anything else is null', () => {
  assert.equal(core.cleanEmail(' Siobhan@Acme-Analytics.com '), 'siobhan@acme-analytics.com');
  for (const bad of ['a@b', 'two words@x.com', 'a@b.c', '<a@b.com>', null, 'x'.repeat(321) + '@a.com'])
    assert.equal(core.cleanEmail(bad), null, String(bad));
});

test('ISO dates and date-times: the shapes the backend takes, with real calendar days', () => {
  assert.equal(core.isIsoDateTime('2026-11-25T10:00'), true);
  assert.equal(core.isIsoDateTime('2026-11-25T10:00:30.123+05:30'), true);
  assert.equal(core.isIsoDateTime('2026-11-25T10:00Z'), true);
  assert.equal(core.isIsoDateTime('2026-11-25'), false);
  assert.equal(core.isIsoDateTime('2026-13-25T10:00'), false);
  assert.equal(core.isIsoDate('2026-11-25'), true);
  assert.equal(core.isIsoDate('2026-11-25T10:00'), false);
  assert.equal(core.isIsoDate('25/11/2026'), false);
});
