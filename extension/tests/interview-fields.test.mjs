// Unit tests of extension/lib/interview-fields.js (Node's built-in runner: `node --test`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = require('../lib/interview-fields.js');

test('form fields are trimmed, cleared fields become null, and the address is normalised', () => {
  assert.deepEqual(
    core.cleanInterviewFields(
      { company: ' Acme ', position: '', interviewer_email: 'Jo@Acme.com', stage: 'offer' },
      true,
    ),
    {
      ok: true,
      value: { company: 'Acme', position: null, interviewer_email: 'jo@acme.com', stage: 'offer' },
    },
  );
});

test('company is required on create and may not be cleared; unknown fields and stages are refused', () => {
  assert.equal(core.cleanInterviewFields({ position: 'Chef' }, true).error, 'company: required');
  assert.equal(core.cleanInterviewFields({ company: ' ' }, false).error, 'company: required');
  assert.deepEqual(core.cleanInterviewFields({ position: 'Chef' }, false), {
    ok: true,
    value: { position: 'Chef' },
  });
  assert.equal(core.cleanInterviewFields({ company: 'A', salary: 1 }, true).error, 'unknown field salary');
  assert.match(
    core.cleanInterviewFields({ company: 'A', stage: 'hired' }, true).error,
    /^stage: one of applied, /,
  );
  assert.equal(core.cleanInterviewFields([], true).ok, false);
  assert.equal(core.cleanInterviewFields({ company: 'x'.repeat(201) }, true).ok, false);
});
