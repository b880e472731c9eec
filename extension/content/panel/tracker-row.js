/*
 * Interview tracker row: which interview this compose is about, "Edit" / "Track interview",
 * "Mark as sent", and what was logged. Hidden while nothing is known (no recipient, checker offline
 * before the first answer), so a plain compose looks as before; nothing shows before the user's own
 * input in this compose (Compose.noteUserAction). Tracker text is drawn with `shown()` (dom.js).
 */
(function (root) {
  'use strict';

  const { h, shown } = root.EtiquettePanelDom;
  const { kindText } = root.EtiquettePanelLabels;

  root.EtiquettePanel.extend({
    /** @param view {email, state: 'unknown'|'none'|'matched', interview, logged, revealed,
     *               lookup: ''|'matching'|'slow'|'not_paired'}; nothing shows until `revealed` (the
     *               user acted in this compose: see Compose.noteUserAction). */
    setTracker(view) {
      this.trackerView = view;
      const el = this.trackerEl;
      // An open form is the user's work in progress: an answer arriving meanwhile never replaces it.
      if (this.trackerForm && this.trackerForm.isConnected) {
        this.updateTrackerStatus();
        return;
      }
      // Every check answer restates the interview: redraw only when something shows differently, so
      // keyboard focus on "Edit" or "Mark as sent" survives the user typing.
      const iv = view && view.interview;
      const sig = view
        ? [
            view.email,
            view.state,
            view.revealed,
            view.lookup,
            iv && iv.id,
            iv && iv.updated_at,
            iv && iv.company,
            iv && iv.position,
            iv && iv.interviewer,
          ].join('|')
        : '';
      if (sig === this.trackerSig && el.isConnected) {
        this.updateTrackerStatus();
        return;
      }
      this.trackerSig = sig;
      el.textContent = '';
      if (!view || !view.email || !view.revealed || (view.state === 'unknown' && !view.lookup)) {
        el.hidden = true;
        el.removeAttribute('data-etiquette-interview');
        el.removeAttribute('data-interview-id');
        return;
      }
      el.hidden = false;
      if (view.state === 'unknown') {
        // Still looking the recipient up (or cannot): say so, instead of silently giving no timing advice.
        el.setAttribute('data-etiquette-interview', view.lookup);
        el.removeAttribute('data-interview-id');
        if (view.lookup === 'not_paired') {
          el.append(
            h(
              'div',
              { class: 't-row' },
              h(
                'span',
                { class: 't-what' },
                h('strong', null, shown('Interview tracker')),
                shown(' needs pairing once'),
              ),
              h(
                'button',
                {
                  class: 'link',
                  type: 'button',
                  'data-etiquette-action': 'open-options',
                  onclick: () => this.actions.openOptions(),
                },
                'Options',
              ),
            ),
            h(
              'div',
              { class: 't-note' },
              'Run ',
              h('code', { text: 'etiquette pair' }),
              ' and enter the code it prints in Options. Checks work meanwhile.',
            ),
          );
        } else {
          el.append(
            h(
              'div',
              { class: 't-row' },
              h(
                'span',
                { class: 't-what' },
                h('strong', null, shown('Interview tracker')),
                shown(
                  view.lookup === 'slow' ? ' slow: still trying. Checks go on without it.' : ' matching…',
                ),
              ),
            ),
          );
        }
        this.statusLine = h('div', { class: 't-note', role: 'status' });
        el.append(this.statusLine);
        this.updateTrackerStatus();
        return;
      }
      el.setAttribute('data-etiquette-interview', view.state);
      if (view.state === 'matched') {
        const iv = view.interview;
        el.setAttribute('data-interview-id', String(iv.id));
        const what = [iv.position, iv.interviewer].filter(Boolean).join(' · ');
        el.append(
          h(
            'div',
            { class: 't-row' },
            h(
              'span',
              { class: 't-what', title: 'Tracked interview for ' + view.email },
              shown('Interview: '),
              h('strong', null, shown(iv.company)),
              what ? shown(' · ' + what) : null,
            ),
            h(
              'button',
              {
                class: 'link',
                type: 'button',
                'data-etiquette-action': 'edit-interview',
                'aria-label': 'Edit the interview with ' + iv.company,
                onclick: () => this.openInterviewForm(iv),
              },
              'Edit',
            ),
            h(
              'button',
              {
                class: 'tpl',
                type: 'button',
                'data-etiquette-action': 'mark-sent',
                title: 'Log this message as sent (if Send was not noticed)',
                'aria-label': 'Mark this message as sent',
                onclick: () => this.actions.markSent(),
              },
              'Mark as sent',
            ),
          ),
        );
      } else {
        el.removeAttribute('data-interview-id');
        el.append(
          h(
            'div',
            { class: 't-row' },
            h('span', { class: 't-what' }, shown('Not tracked: ' + view.email)),
            h(
              'button',
              {
                class: 'tpl',
                type: 'button',
                'data-etiquette-action': 'create-interview',
                'aria-label': 'Track the interview with ' + view.email,
                onclick: () => this.openInterviewForm(null),
              },
              'Track interview',
            ),
          ),
        );
      }
      this.statusLine = h('div', { class: 't-note', role: 'status' });
      el.append(this.statusLine);
      this.updateTrackerStatus();
    },

    /** The status line under the row: what became of the last Send (compose/send-log.js words it). */
    updateTrackerStatus() {
      const line = this.statusLine;
      const logged = this.trackerView && this.trackerView.logged;
      if (!line || !logged) return;
      const said = root.EtiquetteSendLog.describe(logged, kindText(logged.kind));
      line.textContent = said.text;
      line.setAttribute('data-etiquette-logged', said.state);
      if (logged.failed) line.setAttribute('data-failed', '');
      else line.removeAttribute('data-failed');
    },

    /** A short message under the tracker row ("Already logged."). */
    trackerNote(text) {
      if (this.statusLine && this.statusLine.isConnected) {
        this.statusLine.removeAttribute('data-etiquette-logged');
        this.statusLine.textContent = text;
      } else this.say(text);
    },
  });
})(globalThis);
