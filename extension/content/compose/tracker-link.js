/*
 * Which interview this compose is about: its first recipient, looked up in the tracker ("matching…",
 * "slow" with back-off, "needs pairing"), and the panel's form to create or edit it. Nothing from the
 * tracker shows or shapes the check before the user's own input in this compose (Compose.userActed).
 */
(function (root) {
  'use strict';

  const { report } = root.EtiquetteReport;
  const { ask, unreachable } = root.EtiquetteMessaging;
  const C = root.EtiquetteCore;

  const LOOKUP_SLOW_MS = 3000; // "matching…" becomes "tracker slow" (the worker waits longer than this)

  root.EtiquetteCompose.extend({
    /** The first recipient changed (or was never looked up): find its interview. */
    watchRecipients() {
      if (!this.alive) return;
      let email;
      try {
        email = C.cleanEmail(this.adapter.recipients(this.root)[0] || '');
      } catch (e) {
        report(e, 'tracker-link: reading the recipients');
        email = null;
      }
      if (email === this.tracker.email) {
        // Same person: only a lookup that failed (backend away) is tried again, at most every 5 s
        // however busy the page's DOM is; a successful check answer fills it in sooner.
        if (
          this.tracker.state !== 'unknown' ||
          this.lookingUp ||
          this.lookupRetry ||
          this.tracker.lookup === 'not_paired' ||
          Date.now() - (this.lookedUpAt || 0) < 5000
        )
          return;
        if (email) this.lookUpInterview(email);
        return;
      }
      this.tracker = { email, state: email ? 'unknown' : 'none', interview: null, lookup: '' };
      if (this.lookupRetry) {
        clearTimeout(this.lookupRetry);
        this.lookupRetry = null;
      }
      this.lookupAttempt = 0;
      // Another recipient: the tracker waits for the user's next own input in this compose (a script
      // may have swapped the address in).
      this.userActed = false;
      this.panel.setTracker(this.trackerView());
      if (email) this.lookUpInterview(email);
    },

    /** Finds the recipient's interview. A slow or absent tracker says so ("matching…", then "slow")
     *  and is asked again with back-off; an unpaired one says how to pair. */
    async lookUpInterview(email) {
      // A page swapping recipients by script waits its turn like any request (watch/page-watcher.js).
      const wait = this.env.budget.take(Date.now());
      if (wait) {
        if (this.lookupRetry) clearTimeout(this.lookupRetry);
        if (!this.tracker.lookup) this.setLookup('matching');
        this.lookupRetry = setTimeout(() => {
          this.lookupRetry = null;
          if (
            this.alive &&
            this.tracker.email === email &&
            this.tracker.state === 'unknown' &&
            !this.lookingUp
          )
            this.lookUpInterview(email);
        }, wait);
        return;
      }
      this.lookingUp = true;
      this.lookedUpAt = Date.now();
      if (this.lookupRetry) {
        clearTimeout(this.lookupRetry);
        this.lookupRetry = null;
      }
      if (!this.tracker.lookup) this.setLookup('matching');
      const slow = setTimeout(() => {
        if (this.lookingUp && this.tracker.email === email) this.setLookup('slow');
      }, LOOKUP_SLOW_MS);
      const reply = await ask({ type: 'interview-find', email });
      clearTimeout(slow);
      this.lookingUp = false;
      if (!this.alive || this.tracker.email !== email || this.tracker.state !== 'unknown') return;
      if (reply.ok) {
        this.lookupAttempt = 0;
        if (this.setInterview(reply.interview || null) && this.userActed) this.checkNow(true);
        return;
      }
      if (reply.reason === 'not_paired') {
        this.setLookup('not_paired');
        return;
      } // asked again when the token changes
      if (reply.reason === 'reloaded') return;
      this.setLookup('slow');
      const delay = C.backoffDelay((this.lookupAttempt = (this.lookupAttempt || 0) + 1));
      this.lookupRetry = setTimeout(() => {
        this.lookupRetry = null;
        if (this.alive && this.tracker.email === email && this.tracker.state === 'unknown' && !this.lookingUp)
          this.lookUpInterview(email);
      }, delay);
    },

    /** Where the lookup stands: '' | 'matching' | 'slow' | 'not_paired'. */
    setLookup(lookup) {
      if (this.tracker.lookup === lookup) return;
      this.tracker.lookup = lookup;
      this.panel.setTracker(this.trackerView());
    },

    /** The recipient's interview (or null: none); @returns whether it differs from the one known. */
    setInterview(interview) {
      const was = this.tracker.interview;
      this.tracker.state = interview ? 'matched' : 'none';
      this.tracker.interview = interview;
      this.tracker.lookup = '';
      // A new or changed interview changes the advice: check again with it.
      const changed =
        (was ? was.id + (was.updated_at || '') : '') !==
        (interview ? interview.id + (interview.updated_at || '') : '');
      this.panel.setTracker(this.trackerView());
      this.threadDates.update();
      return changed;
    },

    /** What the panel's tracker row shows (panel/tracker-row.js). */
    trackerView() {
      return {
        email: this.tracker.email,
        state: this.tracker.state,
        interview: this.tracker.interview,
        logged: this.lastLogged,
        revealed: this.userActed,
        lookup: this.tracker.lookup || '',
      };
    },

    /** What the "track this interview" form starts with: everything we can read off the compose. */
    prefill() {
      const email = this.tracker.email;
      let display;
      try {
        display = this.adapter.recipientName ? this.adapter.recipientName(this.root, email) : '';
      } catch (e) {
        report(e, "tracker-link: reading the recipient's name");
        display = '';
      }
      const kind = this.result && this.result.kind;
      const quoted = this.threadDates.prefill();
      return {
        company: C.companyFromEmail(email),
        position: '',
        interviewer: C.nameFromRecipient(display, email),
        interviewer_email: email || '',
        // The dates the employer's quoted message gives, else the usual guesses.
        interview_at: quoted.interview_at || C.toLocalInput(C.defaultInterviewTime(new Date(), kind)),
        decision_by: quoted.decision_by,
        stage: 'interviewed',
      };
    },

    /** Create (no interview yet) or change the interview from the panel form; answers an error text or ''. */
    async saveInterview(form) {
      const fields = {
        company: form.company,
        position: form.position,
        interviewer: form.interviewer,
        interview_at: form.interview_at ? C.localInputToIso(form.interview_at) : null,
        decision_by: form.decision_by || null,
        stage: form.stage || 'interviewed',
      };
      if (form.interview_at && !fields.interview_at) return 'The interview date and time is not valid.';
      const current = this.tracker.interview;
      let reply;
      if (current) {
        reply = await ask({ type: 'interview-update', id: current.id, fields });
      } else {
        if (!this.tracker.email) return 'Add the interviewer as a recipient first.';
        fields.interviewer_email = this.tracker.email;
        reply = await ask({ type: 'interview-create', fields });
      }
      if (!this.alive) return '';
      if (!reply.ok) {
        return unreachable(reply)
          ? 'The checker is not running; nothing was saved.'
          : 'Not saved: ' + (reply.error || 'unknown error');
      }
      this.setInterview(reply.interview);
      this.checkNow(true);
      return '';
    },
  });
})(globalThis);
