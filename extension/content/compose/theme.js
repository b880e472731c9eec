/*
 * Light or dark: the panel and its highlight colours follow the compose window's own background
 * (webmail themes), else the system setting.
 */
(function (root) {
  'use strict';

  function luminance(rgb) {
    const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?/.exec(rgb || '');
    if (!m || (m[4] !== undefined && parseFloat(m[4]) < 0.5)) return null;
    return (0.2126 * m[1] + 0.7152 * m[2] + 0.0722 * m[3]) / 255;
  }

  /** Dark when the compose window is drawn on a dark background (webmail themes), else the OS setting. */
  function isDark(el) {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const l = luminance(getComputedStyle(e).backgroundColor);
      if (l !== null) return l < 0.45;
    }
    return !!(root.matchMedia && root.matchMedia('(prefers-color-scheme: dark)').matches);
  }

  root.EtiquetteTheme = { isDark };
})(globalThis);
