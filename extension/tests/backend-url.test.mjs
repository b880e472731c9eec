// Unit tests of extension/lib/backend-url.js (Node's built-in runner: `node --test`).
// The lib/ file is a classic script that also sets module.exports, so createRequire loads the very
// file the browser runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = require('../lib/backend-url.js');

test('backend URL must be loopback unless explicitly allowed, and then https', () => {
  assert.deepEqual(core.checkBackendUrl('http://127.0.0.1:5455/', false), {
    ok: true,
    url: 'http://127.0.0.1:5455',
    loopback: true,
  });
  assert.equal(core.checkBackendUrl('http://localhost:9000', false).ok, true);
  assert.equal(core.checkBackendUrl('http://[::1]:9000', false).ok, true);
  assert.equal(core.checkBackendUrl('http://example.com:5455', false).ok, false);
  assert.equal(core.checkBackendUrl('http://127.0.0.1.evil.com', false).ok, false);
  assert.equal(core.checkBackendUrl('http://example.com', true).ok, false, 'remote needs https');
  assert.equal(core.checkBackendUrl('https://coach.example.com', true).ok, true);
  assert.equal(core.checkBackendUrl('file:///etc/passwd', true).ok, false);
  assert.equal(core.checkBackendUrl('http://user:pw@127.0.0.1:5455', false).ok, false);
  assert.equal(core.checkBackendUrl('not a url', false).ok, false);
});
