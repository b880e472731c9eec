// The registry test: the lists that load the extension's scripts are the one registry of what runs
// where, so every file in content/ and lib/ must be in one of them, none twice in a list, and every
// lib/ helper has its test beside it. The lists: the manifest's content_scripts `js`, the worker's
// importScripts, and the <script> tags of the extension's pages (options, popup).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const EXT = path.join(path.dirname(new URL(import.meta.url).pathname), '..');
const read = (rel) => fs.readFileSync(path.join(EXT, rel), 'utf8');
const manifest = JSON.parse(read('manifest.json'));

function scriptsUnder(dir) {
  const out = [];
  for (const entry of fs.readdirSync(path.join(EXT, dir), { withFileTypes: true })) {
    const rel = dir + '/' + entry.name;
    if (entry.isDirectory()) out.push(...scriptsUnder(rel));
    else if (entry.name.endsWith('.js')) out.push(rel);
  }
  return out.sort();
}

/** Every list that loads scripts: name -> extension-relative paths, in load order. */
function lists() {
  const found = {};
  manifest.content_scripts.forEach((cs, i) => {
    found['content_scripts[' + i + ']'] = cs.js || [];
  });
  const worker = manifest.background.service_worker;
  const calls = [...read(worker).matchAll(/\bimportScripts\s*\(([^)]*)\)/g)];
  found[worker] = calls.flatMap((c) =>
    [...c[1].matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1].replace(/^\//, '')),
  );
  for (const page of [manifest.options_ui.page, manifest.action.default_popup]) {
    const dir = path.posix.dirname(page);
    found[page] = [...read(page).matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) =>
      path.posix.normalize(path.posix.join(dir, m[1])),
    );
  }
  return found;
}

test('every list names existing files, each at most once', () => {
  for (const [name, files] of Object.entries(lists())) {
    const twice = files.filter((f, i) => files.indexOf(f) !== i);
    assert.deepEqual(twice, [], name + ' loads a file twice');
    const missing = files.filter((f) => !fs.existsSync(path.join(EXT, f)));
    assert.deepEqual(missing, [], name + ' names files that do not exist');
  }
});

test('every content script is in exactly one content_scripts list', () => {
  const all = manifest.content_scripts.flatMap((cs) => cs.js || []);
  for (const file of scriptsUnder('content')) {
    assert.equal(all.filter((f) => f === file).length, 1, file + ' must be in the manifest exactly once');
  }
});

test('every lib/ file is loaded somewhere and has its test beside it', () => {
  const registered = new Set(Object.values(lists()).flat());
  for (const file of scriptsUnder('lib')) {
    assert.ok(registered.has(file), file + ' is in no manifest list, importScripts or page');
    const name = path.posix.basename(file, '.js');
    assert.ok(
      fs.existsSync(path.join(EXT, 'tests', name + '.test.mjs')),
      file + ' has no tests/' + name + '.test.mjs',
    );
  }
});

test('a list that loads a lib/ helper also loads the helpers it calls', () => {
  // The parts a helper calls are the ones it requires for Node; a browser has only what the list loads.
  for (const [name, files] of Object.entries(lists())) {
    for (const file of files.filter((f) => f.startsWith('lib/'))) {
      const needs = [...read(file).matchAll(/require\('\.\/([a-z-]+\.js)'\)/g)].map((m) => 'lib/' + m[1]);
      const absent = needs.filter((n) => files.indexOf(n) < 0);
      assert.deepEqual(absent, [], name + ' loads ' + file + ' without what it calls');
    }
  }
});

test('no lib/, background/, options/ or popup/ script names a rule id', () => {
  // Rule ids follow their files' paths and get renamed; what a script needs to know about a warning
  // comes from the backend's data (its category, severity, `dictionary`, the /api/v1/rules catalogue).
  const { CATEGORIES } = require('../lib/constants.js');
  const id = new RegExp('[\'"`](' + CATEGORIES.join('|') + ')\\.[a-z_]+[\'"`]');
  const named = [];
  for (const dir of ['lib', 'background', 'options', 'popup']) {
    for (const file of scriptsUnder(dir)) {
      const m = id.exec(read(file));
      if (m) named.push(file + ': ' + m[0]);
    }
  }
  assert.deepEqual(named, []);
});

test('a script that uses a namespace as it loads comes after the script that makes it', () => {
  // The scripts of a list share one global scope in load order, so a file that reads
  // `root.EtiquetteX` at its top level (not inside a function called later) needs the file that
  // assigns it earlier in the same list; a misordered list breaks only in the browser.
  const made = (src) => [...src.matchAll(/(?:root|globalThis)\.(Etiquette\w+) = /g)].map((m) => m[1]);
  const readOnLoad = (src) =>
    [...src.matchAll(/^ {2}(?:const [^\n]*= |)(?:root|globalThis)\.(Etiquette\w+)\b(?! = )/gm)].map(
      (m) => m[1],
    );
  const late = [];
  for (const [name, files] of Object.entries(lists())) {
    const known = new Set();
    for (const file of files) {
      const src = read(file);
      const own = made(src);
      for (const ns of readOnLoad(src))
        if (!known.has(ns) && own.indexOf(ns) < 0) late.push(name + ': ' + file + ' reads ' + ns);
      for (const ns of own) known.add(ns);
    }
  }
  assert.deepEqual(late, []);
});

test('in every list, lib/core.js starts EtiquetteCore before any other helper adds to it', () => {
  // core.js makes the namespace an own property of the global (a page element cannot stand in for it).
  for (const [name, files] of Object.entries(lists())) {
    const first = files.find((f) => /EtiquetteCore/.test(read(f)));
    if (first) assert.equal(first, 'lib/core.js', name);
  }
});
