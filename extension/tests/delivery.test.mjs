// Unit tests of extension/lib/delivery.js: what the worker does with a queued Send after each answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const d = require('../lib/delivery.js');

test('a Send is kept for another try on no answer, a timeout, 5xx, 408, 429 and unpaired or wrong-token answers', () => {
  for (const r of [
    null,
    { ok: false, status: 'offline' },
    { ok: false, status: 'offline', error: 'timed out' },
    { ok: false, httpStatus: 503 },
    { ok: false, httpStatus: 500 },
    { ok: false, httpStatus: 408 },
    { ok: false, httpStatus: 429 },
    { ok: false, httpStatus: 401 },
    { ok: false, httpStatus: 403 },
  ]) {
    assert.equal(d.outboxVerdict(r), 'retry', JSON.stringify(r));
  }
});

test('a Send is logged on success and on 409 (the key was logged already), dropped on other 4xx', () => {
  assert.equal(d.outboxVerdict({ ok: true }), 'logged');
  assert.equal(d.outboxVerdict({ ok: false, httpStatus: 409 }), 'logged');
  for (const code of [400, 404, 410, 413, 415, 422])
    assert.equal(d.outboxVerdict({ ok: false, httpStatus: code }), 'drop', String(code));
  assert.match(d.dropReason({ httpStatus: 404 }), /no longer in the tracker/);
  assert.match(d.dropReason({ httpStatus: 422 }), /HTTP 422/);
});

test('Retry-After is read as seconds or an HTTP date and clamped to between 1 s and 1 h', () => {
  assert.equal(d.retryAfterMs('5'), 5000);
  assert.equal(d.retryAfterMs('0'), 1000);
  assert.equal(d.retryAfterMs('999999'), 3600000);
  const now = Date.parse('2026-12-01T09:00:00Z');
  assert.equal(d.retryAfterMs('Tue, 01 Dec 2026 09:00:30 GMT', now), 30000);
  assert.equal(d.retryAfterMs(null), null);
  assert.equal(d.retryAfterMs('soon'), null);
});

test('back-off doubles from 2 s and stops growing at 5 minutes', () => {
  assert.deepEqual([1, 2, 3, 4].map(d.outboxBackoff), [2000, 4000, 8000, 16000]);
  assert.equal(d.outboxBackoff(50), 300000);
});

test('error messages lose file-system paths before the panel shows them', () => {
  assert.equal(
    d.publicMessage('unable to open database file /home/jordan/.local/share/etiquette/etiquette.sqlite3'),
    'unable to open database file a file',
  );
  assert.equal(
    d.publicMessage("attempt to write a readonly database: 'C:\\Users\\jordan\\AppData\\x.db'"),
    "attempt to write a readonly database: 'a file'",
  );
  assert.equal(d.publicMessage('see file:///tmp/x.log and ~/etq.db'), 'see a file and a file');
  assert.equal(d.publicMessage('text and/or subject must be strings'), 'text and/or subject must be strings');
  assert.ok(d.publicMessage('x'.repeat(500)).length <= 200);
});

test('a calendar file keeps its plain name; anything path-like gets a safe default', () => {
  assert.equal(
    d.attachmentName('attachment; filename="follow-up-2026-12-01.ics"'),
    'follow-up-2026-12-01.ics',
  );
  assert.equal(d.attachmentName('attachment; filename="../../etc/passwd"'), 'reminder.ics');
  assert.equal(d.attachmentName('attachment; filename=".bashrc"'), 'reminder.ics');
  assert.equal(d.attachmentName(null), 'reminder.ics');
});
