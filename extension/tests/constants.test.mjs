// Unit tests of extension/lib/constants.js (generated; tests/test_js_constants.py compares it with the Python side) (Node's built-in runner: `node --test`).
// The lib/ file is a classic script that also sets module.exports, so createRequire loads the very
// file the browser runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = require('../lib/constants.js');

test('the dialects match the API list', () => {
  assert.deepEqual(core.DIALECTS, ['british', 'american', 'canadian', 'australian', 'indian']);
});

test('the shared values are frozen: no script changes them for the others', () => {
  assert.ok(Object.isFrozen(core.STAGES) && Object.isFrozen(core.STORAGE_DEFAULTS.dictionary));
  assert.throws(() => core.STAGES.push('hired'), TypeError);
  assert.equal(core.STORAGE_DEFAULTS.backendUrl, core.DEFAULT_BACKEND);
});
