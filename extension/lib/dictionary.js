/*
 * Whether a warning may offer "Add to dictionary".
 * Part of EtiquetteCore (lib/core.js); tested in tests/dictionary.test.mjs.
 */
(function (root) {
  'use strict';

  const C = (root.EtiquetteCore = root.EtiquetteCore || {});

  /** A warning may offer "Add to dictionary" when it is about one word and the backend says the user's
   *  dictionary silences it (`dictionary: true`, set by the checks that read the dictionary, see
   *  backend/etiquette/engine/builtins/__init__.py): never guessed from the rule's id. */
  function isDictionaryCandidate(w) {
    return (
      w.category === 'proofreading' &&
      w.dictionary === true &&
      typeof w.excerpt === 'string' &&
      /^[\p{L}\p{N}][\p{L}\p{N}'’.-]{0,63}$/u.test(w.excerpt)
    );
  }

  const api = { isDictionaryCandidate };
  Object.assign(C, api);
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
