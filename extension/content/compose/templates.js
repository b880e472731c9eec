/*
 * Templates: the thank-you or follow-up rendered by the backend for this recipient, inserted where
 * the user's own text is (the empty first line, the caret, or after their text when asked), never
 * into the quoted thread below.
 */
(function (root) {
  'use strict';

  const { ask, unreachable } = root.EtiquetteMessaging;

  root.EtiquetteCompose.extend({
    /** Where the user's own text ends (before quotes/signature): a collapsed Range, or null. */
    endOfOwnText(ex) {
      const last = ex.segments[ex.segments.length - 1];
      if (!last) return null;
      const r = document.createRange();
      r.setStart(last.node, last.end - last.start);
      r.collapse(true);
      return r;
    },

    /** Inserts template `id`, rendered for this recipient, where the user's own text is (asks first when the draft has text). */
    async insertTemplate(id) {
      const reply = await ask({ type: 'render', id, context: this.context() });
      if (!this.alive) return;
      if (!reply.ok) {
        if (unreachable(reply)) this.goOffline(reply);
        else this.panel.say('Could not load the template: ' + (reply.error || 'unknown error'));
        return;
      }
      const tpl = reply.data || {};
      const text = String(tpl.text || '');
      const ex = this.extract();
      const insertAt = (range) => {
        this.editor.focus({ preventScroll: true });
        const sel = getSelection();
        sel.removeAllRanges();
        if (range) sel.addRange(range);
        // The editor's own input event for it is no sign that the user touched the draft.
        this.inserting = true;
        try {
          this.editDraft('insertText', text, 'insertText');
        } finally {
          this.inserting = false;
        }
        // Its blanks are a to-do list ("3 blanks to fill") until the user edits the draft.
        this.templateFresh = true;
        this.fillSubject(tpl.subject);
        this.checkNow(true);
      };
      if (ex.text.trim() === '') {
        // Empty draft: replace the editor's placeholder <br>s, but keep any quoted history below.
        const r = document.createRange();
        const firstKept = Array.from(this.editor.childNodes).find(
          (n) => n.nodeType === 1 && this.adapter.classify(n),
        );
        // Into the first empty line (Yahoo's style wrapper, Outlook's line above the signature): a range
        // that ends just before the quote makes Chromium put the text inside the quote.
        const line = this.emptyLine();
        if (line) r.selectNodeContents(line);
        else if (firstKept) {
          r.setStart(this.editor, 0);
          r.setEndBefore(firstKept);
        } else r.selectNodeContents(this.editor);
        insertAt(r);
        return;
      }
      const saved = this.savedRange;
      const inOwnText =
        saved && this.editor.contains(saved.startContainer) && !this.inExcluded(saved.startContainer);
      if (inOwnText) {
        const r = saved.cloneRange();
        r.collapse(false); // never replace selected words
        insertAt(r);
        return;
      }
      this.panel.ask('Your draft already has text. Add the template after it?', [
        {
          id: 'append',
          label: 'Add after my text',
          primary: true,
          run: () => {
            const r = this.endOfOwnText(this.extract());
            insertAt(r);
          },
        },
        { id: 'cancel', label: 'Cancel', run: () => {} },
      ]);
    },

    /** The first line of the user's part that holds nothing but a <br> (before any quote or signature), or null. */
    emptyLine() {
      let stopped = false;
      const walker = document.createTreeWalker(this.editor, NodeFilter.SHOW_ELEMENT, {
        acceptNode: (n) => {
          const kind = this.adapter.classify(n);
          if (kind === 'stop') stopped = true;
          return kind ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
        },
      });
      for (let n = walker.nextNode(); n && !stopped; n = walker.nextNode()) {
        if (n.nodeName === 'BR' || (n.textContent || '').trim()) continue;
        if (
          Array.from(n.childNodes).every(
            (c) => c.nodeName === 'BR' || (c.nodeType === 3 && !c.nodeValue.trim()),
          )
        )
          return n;
      }
      return null;
    },

    /** `node` is in a part of the editor that is not the user's own text (quote, signature). */
    inExcluded(node) {
      for (
        let e = node.nodeType === 1 ? node : node.parentElement;
        e && e !== this.editor;
        e = e.parentElement
      ) {
        if (this.adapter.classify(e)) return true;
      }
      return false;
    },
  });
})(globalThis);
