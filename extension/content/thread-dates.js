/*
 * Dates from the thread: in a reply to a tracked interview, the employer's quoted message is read once
 * (by the backend, POST /api/v1/extract-dates) for the decision date and interview time it gives, and
 * the panel offers each as a one-click proposal that fills the tracker (PATCH). Nothing is applied
 * without that click, and the check itself never sees the quote.
 */
(function (root) {
  'use strict';

  const { report } = root.EtiquetteReport;
  const QUOTE_MAX = 8000;

  /** The quoted earlier message's text, its header line ("On … wrote:", "Sent:") included; '' when none. */
  function quoteText(adapter, editor) {
    const start = adapter.quoteStart ? adapter.quoteStart(editor) : null;
    if (!start) return '';
    const range = document.createRange();
    range.setStartBefore(start);
    range.setEnd(editor, editor.childNodes.length);
    return root.EtiquetteCore.extractText(range.cloneContents(), null).text.trim().slice(0, QUOTE_MAX);
  }

  /** The employer's last message in the thread view when the editor holds no quote (Gmail trims it). */
  function threadText(adapter, r, email) {
    const m = adapter.threadMessage ? adapter.threadMessage(r, email) : null;
    if (!m) return '';
    return (m.header + '\n' + root.EtiquetteCore.extractText(m.body, null).text).trim().slice(0, QUOTE_MAX);
  }

  class ThreadDates {
    constructor(compose) {
      this.c = compose;
      this.asked = null; // the quote text last sent to the backend
      this.found = null; // its answer
      this.dismissed = new Set();
    }

    /** The tracker or the compose changed: read the quote (once per text) and show what it proposes. */
    update() {
      const c = this.c;
      if (!c.alive || !c.userActed || (c.tracker.state !== 'matched' && c.tracker.state !== 'none'))
        return this.show();
      let text = '';
      try {
        text = quoteText(c.adapter, c.editor) || threadText(c.adapter, c.root, c.tracker.email);
      } catch (e) {
        report(e, 'thread-dates: reading the quote');
        text = '';
      }
      if (!text) {
        this.found = null;
        this.asked = null;
        return this.show();
      }
      if (text === this.asked) return this.show();
      this.asked = text;
      this.found = null;
      root.EtiquetteMessaging.ask({ type: 'extract-dates', text }).then((reply) => {
        if (!c.alive || this.asked !== text) return;
        this.found = reply && reply.ok ? reply.data : null;
        this.show();
      });
      return this.show();
    }

    show() {
      const c = this.c;
      const H = root.EtiquetteThreadDateHelpers;
      const list =
        c.alive && c.userActed && c.tracker.state === 'matched'
          ? H.proposals(this.found, c.tracker.interview, this.dismissed)
          : [];
      c.panel.setProposals(
        list,
        (p) => this.accept(p),
        (p) => {
          this.dismissed.add(p.field + '=' + p.value);
          this.show();
        },
      );
    }

    /** The user clicked "Use this date": stored in the tracker, and the next check uses it. */
    async accept(p) {
      const c = this.c;
      const iv = c.tracker.interview;
      if (!iv) return '';
      const reply = await root.EtiquetteMessaging.ask({
        type: 'interview-update',
        id: iv.id,
        fields: { [p.field]: p.value },
      });
      if (!c.alive) return '';
      if (!reply.ok)
        return root.EtiquetteMessaging.unreachable(reply)
          ? 'The checker is not running; nothing was saved.'
          : 'Not saved.';
      c.setInterview(reply.interview);
      c.checkNow(true);
      return '';
    }

    /** For the "track this interview" form: the dates the quote gives, as the form's inputs take them. */
    prefill() {
      const f = this.found || {};
      return {
        decision_by: typeof f.decision_by === 'string' ? f.decision_by.slice(0, 10) : '',
        interview_at:
          typeof f.interview_at === 'string' ? root.EtiquetteCore.isoToLocalInput(f.interview_at) : '',
      };
    }
  }

  root.EtiquetteThreadDates = { ThreadDates, quoteText, threadText };
})(globalThis);
