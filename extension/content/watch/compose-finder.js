/*
 * Which editable areas of the page are compose windows to watch: the ones the site adapter's body
 * selectors know; only where they know none, the adapter's fallback finds that look like a mail body
 * (big enough to write a letter in, with a Send button in their compose window). An area judged no
 * mail body is looked at again after a while, not on every scan (issue 11: bounded on any page).
 */
(function (root) {
  'use strict';

  const { report } = root.EtiquetteReport;
  const FALLBACK_RECHECK_MS = 2000; // an editable area that is no mail body is looked at again after this
  const MAX_BUTTONS = 200; // buttons of one compose window read for a Send word
  const SEND_WORD = /^send\b/i;

  /** A finder for one site's `adapter`: `editorsToWatch()` is the list the page watcher scans. */
  function createComposeFinder(adapter) {
    const notMailBody = new WeakMap(); // element -> time it was judged no mail body

    function hasSendNear(composeRoot) {
      if (adapter.send(composeRoot)) return true;
      const buttons = composeRoot.querySelectorAll('button, [role="button"]');
      for (let i = 0; i < buttons.length && i < MAX_BUTTONS; i++) {
        const b = buttons[i];
        const words = [
          b.getAttribute('aria-label'),
          b.getAttribute('title'),
          b.getAttribute('data-tooltip'),
          b.textContent,
        ];
        if (words.some((w) => w && SEND_WORD.test(w.trim()))) return true;
      }
      return false;
    }

    function looksLikeMailBody(editor) {
      const judged = notMailBody.get(editor);
      if (judged && Date.now() - judged < FALLBACK_RECHECK_MS) return false;
      const r = editor.getBoundingClientRect();
      const ok = r.width >= 200 && r.height >= 80 && hasSendNear(adapter.root(editor));
      if (!ok) notMailBody.set(editor, Date.now());
      return ok;
    }

    function bySiteSelectors(editor) {
      try {
        return editor.matches(adapter.bodySelector);
      } catch (e) {
        report(e, 'compose finder: site body selector');
        return false;
      }
    }

    return {
      editorsToWatch() {
        const found = adapter.findEditors(document);
        const known = found.filter(bySiteSelectors);
        return known.length ? known : found.filter((e) => !bySiteSelectors(e) && looksLikeMailBody(e));
      },
    };
  }

  root.EtiquetteComposeFinder = { createComposeFinder };
})(globalThis);
