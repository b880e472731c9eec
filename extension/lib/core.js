/*
 * EtiquetteCore: the extension's pure helpers (no chrome.* calls, no page globals), one behaviour per
 * file in lib/, each with its node test beside it in tests/<name>.test.mjs.
 *
 * How the files are shared: MV3 content scripts are classic scripts (no ES modules, no bundler), so
 * every helper file is an IIFE that adds its functions to the one `globalThis.EtiquetteCore` object.
 * Where a script runs is said once, by the list that loads it: the manifest's content_scripts `js`,
 * the worker's importScripts, or an extension page's <script> tags (tests/registry.test.mjs checks
 * those lists). A helper calls another through the namespace when it runs, so the order within a
 * list does not matter.
 *
 * This file starts the namespace. In Node (the tests use createRequire), requiring it loads every
 * part, and `module.exports` is the whole namespace, as it was when all of it lived in this file.
 */
(function (root) {
  'use strict';

  // Our own property, never what the global merely finds: a page element with id "EtiquetteCore" is
  // what `root.EtiquetteCore` gives a content script until we set it (DOM clobbering). The helper files
  // after this one in each list (tests/registry.test.mjs) then add to this object.
  const C = (root.EtiquetteCore = Object.prototype.hasOwnProperty.call(root, 'EtiquetteCore')
    ? root.EtiquetteCore
    : {});

  // The files that add to EtiquetteCore (tests/core.test.mjs fails when one is missing here).
  const PARTS = [
    'constants',
    'values',
    'code-points',
    'warnings',
    'extract-text',
    'shift-warnings',
    'timing',
    'request-budget',
    'backend-url',
    'interview-fields',
    'messages',
    'recipient',
    'local-time',
    'send-key',
    'dictionary',
    'mail-hosts',
    'rule-ids',
  ];

  if (typeof module !== 'undefined' && module.exports) {
    for (const part of PARTS) module.require('./' + part + '.js');
    module.exports = C;
  }
})(typeof globalThis !== 'undefined' ? globalThis : this);
