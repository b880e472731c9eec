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
      const row = this.trackerRow(view);
      el.setAttribute('data-etiquette-interview', row.state);
      if (row.id) el.setAttribute('data-interview-id', row.id);
      else el.removeAttribute('data-interview-id');
      el.append(
        h(
          'div',
          { class: 't-row' },
          h('span', { class: 't-what', title: row.title || null }, ...row.what),
          ...row.buttons.map((b) =>
            h(
              'button',
              {
                class: b.cls,
                type: 'button',
                'data-etiquette-action': b.action,
                title: b.title || null,
                'aria-label': b.aria || null,
                onclick: b.onclick,
              },
              b.label,
            ),
          ),
        ),
      );
      if (row.note) el.append(h('div', { class: 't-note' }, ...row.note));
      this.statusLine = h('div', { class: 't-note', role: 'status' });
      el.append(this.statusLine);
      this.updateTrackerStatus();
    },

    /** What the row says for `view` (shown): its state hook, interview id, words, buttons and note. */
    trackerRow(view) {
      const tracker = h('strong', null, shown('Interview tracker'));
      if (view.state === 'unknown' && view.lookup === 'not_paired')
        return {
          state: view.lookup,
          what: [tracker, shown(' needs pairing once')],
          buttons: [
            {
              action: 'open-options',
              cls: 'link',
              label: 'Options',
              onclick: () => this.actions.openOptions(),
            },
          ],
          note: [
            'Run ',
            h('code', { text: 'etiquette pair' }),
            ' and enter the code it prints in Options. Checks work meanwhile.',
          ],
        };
      // Still looking the recipient up (or cannot): say so, instead of silently giving no timing advice.
      if (view.state === 'unknown')
        return {
          state: view.lookup,
          what: [
            tracker,
            shown(view.lookup === 'slow' ? ' slow: still trying. Checks go on without it.' : ' matching…'),
          ],
          buttons: [],
        };
      if (view.state === 'matched') {
        const iv = view.interview;
        const what = [iv.position, iv.interviewer].filter(Boolean).join(' · ');
        return {
          state: view.state,
          id: String(iv.id),
          title: 'Tracked interview for ' + view.email,
          what: [
            shown('Interview: '),
            h('strong', null, shown(iv.company)),
            what ? shown(' · ' + what) : null,
          ],
          buttons: [
            {
              action: 'edit-interview',
              cls: 'link',
              label: 'Edit',
              aria: 'Edit the interview with ' + iv.company,
              onclick: () => this.openInterviewForm(iv),
            },
            {
              action: 'mark-sent',
              cls: 'tpl',
              label: 'Mark as sent',
              title: 'Log this message as sent (if Send was not noticed)',
              aria: 'Mark this message as sent',
              onclick: () => this.actions.markSent(),
            },
          ],
        };
      }
      return {
        state: view.state,
        what: [shown('Not tracked: ' + view.email)],
        buttons: [
          {
            action: 'create-interview',
            cls: 'tpl',
            label: 'Track interview',
            aria: 'Track the interview with ' + view.email,
            onclick: () => this.openInterviewForm(null),
          },
        ],
      };
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
