/*
 * The check loop: the draft (text, subject, recipient) goes to the backend once the user pauses, only
 * the newest answer is drawn, and an unreachable checker is retried with back-off (the panel says
 * how to start it).
 */
(function (root) {
  'use strict';

  const { report } = root.EtiquetteReport;
  const { ask, unreachable } = root.EtiquetteMessaging;
  const C = root.EtiquetteCore;

  root.EtiquetteCompose.extend({
    /** What the check knows of the recipient ({interviewer_email}); a new first recipient is looked up. */
    context() {
      const ctx = {};
      const rcpt = this.adapter.recipients(this.root);
      const email = rcpt.length ? C.cleanEmail(rcpt[0]) : null;
      if (email) ctx.interviewer_email = email;
      if (email !== this.tracker.email) setTimeout(() => this.watchRecipients(), 0);
      return ctx;
    },

    /** The panel's answer is older than the draft while a check is due (the pause) or on its way. */
    notePending() {
      this.panel.setPending(this.debounced.pending() || this.inFlight !== 0 || !!this.budgetTimer);
    },

    /** The page's request budget is spent (watch/page-watcher.js): this check goes when it is there. */
    deferCheck(force, wait) {
      if (this.budgetTimer) clearTimeout(this.budgetTimer);
      this.budgetForce = this.budgetForce || force;
      this.budgetTimer = setTimeout(() => {
        this.budgetTimer = null;
        const again = this.budgetForce;
        this.budgetForce = false;
        this.check(again);
      }, wait);
      this.notePending();
    },

    /** Checks at once instead of after the pause (`force`: even when nothing changed). */
    checkNow(force) {
      this.debounced.cancel();
      this.check(force);
    },

    /** Sends the draft to the backend and draws the answer, unless a newer check owns the panel by then. */
    async check(force) {
      if (!this.alive) return;
      if (this.retryTimer) {
        clearTimeout(this.retryTimer);
        this.retryTimer = null;
      }
      const ex = this.extract();
      const subject = this.subject();
      const context = this.context();
      const kind = this.kindOverride || 'auto';
      const key = ex.text + '\u0000' + subject + '\u0000' + JSON.stringify(context) + '\u0000' + kind;
      if (!force && key === this.lastSentKey && this.result) return this.notePending();
      const wait = this.env.budget.take(Date.now());
      if (wait) return this.deferCheck(force, wait);
      if (this.budgetTimer) {
        clearTimeout(this.budgetTimer); // this check is the one that was waiting
        this.budgetTimer = null;
        this.budgetForce = false;
      }
      this.lastSentKey = key;
      const ticket = this.latest.next();
      this.inFlight = ticket;
      this.notePending();
      // The backend takes 20,000 characters; a longer draft (a pasted thread) is checked up to there.
      let cut = Math.min(ex.text.length, C.MAX_TEXT);
      if (cut < ex.text.length && /[\uD800-\uDBFF]/.test(ex.text[cut - 1])) cut--;
      const sent = ex.text.slice(0, cut);
      const reply = await ask(
        sent.trim() === '' && !(subject && subject.trim())
          ? { type: 'health' }
          : { type: 'check', text: sent, subject, context, slot: this.uid, tracked: this.userActed, kind },
      );
      if (!this.alive || !this.latest.isCurrent(ticket)) return; // a newer request owns the panel
      this.inFlight = 0;
      this.notePending();
      if (!reply.ok) {
        if (unreachable(reply) || reply.reason === 'unauthorized') {
          this.goOffline(reply);
        } else {
          this.online = true;
          this.panel.setStatus('online');
          this.panel.say('The checker could not read this draft: ' + (reply.error || 'unknown error'));
        }
        return;
      }
      this.offlineAttempt = 0;
      this.online = true;
      this.panel.setStatus('online');
      this.panel.clearError();
      if (reply.trackerStatus === 'not_paired' && this.tracker.email) {
        this.tracker.state = 'unknown';
        this.tracker.interview = null;
        this.setLookup('not_paired');
      } else if (reply.tracker === true && context.interviewer_email === this.tracker.email) {
        // Only a check answer says who the interview is (tracker: true); a health answer's tracker is 'ok' or 'unavailable'.
        this.setInterview(reply.interview || null);
      } else if (
        this.tracker.email &&
        this.tracker.state === 'unknown' &&
        !this.lookingUp &&
        !this.lookupRetry
      )
        this.lookUpInterview(this.tracker.email);
      // Nothing of the user's own to check (verdict "empty": only a quote or a signature): no verdict.
      if (reply.health || (reply.data && reply.data.verdict === 'empty')) {
        this.result = null;
        this.warnings = [];
        this.text = sent;
        this.highlighter.clear();
        this.panel.renderEmpty();
        return;
      }
      this.result = reply.data;
      if (reply.labels) this.panel.setLabels(reply.labels);
      this.result.kindChosen = !!this.kindOverride;
      // Keep only what the user has not switched off (the backend also honours `disabled`).
      const off = reply.disabled || [];
      const ws = C.toUtf16Warnings(sent, reply.data.warnings).filter(
        (w) => off.indexOf(w.category) < 0 && off.indexOf(w.rule) < 0,
      );
      // The user may have typed while we waited: carry the answer over to the current text.
      this.warnings = ws;
      this.text = sent;
      this.resync();
      this.redrawResult();
    },

    /** The checker cannot be reached (`reply` says why): clear the answer, say so, retry with back-off. */
    goOffline(reply) {
      this.online = false;
      this.latest.invalidate(); // the answer on its way, if any, is dropped
      this.inFlight = 0;
      this.notePending();
      if (this.retryTimer) clearTimeout(this.retryTimer);
      this.result = null;
      this.warnings = [];
      this.lastSentKey = null;
      this.highlighter.clear();
      if (reply.reason === 'reloaded') {
        // The extension was reloaded or removed: this copy of the script is orphaned. Leave quietly.
        if (this.env.orphaned) this.env.orphaned();
        return;
      }
      this.panel.setStatus('offline', reply);
      const delay = C.backoffDelay(this.offlineAttempt++);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.check(true);
      }, delay);
    },

    /** Draws the last answer again (list and boxes), e.g. after a warning was ignored. */
    redrawResult() {
      if (!this.result) return;
      let visible = this.visibleWarnings();
      // Straight after a template its blanks are listed as blanks to fill, not as errors (the Send
      // guard still holds a draft with blanks left: it reads every visible warning).
      const blanks = this.templateFresh ? visible.filter((w) => w.blank) : [];
      if (blanks.length) visible = visible.filter((w) => !w.blank);
      this.result.blanks = blanks;
      this.result.verdictShown = this.ignored.size
        ? C.verdictOf(this.visibleWarnings())
        : this.result.verdict || C.verdictOf(visible);
      this.panel.render(this.result, visible);
      // Draw the boxes now, with the list, rather than a frame later.
      this.needLayout = true;
      try {
        this.onFrame();
      } catch (e) {
        report(e, 'compose: drawing the answer');
        this.scheduleFrame(true); // tried again on the next frame
      }
    },
  });
})(globalThis);
