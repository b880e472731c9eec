/*
 * The draft as the checks see it: the candidate's own text (quoted history and signature left out),
 * with a map from its offsets to the editor's text nodes, and the warnings kept on their words while
 * the user types (lib/core.js: extractText, shiftWarnings).
 */
(function (root) {
  'use strict';

  const C = root.EtiquetteCore;

  root.EtiquetteCompose.extend({
    /** The user's own text and its segments (text node -> offsets), read from the editor now. */
    extract() {
      return C.extractText(this.editor, this.adapter.classify);
    },

    /**
     * Re-reads the draft and carries `this.warnings` from `this.text` over to the text now in the
     * editor (the user may have typed since): after this, warnings, text and segments agree.
     * @returns the fresh extract
     */
    resync() {
      const now = this.extract();
      if (now.text !== this.text) {
        this.warnings = C.shiftWarnings(this.warnings, this.text, now.text);
        this.text = now.text;
      }
      this.segments = now.segments;
      return now;
    },

    /** The warnings not ignored for this draft. */
    visibleWarnings() {
      return this.warnings.filter((w) => !this.ignored.has(C.warningKey(w)));
    },
  });
})(globalThis);
