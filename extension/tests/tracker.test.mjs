// Unit tests of the interview-tracker helpers in extension/lib/core.js: what the panel pre-fills for a
// new interview, the Idempotency-Key that makes one Send log once, and what the worker accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = require('../lib/core.js');

test('company is guessed from the recipient domain', () => {
  assert.equal(core.companyFromEmail('siobhan@acme-analytics.com'), 'Acme Analytics');
  assert.equal(core.companyFromEmail('Sam.Rivera@Contoso.com'), 'Contoso');
  // Country second-level domains and department subdomains are not the company.
  assert.equal(core.companyFromEmail('priya@globex.co.uk'), 'Globex');
  assert.equal(core.companyFromEmail('talent@careers.initech.com.au'), 'Initech');
  assert.equal(core.companyFromEmail('a@mail.umbrella_corp.io'), 'Umbrella Corp');
  // Short parts read as initials: IBM-like names stay in capitals.
  assert.equal(core.companyFromEmail('x@bt-group.com'), 'BT Group');
});

test('no company guess for personal webmail or a malformed address', () => {
  for (const e of [
    'jo@gmail.com',
    'jo@yahoo.co.uk',
    'jo@hotmail.fr',
    'jo@outlook.com',
    'jo@proton.me',
    'not an email',
    '',
    null,
  ]) {
    assert.equal(core.companyFromEmail(e), '', String(e));
  }
});

test('interviewer name from the To chip, else from the address', () => {
  assert.equal(
    core.nameFromRecipient("Siobhan O'Donnell", 'siobhan@acme-analytics.com'),
    "Siobhan O'Donnell",
  );
  assert.equal(core.nameFromRecipient('"Sam Rivera"', 'sam.rivera@contoso.com'), 'Sam Rivera');
  // The chip shows only the address: first and last name from the local part.
  assert.equal(core.nameFromRecipient('priya.shah@globex.com', 'priya.shah@globex.com'), 'Priya Shah');
  assert.equal(core.nameFromRecipient('', 'siobhan@acme-analytics.com'), 'Siobhan');
  // A role address has no person's name in it.
  assert.equal(core.nameFromRecipient('', 'jobs@acme.com'), '');
  assert.equal(core.nameFromRecipient('', 'recruiting+eng@acme.com'), '');
});

test('one Send, one key: the same compose and draft give the same key, anything else a new one', () => {
  const a = core.sendKey('c1', 'Thank you for today.\n');
  assert.equal(a, core.sendKey('c1', 'Thank you for today.'));
  assert.notEqual(a, core.sendKey('c2', 'Thank you for today.'));
  assert.notEqual(a, core.sendKey('c1', 'Thank you for today!'));
  // The backend takes 1-200 characters; the worker accepts only a conservative alphabet.
  const long = core.sendKey('x'.repeat(500), 'y'.repeat(50000));
  assert.ok(long.length <= 200 && /^[A-Za-z0-9:_-]+$/.test(long), long);
  assert.equal(
    core.validateMessage({
      type: 'message-log',
      id: 3,
      kind: 'thank_you',
      sent_at: '2026-11-25T18:40:00Z',
      key: long,
    }).ok,
    true,
  );
});

test('datetime-local values round-trip with the browser offset', () => {
  const iso = core.localInputToIso('2026-11-24T10:00', () => 60);
  assert.equal(iso, '2026-11-24T10:00:00+01:00');
  assert.equal(
    core.localInputToIso('2026-11-24T10:00', () => -330),
    '2026-11-24T10:00:00-05:30',
  );
  assert.equal(core.localInputToIso('yesterday'), null);
  // Times from the backend without an offset are the server's (this computer's) local time.
  assert.equal(core.isoToLocalInput('2026-11-24T10:00:00'), '2026-11-24T10:00');
  assert.equal(core.isoToLocalInput('2026-11-24'), '2026-11-24T09:00');
  assert.equal(core.isoToLocalInput(core.localInputToIso('2026-11-24T10:15')), '2026-11-24T10:15');
  assert.equal(core.isoToLocalInput(null), '');
});

test('the interview time defaults to the last whole hour before now, a week earlier for a follow-up', () => {
  const now = new Date(2026, 10, 25, 18, 31);
  assert.equal(core.toLocalInput(core.defaultInterviewTime(now, 'thank_you')), '2026-11-25T17:00');
  assert.equal(core.toLocalInput(core.defaultInterviewTime(now, undefined)), '2026-11-25T17:00');
  assert.equal(core.toLocalInput(core.defaultInterviewTime(now, 'follow_up')), '2026-11-18T17:00');
  // Just after midnight: yesterday evening, never in the future.
  assert.equal(
    core.toLocalInput(core.defaultInterviewTime(new Date(2026, 10, 25, 0, 20), 'thank_you')),
    '2026-11-24T23:00',
  );
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
