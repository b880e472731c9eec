/*
 * One compose window: its editor, subject, panel and highlights. This file holds its state, wires the
 * panel's actions and the page's events to it, and tears it down; each behaviour extends Compose from
 * a file of its own in content/compose/ (listed in the manifest after this one):
 *
 *   check-loop.js     the draft to the backend once the user pauses, newest answer wins, offline back-off
 *   layout.js         one animation frame per change: warnings follow their words, boxes, panel placement
 *   selection.js      the caret, a warning's words selected and scrolled into view, "Next blank"
 *   fixes.js          apply a suggestion, add a word, ignore
 *   insert-text.js    the one edit through the editor's own command (undoable), with its fallback
 *   templates.js      insert a thank-you / follow-up where the user's own text is
 *   subject.js        read and fill the subject field
 *   tracker-link.js   the recipient's interview: lookup, create, edit
 *   send-hooks.js     which trusted input is a Send (and the Alt+Shift+E shortcut)
 *   send-guard.js     hold a Send once while the verdict is "fix"
 *   send-log.js       log a Send with its interview, once; what became of it
 *   add-to-calendar.js the next step as an .ics file
 *
 * Per keystroke we only (re)arm the debounce timer and ask for one animation frame; the frame
 * re-reads the text, keeps the existing warnings attached to their words across the edit, and
 * redraws the boxes. The backend is asked once the user pauses (DEBOUNCE_MS), and only the newest
 * answer is drawn.
 */
(function (root) {
  'use strict';

  const { report } = root.EtiquetteReport;
  const C = root.EtiquetteCore;
  const DEBOUNCE_MS = 250;
  const { ask } = root.EtiquetteMessaging;

  let composeSeq = 0;
  function newComposeId() {
    try {
      if (root.crypto && root.crypto.randomUUID) return root.crypto.randomUUID().replace(/-/g, '');
    } catch (e) {
      report(e, 'compose: randomUUID'); // the id below will do
    }
    return Date.now().toString(36) + Math.random().toString(36).slice(2) + ++composeSeq;
  }

  class Compose {
    constructor(adapter, editor, env) {
      this.adapter = adapter;
      this.editor = editor;
      this.env = env; // {allComposes(): Compose[], orphaned(), budget} from watch/page-watcher.js
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
      this.inFlight = 0; // the ticket of the check on its way (check-loop.js), 0 when none
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

      this.panel = new root.EtiquettePanel.Panel(
        this.panelActions(),
        adapter.isInline(this.root, editor) ? 'reply' : '',
      );
      this.highlighter = new root.EtiquetteHighlighter.Highlighter(this.panel.layer, editor);
      this.threadDates = new root.EtiquetteThreadDates.ThreadDates(this);
      this.panel.setTheme(root.EtiquetteTheme.isDark(this.root));
      this.panel.attach();

      this.watchEditor();
      this.installSendHooks();
      this.layout();
      this.watchRecipients();
      this.check(true);
    }

    /** What the panel's controls do (content/panel/*.js call these, on trusted events only). */
    panelActions() {
      return {
        select: (w) => this.select(w),
        apply: (w, s) => this.apply(w, s),
        ignore: (w) => this.ignore(w),
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
      };
    }

    /** Typing, a subject edit, scrolling and resizing: a check after the pause, boxes on the next frame. */
    watchEditor() {
      const editor = this.editor;
      this.debounced = C.debounce(() => this.check(false), DEBOUNCE_MS);
      this.onInput = (e) => {
        if (e.isTrusted) this.noteUserAction();
        if (e.isTrusted && !this.inserting) this.templateFresh = false; // the user has touched the draft
        this.debounced();
        this.notePending();
        this.scheduleFrame();
      };
      this.onSubject = () => {
        this.debounced();
        this.notePending();
      };
      this.onScroll = () => this.scheduleFrame(true);
      editor.addEventListener('input', this.onInput);
      this.subjectEl = this.adapter.subject(this.root);
      if (this.subjectEl) this.subjectEl.addEventListener('input', this.onSubject);
      // Scrolling anywhere (the editor, the thread, the window) moves the words under the boxes.
      document.addEventListener('scroll', this.onScroll, true);
      this.resizeObserver = new ResizeObserver(() => this.scheduleFrame(true));
      this.resizeObserver.observe(this.root);
      this.resizeObserver.observe(editor);
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

    /** Still in the page (a webmail removes a compose window it closed). */
    isConnected() {
      return this.editor.isConnected && this.root.isConnected;
    }

    /** The compose window is gone: every timer, listener and node of ours goes too. */
    destroy() {
      if (!this.alive) return;
      this.logSendOnClose();
      this.alive = false;
      this.latest.invalidate();
      this.debounced.cancel();
      if (this.retryTimer) clearTimeout(this.retryTimer);
      if (this.budgetTimer) clearTimeout(this.budgetTimer);
      if (this.lookupRetry) clearTimeout(this.lookupRetry);
      if (this.frame) {
        cancelAnimationFrame(this.frame);
        clearTimeout(this.frameTimer);
        this.frame = 0;
      }
      this.editor.removeEventListener('input', this.onInput);
      if (this.subjectEl) this.subjectEl.removeEventListener('input', this.onSubject);
      document.removeEventListener('scroll', this.onScroll, true);
      this.removeSendHooks();
      this.resizeObserver.disconnect();
      this.highlighter.clear();
      this.panel.destroy();
    }
  }

  /** Adds one behaviour's methods to Compose (the files in content/compose/); a name given twice is a mistake. */
  function extend(methods) {
    for (const name of Object.keys(methods)) {
      if (name in Compose.prototype) throw new Error('EtiquetteCompose: ' + name + ' is defined twice');
      Compose.prototype[name] = methods[name];
    }
  }

  root.EtiquetteCompose = { Compose, extend };
})(globalThis);
