// Unit tests of extension/lib/browser-api.js, the one place Firefox's `browser` and Chromium's
// `chrome` meet (Node's built-in runner: `node --test`). Run in a fresh global per browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import vm from 'node:vm';

const source = fs.readFileSync(new URL('../lib/browser-api.js', import.meta.url), 'utf8');

function run(globals) {
  const g = { ...globals };
  g.globalThis = g;
  vm.runInNewContext(source, g);
  return g;
}

test('Chromium: browserApi is chrome', () => {
  const chrome = { runtime: {} };
  assert.equal(run({ chrome }).browserApi, chrome);
});

test('Firefox: browserApi is the promise-returning browser, even where chrome exists too', () => {
  const browser = { runtime: {} };
  assert.equal(run({ browser, chrome: { runtime: {} } }).browserApi, browser);
});
