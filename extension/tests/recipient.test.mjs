// Unit tests of extension/lib/recipient.js: what the panel pre-fills for a new interview (Node's built-in runner: `node --test`).
// The lib/ file is a classic script that also sets module.exports, so createRequire loads the very
// file the browser runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = require('../lib/recipient.js');

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
