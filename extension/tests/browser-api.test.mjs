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

test('Chromium: a page element named "browser" (not our own property) is never taken for the API', () => {
  // Named access on the window puts such an element on the global's prototype chain, not on the global.
  const chrome = { runtime: {} };
  const g = Object.create({ browser: { tagName: 'FORM' } });
  g.chrome = chrome;
  // (A vm context reports every property of its sandbox as own, so `globalThis` is handed in instead.)
  new Function('globalThis', source)(g);
  assert.equal(g.browserApi, chrome);
});
