/*
 * The warning's words in the draft: the caret remembered, a warning's range found again in the
 * current text, selected and scrolled into view; "Next blank" steps through a template's blanks.
 */
(function (root) {
  'use strict';

  const C = root.EtiquetteCore;

  root.EtiquetteCompose.extend({
    /** Remembers where the caret is in the editor (the panel takes focus; templates go there). */
    rememberSelection(sel) {
      if (!sel || !sel.rangeCount) return;
      const r = sel.getRangeAt(0);
      if (this.editor.contains(r.startContainer)) {
        this.savedRange = r.cloneRange();
        if (this.warnings.length) this.scheduleFrame();
      }
    },

    /** The DOM Range of a warning's words in the current segments, or null. */
    domRange(w) {
      const loc = C.locateRange(this.segments, w.start, w.end);
      if (!loc) return null;
      const r = document.createRange();
      r.setStart(loc.startNode, loc.startOffset);
      r.setEnd(loc.endNode, loc.endOffset);
      return r;
    },

    /** Fresh text and segments, and the warning's words in them (null when they changed). */
    refreshFor(w) {
      this.resync();
      const current =
        this.warnings.find((x) => x.rule === w.rule && x.offset === w.offset) ||
        this.warnings.find((x) => x.rule === w.rule && x.excerpt === w.excerpt) ||
        null;
      if (!current || current.whole) return current;
      if (this.text.slice(current.start, current.end) !== current.excerpt) return null;
      return current;
    },

    /** Selects the warning's words in the draft and scrolls them into view. */
    select(w) {
      const cur = this.refreshFor(w);
      this.editor.focus({ preventScroll: true });
      if (!cur || cur.whole) return;
      const range = this.domRange(cur);
      if (!range) return;
      const sel = getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      this.scrollRangeIntoView(range);
      this.scheduleFrame(true);
    },

    /** Scrolls the editor (and its scrolling ancestors, innermost first) until the words are in view.
     *  Done from the Range's own rectangle: a text node's parent may be the whole editor. */
    scrollRangeIntoView(range) {
      const pad = 24;
      for (let el = this.editor; el && el.nodeType === 1; el = el.parentElement) {
        const r = range.getBoundingClientRect();
        if (el === document.documentElement || el === document.body) {
          if (r.top < 0 || r.bottom > innerHeight)
            root.scrollBy(0, r.top < 0 ? r.top - pad : r.bottom - innerHeight + pad);
          break;
        }
        if (el.scrollHeight <= el.clientHeight + 1) continue;
        const oy = getComputedStyle(el).overflowY;
        if (oy !== 'auto' && oy !== 'scroll') continue;
        const box = el.getBoundingClientRect();
        if (r.top < box.top) el.scrollTop -= box.top - r.top + pad;
        else if (r.bottom > box.bottom) el.scrollTop += r.bottom - box.bottom + pad;
      }
    },

    /** Next blank: select the next blank the template left, after the caret, round to the first. */
    nextBlank() {
      const blanks = ((this.result && this.result.blanks) || []).filter((w) => !w.whole); // the subject's has no words here
      if (!blanks.length) return;
      const sel = getSelection();
      const after = this.lastBlank ? blanks.findIndex((w) => w.start > this.lastBlank.start) : 0;
      const w = blanks[after >= 0 ? after : 0];
      this.lastBlank = w;
      this.select(w);
      if (sel && !sel.rangeCount) this.editor.focus();
    },
  });
})(globalThis);
