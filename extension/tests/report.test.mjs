// Unit tests of extension/lib/report.js (Node's built-in runner: `node --test`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const R = require('../lib/report.js');

function sink() {
  const lines = [];
  return { lines, warn: (...args) => lines.push(args) };
}

test('a failure is logged once per stack and place, with the prefix and where it was caught', () => {
  const out = sink();
  const report = R.createReporter(out);
  const boom = () => new Error('boom');
  const errors = [1, 2, 3].map(() => boom()); // one line of code: one stack
  assert.equal(report(errors[0], 'check loop'), true);
  assert.equal(report(errors[1], 'check loop'), false);
  assert.equal(report(errors[2], 'send guard'), true);
  assert.equal(out.lines.length, 2);
  assert.equal(out.lines[0][0], '[etiquette] check loop:');
  assert.equal(out.lines[0][1], errors[0]);
  assert.equal(out.lines[1][0], '[etiquette] send guard:');
});

test('a failure from another line of code is logged even with the same message', () => {
  const out = sink();
  const report = R.createReporter(out);
  assert.equal(report(new Error('same'), 'panel'), true);
  assert.equal(report(new Error('same'), 'panel'), true);
  assert.equal(out.lines.length, 2);
});

test('values that are not errors are reported by their text', () => {
  const out = sink();
  const report = R.createReporter(out);
  assert.equal(report('offline', 'worker'), true);
  assert.equal(report('offline', 'worker'), false);
  assert.equal(report(undefined, 'worker'), true);
  assert.equal(report({ code: 1 }), true);
  assert.equal(out.lines[2][0], '[etiquette] unknown place:');
});

test('report never throws: not on hostile errors, not without a console', () => {
  const hostile = {
    get stack() {
      throw new Error('getter');
    },
  };
  assert.equal(R.createReporter(sink())(hostile, 'x'), false);
  assert.equal(R.createReporter(undefined)(new Error('no console'), 'x'), false);
  const throwing = {
    warn() {
      throw new Error('console gone');
    },
  };
  assert.equal(R.createReporter(throwing)(new Error('e'), 'x'), false);
});

test('what is remembered stays bounded', () => {
  const out = sink();
  const report = R.createReporter(out);
  for (let i = 0; i < 1000; i++) report('failure ' + i, 'loop');
  assert.equal(out.lines.length, 1000);
  // After the memory was cleared an old failure may be logged again, but memory never grows past the bound.
  assert.equal(report('failure 999', 'loop'), false);
});

test('the shared reporter is on the namespaced global and logs to the console', (t) => {
  assert.equal(globalThis.EtiquetteReport, R);
  const warn = t.mock.method(console, 'warn', () => {});
  assert.equal(R.report(new Error('shared'), 'test'), true);
  assert.equal(warn.mock.callCount(), 1);
  assert.match(warn.mock.calls[0].arguments[0], /^\[etiquette\] test:$/);
});

test('no failure is swallowed silently in lib/, background/, options/ or popup/', async () => {
  // An empty catch block or an empty .catch(() => {}) hides the failure from the developer too:
  // handle it, or report() it. (eslint's no-empty sees only the first kind.)
  const fs = await import('node:fs');
  const path = await import('node:path');
  const ext = path.join(path.dirname(new URL(import.meta.url).pathname), '..');
  const silent = /catch\s*(\(\s*\w*\s*\))?\s*\{\s*\}|\.catch\(\s*(\(\s*\w*\s*\)|\w+)\s*=>\s*\{\s*\}\s*\)/;
  const found = [];
  for (const dir of ['lib', 'background', 'options', 'popup']) {
    for (const name of fs.readdirSync(path.join(ext, dir)).filter((f) => f.endsWith('.js'))) {
      const text = fs.readFileSync(path.join(ext, dir, name), 'utf8');
      if (silent.test(text)) found.push(dir + '/' + name);
    }
  }
  assert.deepEqual(found, []);
});
