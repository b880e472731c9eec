// Unit tests of extension/lib/messages.js: what the worker accepts from content scripts and pages (Node's built-in runner: `node --test`).
// The lib/ file is a classic script that also sets module.exports, so createRequire loads the very
// file the browser runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = require('../lib/messages.js');

test('messages from content scripts are whitelisted and bounded', () => {
  assert.equal(
    core.validateMessage({ type: 'check', text: 'hi', subject: 's', context: { interviewer_email: 'a@b.c' } })
      .ok,
    true,
  );
  assert.equal(core.validateMessage({ type: 'check', text: 'x'.repeat(20001) }).ok, false);
  assert.equal(core.validateMessage({ type: 'check', text: 'hi', context: { evil: 1 } }).ok, false);
  assert.equal(core.validateMessage({ type: 'fetch', url: 'http://evil' }).ok, false);
  assert.equal(core.validateMessage({ type: 'render', id: '../../admin' }).ok, false);
  assert.equal(core.validateMessage({ type: 'render', id: 'thank-you' }).ok, true);
  assert.equal(core.validateMessage({ type: 'addWord', word: 'two words' }).ok, false);
  assert.equal(core.validateMessage({ type: 'addWord', word: 'Siobhan' }).value.word, 'Siobhan');
  assert.equal(
    core.validateMessage({ type: 'check', text: 'hi', slot: 'a1b2', tracked: true }).value.tracked,
    true,
  );
  assert.equal(
    core.validateMessage({ type: 'check', text: 'hi', slot: 'a1b2', tracked: 'yes' }).value.tracked,
    false,
  );
  assert.equal(
    core.validateMessage({ type: 'check', text: 'hi', kind: 'follow_up' }).value.kind,
    'follow_up',
  );
  assert.equal(core.validateMessage({ type: 'check', text: 'hi' }).value.kind, 'auto');
  assert.equal(core.validateMessage({ type: 'check', text: 'hi', kind: 'evil' }).ok, false);
  assert.equal(
    core.validateMessage({ type: 'health', probe: { backendUrl: 'http://127.0.0.1:5456' } }).value.probe
      .backendUrl,
    'http://127.0.0.1:5456',
  );
  assert.equal(core.validateMessage({ type: 'rules', probe: { backendUrl: 5 } }).ok, false);
  assert.equal(core.validateMessage({ type: 'rules' }).ok, true);
  assert.equal(
    core.validateMessage({ type: 'reminder', context: { interviewer_email: 'a@b.c' }, tracked: true }).value
      .tracked,
    true,
  );
  assert.equal(core.validateMessage({ type: 'reminder', context: { evil: 1 } }).ok, false);
  assert.equal(core.validateMessage({ type: 'check', text: 'hi', slot: '../x' }).ok, false);
  assert.equal(core.validateMessage({ type: 'pair', code: '1234 5678' }).value.code, '1234-5678');
  assert.equal(core.validateMessage({ type: 'pair', code: '1234-567' }).ok, false);
  assert.equal(core.validateMessage(null).ok, false);
  assert.equal(core.validateMessage([]).ok, false);
});

test('the worker accepts only well-formed tracker messages', () => {
  const v = core.validateMessage;
  const ok = v({
    type: 'interview-create',
    fields: {
      company: ' Acme Analytics ',
      position: '',
      interviewer_email: 'Siobhan@Acme-Analytics.com',
      interview_at: '2026-11-24T10:00:00+00:00',
      decision_by: '2026-12-01',
      stage: 'interviewed',
    },
  });
  assert.equal(ok.ok, true);
  assert.deepEqual(ok.value.fields, {
    company: 'Acme Analytics',
    position: null,
    interviewer_email: 'siobhan@acme-analytics.com',
    interview_at: '2026-11-24T10:00:00+00:00',
    decision_by: '2026-12-01',
    stage: 'interviewed',
  });
  assert.equal(
    v({ type: 'interview-create', fields: { position: 'Data Engineer' } }).ok,
    false,
    'company is required',
  );
  assert.equal(
    v({ type: 'interview-update', id: 4, fields: { company: '' } }).ok,
    false,
    'company cannot be cleared',
  );
  assert.equal(v({ type: 'interview-update', id: 4, fields: { decision_by: null } }).ok, true);
  assert.equal(v({ type: 'interview-update', id: '4', fields: {} }).ok, false);
  assert.equal(
    v({ type: 'interview-create', fields: { company: 'A', notes_html: '<b>' } }).ok,
    false,
    'unknown field',
  );
  assert.equal(v({ type: 'interview-create', fields: { company: 'A', stage: 'hired' } }).ok, false);
  assert.equal(
    v({ type: 'interview-create', fields: { company: 'A', interview_at: 'next Tuesday' } }).ok,
    false,
  );
  assert.equal(v({ type: 'interview-find', email: 'a@b' }).ok, false);
  assert.equal(v({ type: 'interview-find', email: ' A@B.example ' }).value.email, 'a@b.example');
  const log = {
    type: 'message-log',
    id: 1,
    kind: 'follow_up',
    sent_at: '2026-11-25T18:40:00Z',
    key: 'etq-c1:0011aabb',
  };
  assert.equal(v(log).ok, true);
  assert.equal(v({ ...log, kind: 'salary' }).ok, false);
  assert.equal(v({ ...log, key: 'a b\r\nX-Evil: 1' }).ok, false, 'no header injection through the key');
  assert.equal(v({ ...log, sent_at: 'now' }).ok, false);
  assert.equal(v({ ...log, id: 0 }).ok, false);
});
