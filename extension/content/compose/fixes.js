/*
 * What the user does to a warning: apply a suggestion (through the editor, undoable), add a word to
 * the personal dictionary, ignore it for this draft.
 */
(function (root) {
  'use strict';

  const { ask } = root.EtiquetteMessaging;
  const C = root.EtiquetteCore;

  root.EtiquetteCompose.extend({
    /** Replaces the warning's words with `replacement` ('' removes them), if they are still there. */
    apply(w, replacement) {
      const cur = this.refreshFor(w);
      if (!cur || cur.whole) {
        this.checkNow(true);
        return;
      }
      const range = this.domRange(cur);
      if (!range) return;
      this.editor.focus({ preventScroll: true });
      const sel = getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      // "Remove this sentence" is the empty replacement: the editor's own delete, also undoable.
      this.editDraft(
        replacement === '' ? 'delete' : 'insertText',
        replacement,
        'insertReplacementText',
        range,
      );
      this.checkNow(false);
    },

    /** The warning's word goes into the personal dictionary, and the draft is checked again. */
    async addWord(w) {
      const reply = await ask({ type: 'addWord', word: w.excerpt });
      if (reply.ok) this.checkNow(true);
      else this.panel.say('Could not save the word: ' + (reply.error || 'unknown error'));
    },

    /** Hides this warning for this draft. */
    ignore(w) {
      this.ignored.add(C.warningKey(w));
      this.redrawResult();
    },
  });
})(globalThis);
