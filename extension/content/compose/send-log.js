/*
 * Send logging, content side: the message sent goes into the tracker with its interview (on a Send the
 * hooks saw, the panel's "Mark as sent", or a compose closed right after a Send press), at most once
 * per compose and draft; what became of it (logged, queued in the worker's outbox, given up) is shown
 * in the tracker row. The worker's outbox (background/worker.js) retries a queued one; main.js hands
 * its word back here (outboxResult).
 */
(function (root) {
  'use strict';

  const { report } = root.EtiquetteReport;
  const { ask } = root.EtiquetteMessaging;
  const C = root.EtiquetteCore;

  /**
   * What the tracker row says about the last Send (content/panel/tracker-row.js shows it).
   * @param logged {kind, at, queued, failed, reason} as logSend and outboxResult keep it
   * @param kindLabel the backend's name for its kind ('' when unknown)
   * @returns {text, state}: state is 'failed', 'queued' or the kind logged (the data-etiquette-logged hook)
   */
  function describe(logged, kindLabel) {
    const label = kindLabel || 'Message';
    const at = new Date(logged.at);
    const time = isNaN(at.getTime()) ? '' : at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    const text = logged.failed
      ? 'Could not log the sent message' + (logged.reason ? ': ' + logged.reason : '') + '.'
      : logged.queued
        ? label + ' sent at ' + time + ': not logged yet, the tracker is busy or away. We keep trying.'
        : label + ' logged as sent at ' + time + '.';
    return { text, state: logged.failed ? 'failed' : logged.queued ? 'queued' : logged.kind };
  }

  root.EtiquetteSendLog = { describe };

  root.EtiquetteCompose.extend({
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
          .catch((e) => report(e, 'send-log: showing the answer'));
      } catch (e) {
        // Logging is a bonus; the Send itself must never see an error from us.
        report(e, 'send-log: logging a Send');
      }
    },

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
    },

    /** A webmail that sends on the press itself closes the compose before the button ever sees
     *  pointerup or click: a compose that vanishes right after an unheld Send press was sent. */
    logSendOnClose() {
      if (this.sendPressedAt && Date.now() - this.sendPressedAt < 3000) this.logSend('closed');
    },
  });
})(globalThis);
