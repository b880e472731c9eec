/*
 * Entry point of the content script, loaded last: picks this site's adapter, starts the page watcher
 * (watch/page-watcher.js) unless the user switched this site off, checks every open draft again when
 * a setting that shapes the check changes, and answers the worker and the toolbar popup.
 */
(function (root) {
  'use strict';

  // Injected twice (extension reload): keep one. Compared with `true`, because a page element with
  // this id is what `window.__followUpEtiquetteLoaded` gives in our world until we set it (DOM
  // clobbering: the page must not be able to switch the extension off by naming an element).
  if (root.__followUpEtiquetteLoaded === true) return;
  root.__followUpEtiquetteLoaded = true;

  const { report } = root.EtiquetteReport;
  const adapter = root.EtiquetteAdapters.forHost(location.hostname);
  if (!adapter) return;
  const watcher = root.EtiquettePageWatcher.createPageWatcher(adapter);
  // Settings the worker reads into every check: a change means every open draft is checked again.
  const SHAPES_THE_CHECK = ['dictionary', 'disabled', 'backendUrl', 'token', 'allowRemote'];

  function siteEnabled(disabledSites) {
    return !(Array.isArray(disabledSites) && disabledSites.indexOf(location.hostname) >= 0);
  }

  try {
    const api = root.browserApi;
    Promise.resolve(api.storage.local.get({ disabledSites: [] })).then(
      (s) => {
        if (siteEnabled(s && s.disabledSites)) watcher.start();
      },
      () => watcher.start(),
    );
    api.storage.onChanged.addListener((changes, area) => {
      if (area !== 'local') return;
      if (changes.disabledSites) {
        if (siteEnabled(changes.disabledSites.newValue)) watcher.start();
        else watcher.stop();
      }
      if (SHAPES_THE_CHECK.some((k) => changes[k])) for (const c of watcher.composes()) c.checkNow(true);
    });
    api.runtime.onMessage.addListener((msg, sender, reply) => {
      if (sender.id !== api.runtime.id || !msg) return false;
      // What became of a Send queued in the worker's outbox.
      if (msg.type === 'outbox' && typeof msg.key === 'string') {
        for (const c of watcher.composes())
          c.outboxResult(msg.key, msg.state, typeof msg.reason === 'string' ? msg.reason : '');
        return false;
      }
      // The toolbar popup asks what this page is and how many compose windows we watch.
      if (msg.type !== 'site-info') return false;
      reply({
        host: location.hostname,
        site: adapter.name,
        enabled: watcher.enabled,
        composes: watcher.composes().length,
      });
      return false;
    });
  } catch (e) {
    report(e, 'main: reading the settings'); // checks on every site, as by default
    watcher.start();
  }
})(globalThis);
