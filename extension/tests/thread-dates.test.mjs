// Unit tests of extension/lib/thread-dates.js (Node's built-in runner: `node --test`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const T = require('../lib/thread-dates.js');

test('a decision date is proposed in the words of the issue', () => {
  const found = {
    decision_by: '2026-12-04',
    interview_at: null,
    evidence: [{ field: 'decision_by', offset: 3, length: 16, excerpt: 'decide by Friday' }],
  };
  const [p] = T.proposals(found, { id: 1, decision_by: null }, new Set());
  assert.equal(p.text, 'They said they would decide by Fri 4 Dec — use this date?');
  assert.equal(p.button, 'Use this date');
  assert.equal(p.evidence, 'decide by Friday');
});

test('an interview time is proposed with its time of day', () => {
  const [p] = T.proposals(
    { decision_by: null, interview_at: '2026-11-24T10:00:00', evidence: [] },
    null,
    new Set(),
  );
  assert.equal(p.field, 'interview_at');
  assert.equal(p.text, 'They gave Tue 24 Nov, 10:00 for the interview — use this time?');
});

test('what the tracker already holds, or the user dismissed, is not proposed again', () => {
  const found = { decision_by: '2026-12-04', interview_at: '2026-11-24T10:00:00', evidence: [] };
  assert.deepEqual(
    T.proposals(found, { decision_by: '2026-12-04', interview_at: '2026-11-24T10:00' }, new Set()),
    [],
  );
  assert.equal(T.proposals(found, {}, new Set(['decision_by=2026-12-04'])).length, 1);
  assert.deepEqual(T.proposals(null, {}, new Set()), []);
  assert.equal(T.sameValue('2026-12-04', '2026-12-04T00:00:00'), false);
  assert.equal(T.sameValue('2026-11-24T10:00:00Z', '2026-11-24T10:00:00+00:00'), true);
});
