// Unit tests of extension/lib/mail-hosts.js (Node's built-in runner: `node --test`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = require('../lib/mail-hosts.js');
const manifest = require('../manifest.json');

test('the mail hosts are the hosts of the manifest content scripts match', () => {
  assert.deepEqual(core.mailHosts(manifest), [
    'mail.google.com',
    'outlook.live.com',
    'outlook.office.com',
    'outlook.office365.com',
    'outlook.cloud.microsoft',
    'mail.yahoo.com',
  ]);
});

test('only whole https hosts count, each once, and a missing manifest gives none', () => {
  const m = {
    content_scripts: [
      { matches: ['https://mail.example.com/*', 'http://plain.example.com/*', 'https://*.example.com/*'] },
      { matches: ['https://mail.example.com/*', '<all_urls>'] },
      { js: ['x.js'] },
    ],
  };
  assert.deepEqual(core.mailHosts(m), ['mail.example.com']);
  for (const none of [undefined, null, {}, Promise.resolve({}), { content_scripts: 'x' }])
    assert.deepEqual(core.mailHosts(none), []);
});
