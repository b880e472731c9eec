/*
 * Every display name the panel shows (categories and their colours, verdicts, groups, kinds, the
 * one-click kind switch) comes from the backend's rule pack (GET /api/v1/rules `labels`, handed on
 * by the worker with each check): one vocabulary on every surface. Until the first answer there is
 * nothing to label. Shared by every panel on the page.
 */
(function (root) {
  'use strict';

  let LABELS = { categories: {}, verdicts: {}, groups: {}, kinds: {}, kind_switch: {} };
  const verdictText = (v) => LABELS.verdicts[v] || '';
  const kindText = (k) => LABELS.kinds[k] || '';
  const categoryText = (c) => (LABELS.categories[c] && LABELS.categories[c].label) || c;

  /** The category's colour for highlight boxes and warning edges, on a light or a dark background. */
  function colorFor(category, dark) {
    const c = LABELS.categories[category] && LABELS.categories[category].colour;
    return (c && (dark ? c.dark : c.light)) || (dark ? '#a3acb9' : '#52606d');
  }

  /** Take the labels the backend serves (a plain object of strings; anything else is ignored). */
  function set(labels) {
    if (!labels || typeof labels !== 'object') return;
    const obj = (x) => (x && typeof x === 'object' ? x : {});
    LABELS = {
      categories: obj(labels.categories),
      verdicts: obj(labels.verdicts),
      groups: obj(labels.groups),
      kinds: obj(labels.kinds),
      kind_switch: obj(labels.kind_switch),
    };
  }

  /** The labels now in force (replaced, never changed in place, by set()). */
  const current = () => LABELS;

  root.EtiquettePanelLabels = { set, current, verdictText, kindText, categoryText, colorFor };
})(globalThis);
