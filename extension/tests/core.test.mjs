// Unit tests of extension/lib/core.js, the EtiquetteCore namespace the lib/ helpers share (Node's
// built-in runner: `node --test`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

const require = createRequire(import.meta.url);
const core = require('../lib/core.js');
const LIB = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'lib');

// Every name the content scripts, the worker and the pages called when all of it was one file.
const PUBLIC = [
  'makeCodePointMapper',
  'toUtf16Warnings',
  'sortWarnings',
  'groupBySeverity',
  'verdictOf',
  'extractText',
  'signatureStart',
  'locateRange',
  'textDiff',
  'shiftWarnings',
  'debounce',
  'createLatest',
  'backoffDelay',
  'DEFAULT_BACKEND',
  'DIALECTS',
  'isLoopbackHost',
  'checkBackendUrl',
  'validateMessage',
  'TEMPLATE_IDS',
  'warningKey',
  'isDictionaryCandidate',
  'STAGES',
  'MESSAGE_KINDS',
  'isId',
  'cleanEmail',
  'cleanInterviewFields',
  'companyFromEmail',
  'nameFromRecipient',
  'toLocalInput',
  'localInputToIso',
  'isoToLocalInput',
  'defaultInterviewTime',
  'fingerprint',
  'sendKey',
  'currentRuleIds',
];

test('every public name of EtiquetteCore is still there, on the global and as the module', () => {
  assert.equal(globalThis.EtiquetteCore, core);
  const missing = PUBLIC.filter((name) => !(name in core));
  assert.deepEqual(missing, []);
});

test('core.js loads every lib/ file that adds to EtiquetteCore', () => {
  // Each file run alone in a fresh global: the ones that create EtiquetteCore must be parts of core.js.
  const parts = [];
  for (const file of fs.readdirSync(LIB).filter((f) => f.endsWith('.js') && f !== 'core.js')) {
    const g = { console };
    g.globalThis = g;
    vm.runInNewContext(fs.readFileSync(path.join(LIB, file), 'utf8'), g, { filename: file });
    if (g.EtiquetteCore) parts.push(file.replace(/\.js$/, ''));
  }
  const source = fs.readFileSync(path.join(LIB, 'core.js'), 'utf8');
  const listed = [...source.matchAll(/^ {4}'([a-z-]+)',$/gm)].map((m) => m[1]);
  assert.deepEqual([...listed].sort(), [...parts].sort());
});
