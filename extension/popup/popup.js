// Toolbar popup: backend status and the per-site on/off switch (stored as `disabledSites`).
'use strict';
const $ = (id) => document.getElementById(id);
const report = globalThis.EtiquetteReport.report;
const NO_SITES = { disabledSites: globalThis.EtiquetteCore.STORAGE_DEFAULTS.disabledSites };

async function showStatus() {
  const reply = await browserApi.runtime.sendMessage({ type: 'health' }).catch((e) => {
    report(e, 'popup: health');
    return null;
  });
  const online = !!(reply && reply.ok);
  $('dot').setAttribute('data-etiquette-status', online ? 'online' : 'offline');
  $('statusText').textContent = online ? 'Backend running on this computer' : 'Backend offline';
  $('startHint').hidden = online;
  const trackerDown = online && reply.tracker === 'unavailable';
  $('trackerHint').hidden = !trackerDown;
  if (trackerDown)
    $('trackerHint').textContent =
      'Checking works, but the interview tracker is unavailable: ' +
      (reply.trackerReason || 'its database cannot be used') +
      '. The terminal running the backend says which file.';
}

async function site() {
  const [tab] = await browserApi.tabs.query({ active: true, currentWindow: true }).catch((e) => {
    report(e, 'popup: active tab');
    return [];
  });
  // Ask our content script on the page rather than reading the tab's URL (no "tabs" permission needed).
  // A tab without our content script (any page but a supported webmail) cannot answer: that is the
  // usual case, not a failure, and the popup says "not a supported site".
  const info = tab
    ? await browserApi.tabs.sendMessage(tab.id, { type: 'site-info' }).catch(() => null)
    : null;
  if (!info || !info.host) {
    $('noSite').hidden = false;
    return;
  }
  const { disabledSites } = await browserApi.storage.local.get(NO_SITES);
  const on = disabledSites.indexOf(info.host) < 0;
  $('site').hidden = false;
  $('siteToggle').checked = on;
  $('siteLabel').textContent = 'Check emails on ' + info.site + ' (' + info.host + ')';
  $('siteToggle').addEventListener('change', async () => {
    const cur = (await browserApi.storage.local.get(NO_SITES)).disabledSites.filter((h) => h !== info.host);
    if (!$('siteToggle').checked) cur.push(info.host);
    await browserApi.storage.local.set({ disabledSites: cur });
  });
}

$('options').addEventListener('click', () => browserApi.runtime.openOptionsPage());
showStatus();
site();
