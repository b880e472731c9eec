/*
 * The stored `disabled` list read against what the backend knows now: a rule that was renamed keeps
 * its old id in the backend's `aliases` (GET /api/v1/rules: old id -> id now), so a switch the user
 * turned off under the old name stays off under the new one instead of being called unknown and dropped.
 * Part of EtiquetteCore (lib/core.js); tested in tests/rule-ids.test.mjs.
 */
(function (root) {
  'use strict';

  const C = (root.EtiquetteCore = root.EtiquetteCore || {});

  /**
   * Map each stored id through `aliases` (followed while it points at another alias, at most a few
   * steps, so a loop cannot hang the page) and split the result into the ids the backend knows
   * (`ids`, each once, in the stored order) and the ones it does not (`unknown`, as stored).
   * @param {string[]} disabled the stored list
   * @param {Object<string,string>|null|undefined} aliases old id -> id now (an older backend sends none)
   * @param {Set<string>} known the category and rule ids the backend lists
   */
  function currentRuleIds(disabled, aliases, known) {
    const map = aliases && typeof aliases === 'object' ? aliases : {};
    const ids = [];
    const unknown = [];
    for (const stored of Array.isArray(disabled) ? disabled : []) {
      if (typeof stored !== 'string') continue;
      let id = stored;
      for (let step = 0; step < 5 && !known.has(id) && Object.prototype.hasOwnProperty.call(map, id); step++)
        id = map[id];
      if (known.has(id)) {
        if (ids.indexOf(id) < 0) ids.push(id);
      } else unknown.push(stored);
    }
    return { ids, unknown };
  }

  const api = { currentRuleIds };
  Object.assign(C, api);
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
