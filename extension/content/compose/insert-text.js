/*
 * The one way we edit the draft (a quick fix, a template): through the editor's own command, so the
 * webmail sees a normal edit, saves the draft and Ctrl+Z undoes it (DESIGN.md, Data flow). The
 * editor's DOM is never given markup of ours.
 */
(function (root) {
  'use strict';

  const { report } = root.EtiquetteReport;
  root.EtiquetteCompose.extend({
    /**
     * Edits the draft at the selection: `insertText` types `text` over it, `delete` removes it. Where
     * the editor refuses the command, the edit is made on `range` (else the selection's range) directly
     * and announced with an input event of `inputType`, so the webmail still notices.
     * @returns true when the editor's own command made the edit
     */
    editDraft(command, text, inputType, range) {
      let done;
      try {
        done =
          command === 'delete'
            ? document.execCommand('delete')
            : document.execCommand('insertText', false, text);
      } catch (e) {
        report(e, 'insert-text: ' + command);
        done = false; // edited directly below
      }
      if (done) return true;
      const sel = getSelection();
      const r = range || (sel && sel.rangeCount ? sel.getRangeAt(0) : null);
      if (r) {
        r.deleteContents();
        if (text) r.insertNode(document.createTextNode(text));
      }
      this.editor.dispatchEvent(new InputEvent('input', { bubbles: true, inputType, data: text }));
      return false;
    },
  });
})(globalThis);
