/*
 * One compose window: its editor, subject, panel and highlights, and the check loop.
 *
 * Per keystroke we only (re)arm the debounce timer and ask for one animation frame; the frame
 * re-reads the text, keeps the existing warnings attached to their words across the edit, and
 * redraws the boxes. The backend is asked once the user pauses (DEBOUNCE_MS), and only the newest
 * answer is drawn.
 */
(function (root) {
  'use strict';

  const C = root.EtiquetteCore;
  const BLANK_RULES = ['proofreading.placeholder', 'proofreading.subject_placeholder'];
  const DEBOUNCE_MS = 250;
  const LOOKUP_SLOW_MS = 3000; // "matching…" becomes "tracker slow" (the worker waits longer than this)
  const MAX_TEXT = 20000;
  const PRESS_EVENTS = ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click'];

  /** Messages to the background worker; never throws (the extension may have been reloaded). The
   *  message leaves synchronously (before the first await), so a Send logged as the webmail closes
   *  the compose window is on its way even if this script's page goes away. */
  function ask(message) {
    try {
      const api = root.browserApi;
      if (!api || !api.runtime || !api.runtime.id)
        return Promise.resolve({ ok: false, status: 'offline', reason: 'reloaded' });
      return Promise.resolve(api.runtime.sendMessage(message)).then(
        (reply) => reply || { ok: false, status: 'offline', error: 'no reply' },
        (err) => ({
          ok: false,
          status: 'offline',
          error: String((err && err.message) || err),
          reason: /context invalidated|Receiving end/i.test(String(err && err.message))
            ? 'reloaded'
            : undefined,
        }),
      );
    } catch (e) {
      return Promise.resolve({
        ok: false,
        status: 'offline',
        reason: 'reloaded',
        error: String(e && e.message),
      });
    }
  }

  let composeSeq = 0;
  function newComposeId() {
    try {
      if (root.crypto && root.crypto.randomUUID) return root.crypto.randomUUID().replace(/-/g, '');
    } catch (e) {
      /* below */
    }
    return Date.now().toString(36) + Math.random().toString(36).slice(2) + ++composeSeq;
  }

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

  class Compose {
    constructor(adapter, editor, env) {
      this.adapter = adapter;
      this.editor = editor;
      this.env = env; // {allComposes(): Compose[], onDestroyed(c)}
      this.root = adapter.root(editor);
      this.latest = C.createLatest();
      this.result = null; // last drawn answer
      this.warnings = []; // its warnings, UTF-16 offsets in this.text
      this.text = ''; // the text those offsets refer to
      this.segments = [];
      this.ignored = new Set();
      this.lastSentKey = null;
      this.offlineAttempt = 0;
      this.retryTimer = null;
      this.frame = 0;
      this.savedRange = null;
      this.alive = true;
      this.online = false;
      this.hovered = null;
      // Interview tracker: which interview this compose is about (by its first recipient).
      this.uid = newComposeId();
      this.tracker = { email: null, state: 'unknown', interview: null, lookup: '' };
      this.loggedKeys = new Set();
      this.lastLogged = null;
      // Whether the user (not a script) has acted in this compose: until then nothing from the tracker
      // shows or shapes the check, so a page that opens composes to guessed addresses learns nothing.
      this.userActed = false;
      this.userActedAt = 0;

      const P = root.EtiquettePanel;
      this.panel = new P.Panel(
        {
          select: (w) => this.select(w),
          apply: (w, s) => this.apply(w, s),
          ignore: (w) => {
            this.ignored.add(C.warningKey(w));
            this.redrawResult();
          },
          addWord: (w) => this.addWord(w),
          insert: (id) => this.insertTemplate(id),
          retry: () => this.checkNow(true),
          openOptions: () => ask({ type: 'openOptions' }),
          toggle: () => this.layout(),
          back: () => this.editor.focus(),
          hover: (w) => {
            this.hovered = w;
            this.highlighter.current = w;
            this.scheduleFrame();
          },
          prefill: () => this.prefill(),
          saveInterview: (fields) => this.saveInterview(fields),
          markSent: () => this.logSend('mark'),
          // Not a thank-you?: the user's word on the kind beats detection for this compose.
          setKind: (kind) => {
            this.kindOverride = kind;
            this.checkNow(true);
          },
          remind: () => this.remind(),
          nextBlank: () => this.nextBlank(),
        },
        adapter.isInline(this.root, editor) ? 'reply' : '',
      );
      this.highlighter = new root.EtiquetteHighlighter.Highlighter(this.panel.layer, editor);
      this.threadDates = new root.EtiquetteThreadDates.ThreadDates(this);
      this.panel.setTheme(isDark(this.root));
      this.panel.attach();

      this.debounced = C.debounce(() => this.check(false), DEBOUNCE_MS);
      this.onInput = (e) => {
        if (e.isTrusted) this.noteUserAction();
        if (e.isTrusted && !this.inserting) this.templateFresh = false; // the user has touched the draft
        this.debounced();
        this.scheduleFrame();
      };
      this.onSubject = () => this.debounced();
      this.onScroll = () => this.scheduleFrame(true);
      editor.addEventListener('input', this.onInput);
      this.subjectEl = adapter.subject(this.root);
      if (this.subjectEl) this.subjectEl.addEventListener('input', this.onSubject);
      // Scrolling anywhere (the editor, the thread, the window) moves the words under the boxes.
      document.addEventListener('scroll', this.onScroll, true);
      this.resizeObserver = new ResizeObserver(() => this.scheduleFrame(true));
      this.resizeObserver.observe(this.root);
      this.resizeObserver.observe(editor);
      // Pre-send guard: Send (click or Ctrl/Cmd+Enter) on a draft whose verdict is "fix" is held
      // once, with a notice in the panel and a "Send anyway" button. Capture phase on window so we
      // see it before the webmail's own handlers.
      // Webmails send on mousedown/mouseup as often as on click, so the whole press is held.
      // The same listeners log a Send that goes through (see logSend): never preventing or delaying it.
      // Only the user's own input counts: a page script's send.click() or synthetic key is ignored
      // (never held, never logged), so it cannot forge the history the timing advice is built on.
      this.onSendClick = (e) => {
        if (!e.isTrusted) return;
        // In the panel, on the click itself: revealing the tracker row earlier (on the press) would move
        // the button out from under the pointer before the click lands.
        if (e.type === (e.target === this.panel.host ? 'click' : 'pointerdown') && this.ownsEvent(e))
          this.noteUserAction();
        const isSend = !!(e.target && this.isSendButton(e.target));
        const held = this.maybeHoldSend(e, isSend);
        if (!isSend || held) return;
        if (e.type === 'pointerdown' || e.type === 'mousedown')
          this.sendPressedAt = Date.now(); // see destroy()
        else this.logSend(e.type);
      };
      this.onSendKey = (e) => {
        if (!e.isTrusted) return;
        if (this.ownsEvent(e)) this.noteUserAction();
        // Alt+Shift+E from the draft jumps to the panel (Escape there comes back).
        if (e.altKey && e.shiftKey && e.code === 'KeyE' && this.editor.contains(e.target)) {
          e.preventDefault();
          this.panel.focusFirst();
          return;
        }
        const ctrlEnter = e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey;
        const held = this.maybeHoldSend(e, ctrlEnter && this.editor.contains(e.target));
        if (held || e.repeat) return;
        // Ctrl+Enter sends from anywhere in this compose (body or subject); Enter/Space on the Send button too.
        // A real <button> turns Enter/Space into a click, which is logged (or held by the guard) there.
        const onSend =
          (e.key === 'Enter' || e.key === ' ') &&
          e.target &&
          this.isSendButton(e.target) &&
          !(e.target.closest && e.target.closest('button'));
        if ((ctrlEnter && e.target && this.root.contains(e.target)) || onSend) this.logSend('keydown');
      };
      for (const type of PRESS_EVENTS) root.addEventListener(type, this.onSendClick, true);
      root.addEventListener('keydown', this.onSendKey, true);
      this.layout();
      this.watchRecipients();
      this.check(true);
    }

    /** The event happened in this compose window or in its panel (retargeted to our host). */
    ownsEvent(e) {
      const t = e.target;
      return !!(t && t.nodeType === 1 && (t === this.panel.host || this.root.contains(t)));
    }

    /** A trusted event in this compose: from now on the tracker may show and inform the check. */
    noteUserAction() {
      this.userActedAt = Date.now();
      if (this.userActed) return;
      this.userActed = true;
      this.panel.setTracker(this.trackerView());
      this.threadDates.update();
      if (this.tracker.state === 'matched') this.checkNow(true);
    }

    isSendButton(target) {
      const send = this.adapter.send(this.root);
      return !!(send && target.nodeType === 1 && send.contains(target));
    }

    /** @returns true when this event was held (the webmail never saw it). */
    maybeHoldSend(e, isSend) {
      if (!isSend || !this.alive || this.bypassGuard) return false;
      // Held once only: the second Send always goes through, so the guard can never trap mail.
      if (this.sendHeld && (e.type === 'pointerdown' || e.type === 'mousedown' || e.type === 'keydown'))
        this.sendReleased = true;
      if (this.sendReleased) return false;
      if (!this.result || !this.online) return false;
      const visible = this.visibleWarnings();
      if (C.verdictOf(visible) !== 'fix') return false;
      e.preventDefault();
      e.stopImmediatePropagation();
      if (e.type !== 'click' && e.type !== 'keydown') return true; // the rest of the press: held silently
      this.sendHeld = true;
      const errors = visible.filter((w) => w.severity === 'error');
      this.panel.open();
      this.panel.guard(
        errors,
        () => {
          this.bypassGuard = true;
          const send = this.adapter.send(this.root);
          if (!send) return;
          // Replay the press the webmail expects from a real click (events dispatch synchronously).
          try {
            for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup']) {
              const Ctor = type.startsWith('pointer') && root.PointerEvent ? PointerEvent : MouseEvent;
              send.dispatchEvent(
                new Ctor(type, { bubbles: true, cancelable: true, composed: true, view: root, button: 0 }),
              );
            }
            send.click();
          } finally {
            this.bypassGuard = false;
          }
          // The replayed press is ours, not trusted, so the Send hooks ignore it: the user's trusted
          // click on "Send anyway" is what logs it.
          this.logSend('anyway');
        },
        () => {
          if (errors[0]) this.select(errors[0]);
        },
      );
      return true;
    }

    // ----------------------------------------------------------------------------------------
    // Interview tracker

    /** The first recipient changed (or was never looked up): find its interview. */
    watchRecipients() {
      if (!this.alive) return;
      let email;
      try {
        email = C.cleanEmail(this.adapter.recipients(this.root)[0] || '');
      } catch (e) {
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
    }

    /** Finds the recipient's interview. A slow or absent tracker says so ("matching…", then "slow")
     *  and is asked again with back-off; an unpaired one says how to pair. */
    async lookUpInterview(email) {
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
      if (reply.status === 'unpaired') {
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
    }

    setLookup(lookup) {
      if (this.tracker.lookup === lookup) return;
      this.tracker.lookup = lookup;
      this.panel.setTracker(this.trackerView());
    }

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
    }

    trackerView() {
      return {
        email: this.tracker.email,
        state: this.tracker.state,
        interview: this.tracker.interview,
        logged: this.lastLogged,
        revealed: this.userActed,
        lookup: this.tracker.lookup || '',
      };
    }

    /** What the "track this interview" form starts with: everything we can read off the compose. */
    prefill() {
      const email = this.tracker.email;
      let display;
      try {
        display = this.adapter.recipientName ? this.adapter.recipientName(this.root, email) : '';
      } catch (e) {
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
    }

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
        return reply.status === 'offline'
          ? 'The checker is not running; nothing was saved.'
          : 'Not saved: ' + (reply.error || 'unknown error');
      }
      this.setInterview(reply.interview);
      this.checkNow(true);
      return '';
    }

    /**
     * Logs the message being sent with the interview it belongs to: on the Send click, Ctrl+Enter,
     * or the panel's "mark as sent". Fire-and-forget: the message to the worker leaves before this
     * returns and nothing here waits for it, so the webmail's Send is never delayed. One key per
     * compose and draft: the click, the keyboard shortcut and a retry all log one message.
     */
    logSend(source) {
      try {
        if (!this.alive || this.tracker.state !== 'matched' || !this.tracker.interview) {
          if (source === 'mark') this.panel.trackerNote('This compose is not linked to an interview yet.');
          return;
        }
        const text = this.extract().text;
        const key = C.sendKey(this.uid, text);
        if (this.loggedKeys.has(key)) {
          if (source === 'mark') this.panel.trackerNote('Already logged.');
          return;
        }
        this.loggedKeys.add(key);
        const kind =
          this.result && C.MESSAGE_KINDS.indexOf(this.result.kind) >= 0 ? this.result.kind : 'other';
        const sentAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
        const interview = this.tracker.interview;
        ask({ type: 'message-log', id: interview.id, kind, sent_at: sentAt, key })
          .then((reply) => {
            if (!reply.ok && !reply.queued) this.loggedKeys.delete(key); // refused: a later Send may try again
            if (!this.alive) return;
            this.lastLogged = {
              kind,
              at: sentAt,
              key,
              queued: !!reply.queued,
              failed: !reply.ok && !reply.queued,
              reason: !reply.ok && !reply.queued ? reply.error || '' : '',
            };
            this.panel.setTracker(this.trackerView());
            if (reply.ok) this.checkNow(true); // the history changed: timing and next step follow it
          })
          .catch(() => {
            /* the panel went away meanwhile: nothing to show */
          });
      } catch (e) {
        // Logging is a bonus; the Send itself must never see an error from us.
      }
    }

    /** The worker's word on a queued Send of this compose: logged at last, or given up (and why). */
    outboxResult(key, state, reason) {
      if (!this.alive || !this.loggedKeys.has(key)) return;
      const last = this.lastLogged;
      if (!last || last.key !== key) return;
      this.lastLogged = Object.assign({}, last, {
        queued: false,
        failed: state === 'dropped',
        reason: state === 'dropped' ? reason || '' : '',
      });
      this.panel.setTracker(this.trackerView());
      if (state === 'logged') this.checkNow(true);
    }

    // ----------------------------------------------------------------------------------------
    extract() {
      return C.extractText(this.editor, this.adapter.classify);
    }

    context() {
      const ctx = {};
      const rcpt = this.adapter.recipients(this.root);
      const email = rcpt.length ? C.cleanEmail(rcpt[0]) : null;
      if (email) ctx.interviewer_email = email;
      if (email !== this.tracker.email) setTimeout(() => this.watchRecipients(), 0);
      return ctx;
    }

    /** The subject, or null when this compose has no subject field of its own (inline replies). */
    subject() {
      if (!this.subjectEl || !this.subjectEl.isConnected) {
        // Re-rendered by the webmail (React does that): follow the new field.
        if (this.subjectEl) this.subjectEl.removeEventListener('input', this.onSubject);
        this.subjectEl = this.adapter.subject(this.root);
        if (this.subjectEl) this.subjectEl.addEventListener('input', this.onSubject);
      }
      const s = this.subjectEl;
      return s ? String(s.value !== undefined ? s.value : s.textContent || '') : null;
    }

    checkNow(force) {
      this.debounced.cancel();
      this.check(force);
    }

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
    }

    /** Add to calendar: the next step as an .ics file, from the backend (tracker facts when tracked). */
    async remind() {
      const reply = await ask({ type: 'reminder', context: this.context(), tracked: this.userActed });
      if (!this.alive) return;
      if (reply.ok && typeof reply.ics === 'string')
        this.panel.download(reply.filename || 'reminder.ics', reply.ics, 'text/calendar');
      else this.panel.say('Could not make the calendar event: ' + (reply.error || 'no answer'));
    }

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
      if (!force && key === this.lastSentKey && this.result) return;
      this.lastSentKey = key;
      const ticket = this.latest.next();
      // The backend takes 20,000 characters; a longer draft (a pasted thread) is checked up to there.
      let cut = Math.min(ex.text.length, MAX_TEXT);
      if (cut < ex.text.length && /[\uD800-\uDBFF]/.test(ex.text[cut - 1])) cut--;
      const sent = ex.text.slice(0, cut);
      const reply = await ask(
        sent.trim() === '' && !(subject && subject.trim())
          ? { type: 'health' }
          : { type: 'check', text: sent, subject, context, slot: this.uid, tracked: this.userActed, kind },
      );
      if (!this.alive || !this.latest.isCurrent(ticket)) return; // a newer request owns the panel
      if (!reply.ok) {
        if (reply.status === 'offline' || reply.status === 'unauthorized' || reply.reason === 'config') {
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
      if (reply.trackerStatus === 'unpaired' && this.tracker.email) {
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
      const now = this.extract();
      this.warnings = C.shiftWarnings(ws, sent, now.text);
      this.text = now.text;
      this.segments = now.segments;
      this.redrawResult();
    }

    goOffline(reply) {
      this.online = false;
      this.latest.invalidate();
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
    }

    visibleWarnings() {
      return this.warnings.filter((w) => !this.ignored.has(C.warningKey(w)));
    }

    redrawResult() {
      if (!this.result) return;
      let visible = this.visibleWarnings();
      // Straight after a template its blanks are listed as blanks to fill, not as errors (the Send
      // guard still holds a draft with blanks left: it reads every visible warning).
      const blanks = this.templateFresh ? visible.filter((w) => BLANK_RULES.indexOf(w.rule) >= 0) : [];
      if (blanks.length) visible = visible.filter((w) => BLANK_RULES.indexOf(w.rule) < 0);
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
        this.scheduleFrame(true);
      }
    }

    // ----------------------------------------------------------------------------------------
    scheduleFrame(layoutToo) {
      if (layoutToo) this.needLayout = true;
      if (this.frame) return;
      const run = () => {
        if (!this.frame) return;
        cancelAnimationFrame(this.frame);
        clearTimeout(this.frameTimer);
        this.frame = 0;
        if (!this.alive) return;
        try {
          this.onFrame();
        } catch (e) {
          /* never let a drawing hiccup reach the page */
        }
      };
      this.frame = requestAnimationFrame(run);
      // Animation frames pause in background tabs; the boxes must still follow the text there.
      this.frameTimer = setTimeout(run, 150);
    }

    /** Called by the document observer when the editor's nodes change without an input event
     *  (a script, the webmail restoring a draft): check that text too. */
    contentChanged() {
      this.debounced();
      this.scheduleFrame();
    }

    onFrame() {
      const now = this.extract();
      if (now.text !== this.text) {
        this.warnings = C.shiftWarnings(this.warnings, this.text, now.text);
        this.text = now.text;
      }
      this.segments = now.segments;
      if (this.result)
        this.highlighter.draw(
          this.visibleWarnings(),
          this.segments,
          this.panel.dark,
          root.EtiquettePanelLabels.colorFor,
        );
      else this.highlighter.clear();
      // Placed after the boxes are drawn: a badge or card over the compose must stay off every one of them.
      if (this.needLayout || this.panelCoversHighlight()) {
        this.needLayout = false;
        this.layout();
      }
      this.panel.markCurrent(this.currentUnderCaret() || this.hovered);
    }

    /** Warning whose words hold the caret: its list item is marked so the two views stay linked. */
    currentUnderCaret() {
      const r = this.savedRange;
      if (!r || !this.warnings.length) return null;
      const seg = this.segments.find((s) => s.node === r.startContainer);
      if (!seg) return null;
      const pos = seg.start + r.startOffset;
      return this.visibleWarnings().find((w) => !w.whole && w.start <= pos && pos <= w.end) || null;
    }

    layout() {
      const rr = this.root.getBoundingClientRect();
      if (!rr.width && !rr.height) return;
      const avoid = [];
      const send = this.adapter.send(this.root);
      if (send) avoid.push(send.getBoundingClientRect());
      let earlier = true;
      for (const other of this.env.allComposes()) {
        if (other === this) {
          earlier = false;
          continue;
        }
        avoid.push(other.root.getBoundingClientRect());
        const os = other.adapter.send(other.root);
        if (os) avoid.push(os.getBoundingClientRect());
        // Nor on the panel of an older compose (older ones never move for newer ones: no see-saw).
        if (earlier && other.placed) avoid.push(other.placed);
      }
      const size = {
        width: 320,
        minHeight: this.panel.collapsed ? 48 : 180,
        maxHeight: this.panel.collapsed ? 60 : 520,
      };
      const p = root.EtiquettePlacement.placePanel(
        rr,
        { width: innerWidth, height: innerHeight },
        avoid,
        size,
        { keepClear: this.highlighter.rects(), open: this.panel.opened, badge: this.panel.badgeSize },
      );
      this.panel.place(p);
      // Other panels avoid where this card really is (its height follows its content).
      const cr = this.panel.cardRect();
      this.placed = { left: cr.left, top: cr.top, right: cr.right, bottom: cr.bottom };
    }

    /** The badge or the card placed over the compose now sits on a flagged word (the user typed, scrolled). */
    panelCoversHighlight() {
      if (this.panel.placement !== 'badge' && this.panel.placement !== 'over') return false;
      const r = this.panel.cardRect();
      return this.highlighter.rects().some((b) => root.EtiquettePlacement.intersects(r, b));
    }

    // ----------------------------------------------------------------------------------------
    rememberSelection(sel) {
      if (!sel || !sel.rangeCount) return;
      const r = sel.getRangeAt(0);
      if (this.editor.contains(r.startContainer)) {
        this.savedRange = r.cloneRange();
        if (this.warnings.length) this.scheduleFrame();
      }
    }

    domRange(w) {
      const loc = C.locateRange(this.segments, w.start, w.end);
      if (!loc) return null;
      const r = document.createRange();
      r.setStart(loc.startNode, loc.startOffset);
      r.setEnd(loc.endNode, loc.endOffset);
      return r;
    }

    /** Fresh text and segments, and the warning's words in them (null when they changed). */
    refreshFor(w) {
      const now = this.extract();
      if (now.text !== this.text) {
        this.warnings = C.shiftWarnings(this.warnings, this.text, now.text);
        this.text = now.text;
      }
      this.segments = now.segments;
      const current =
        this.warnings.find((x) => x.rule === w.rule && x.offset === w.offset) ||
        this.warnings.find((x) => x.rule === w.rule && x.excerpt === w.excerpt) ||
        null;
      if (!current || current.whole) return current;
      if (this.text.slice(current.start, current.end) !== current.excerpt) return null;
      return current;
    }

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
    }

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
    }

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
      // Through the editor's own input pipeline: the webmail sees a normal edit, saves the draft,
      // and Ctrl+Z undoes it.
      let done;
      // "Remove this sentence" is the empty replacement: the editor's own delete, also undoable.
      try {
        done =
          replacement === ''
            ? document.execCommand('delete')
            : document.execCommand('insertText', false, replacement);
      } catch (e) {
        done = false;
      }
      if (!done) {
        range.deleteContents();
        if (replacement) range.insertNode(document.createTextNode(replacement));
        this.editor.dispatchEvent(
          new InputEvent('input', { bubbles: true, inputType: 'insertReplacementText', data: replacement }),
        );
      }
      this.checkNow(false);
    }

    async addWord(w) {
      const reply = await ask({ type: 'addWord', word: w.excerpt });
      if (reply.ok) this.checkNow(true);
      else this.panel.say('Could not save the word: ' + (reply.error || 'unknown error'));
    }

    /** Where the user's own text ends (before quotes/signature): a collapsed Range, or null. */
    endOfOwnText(ex) {
      const last = ex.segments[ex.segments.length - 1];
      if (!last) return null;
      const r = document.createRange();
      r.setStart(last.node, last.end - last.start);
      r.collapse(true);
      return r;
    }

    async insertTemplate(id) {
      const reply = await ask({ type: 'render', id, context: this.context() });
      if (!this.alive) return;
      if (!reply.ok) {
        if (reply.status === 'offline') this.goOffline(reply);
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
        let ok;
        this.inserting = true;
        try {
          ok = document.execCommand('insertText', false, text);
        } catch (e) {
          ok = false;
        } finally {
          this.inserting = false;
        }
        // Its blanks are a to-do list ("3 blanks to fill") until the user edits the draft.
        this.templateFresh = true;
        if (!ok) {
          const r = sel.rangeCount ? sel.getRangeAt(0) : null;
          if (r) {
            r.deleteContents();
            r.insertNode(document.createTextNode(text));
          }
          this.editor.dispatchEvent(
            new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }),
          );
        }
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
    }

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
    }

    inExcluded(node) {
      for (
        let e = node.nodeType === 1 ? node : node.parentElement;
        e && e !== this.editor;
        e = e.parentElement
      ) {
        if (this.adapter.classify(e)) return true;
      }
      return false;
    }

    fillSubject(subject) {
      const el = this.subjectEl;
      if (!el || !subject || (this.subject() || '').trim() !== '') return;
      if ('value' in el) {
        // React-controlled inputs (Outlook) ignore a plain `.value =`; use the native setter.
        const proto =
          el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
        const setter = Object.getOwnPropertyDescriptor(proto, 'value').set;
        setter.call(el, subject);
      } else {
        el.textContent = subject;
      }
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }

    isConnected() {
      return this.editor.isConnected && this.root.isConnected;
    }

    destroy() {
      if (!this.alive) return;
      // A webmail that sends on the press itself closes the compose before the button ever sees
      // pointerup or click: a compose that vanishes right after an unheld Send press was sent.
      if (this.sendPressedAt && Date.now() - this.sendPressedAt < 3000) this.logSend('closed');
      this.alive = false;
      this.latest.invalidate();
      this.debounced.cancel();
      if (this.retryTimer) clearTimeout(this.retryTimer);
      if (this.lookupRetry) clearTimeout(this.lookupRetry);
      if (this.frame) {
        cancelAnimationFrame(this.frame);
        clearTimeout(this.frameTimer);
        this.frame = 0;
      }
      this.editor.removeEventListener('input', this.onInput);
      if (this.subjectEl) this.subjectEl.removeEventListener('input', this.onSubject);
      document.removeEventListener('scroll', this.onScroll, true);
      for (const type of PRESS_EVENTS) root.removeEventListener(type, this.onSendClick, true);
      root.removeEventListener('keydown', this.onSendKey, true);
      this.resizeObserver.disconnect();
      this.highlighter.clear();
      this.panel.destroy();
    }
  }

  root.EtiquetteCompose = { Compose, ask };
})(globalThis);
