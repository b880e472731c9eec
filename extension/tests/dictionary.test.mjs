// Unit tests of extension/lib/dictionary.js (Node's built-in runner: `node --test`).
// The lib/ file is a classic script that also sets module.exports, so createRequire loads the very
// file the browser runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = require('../lib/dictionary.js');

test('dictionary offers only single misspelt words', () => {
  assert.equal(
    core.isDictionaryCandidate({
      category: 'proofreading',
      rule: 'proofreading.spelling',
      excerpt: 'Siobhan',
      dictionary: true,
    }),
    true,
  );
  assert.equal(
    core.isDictionaryCandidate({
      category: 'proofreading',
      rule: 'proofreading.placeholders',
      excerpt: '[Company]',
    }),
    false,
  );
  assert.equal(
    core.isDictionaryCandidate({ category: 'tone', rule: 'tone.spelling', excerpt: 'thx', dictionary: true }),
    false,
  );
});
