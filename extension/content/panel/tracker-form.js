/*
 * The compact interview form in the tracker row: create (pre-filled from the compose) or edit. Saved
 * only on the user's own submit; an answer arriving while it is open never replaces it (tracker-row.js).
 */
(function (root) {
  'use strict';

  const { report } = root.EtiquetteReport;
  const { h, trusted } = root.EtiquettePanelDom;

  root.EtiquettePanel.extend({
    /** The compact form: create (interview null, pre-filled from the compose) or edit. */
    openInterviewForm(interview) {
      const C = root.EtiquetteCore;
      const v = interview
        ? {
            company: interview.company || '',
            position: interview.position || '',
            interviewer: interview.interviewer || '',
            interview_at: C.isoToLocalInput(interview.interview_at),
            decision_by: (interview.decision_by || '').slice(0, 10),
            stage: interview.stage || 'interviewed',
          }
        : this.actions.prefill();
      const el = this.trackerEl;
      el.textContent = '';
      el.hidden = false;
      this.trackerSig = null;
      const field = (name, label, input, wide) => {
        input.setAttribute('data-etiquette-field', name);
        input.name = name;
        return h('label', { class: wide ? 'wide' : null }, label, input);
      };
      const input = (type, value, extra) =>
        h('input', Object.assign({ type, value: value || '' }, extra || {}));
      const stage = h('select', null);
      for (const st of C.STAGES) {
        const o = h('option', { value: st, text: st[0].toUpperCase() + st.slice(1) });
        if (st === v.stage) o.selected = true;
        stage.append(o);
      }
      const err = h('div', { class: 't-err', role: 'alert' });
      const save = h(
        'button',
        { class: 'fix', type: 'submit', 'data-etiquette-action': 'save-interview' },
        interview ? 'Save' : 'Track interview',
      );
      const form = h(
        'form',
        {
          class: 't-form',
          'aria-label': interview ? 'Edit the interview' : 'Track this interview',
          novalidate: true,
        },
        field(
          'company',
          'Company',
          input('text', v.company, { required: true, maxlength: 200, autocomplete: 'off' }),
          true,
        ),
        field('position', 'Position', input('text', v.position, { maxlength: 200, autocomplete: 'off' })),
        field(
          'interviewer',
          'Interviewer',
          input('text', v.interviewer, { maxlength: 200, autocomplete: 'off' }),
        ),
        field('interview_at', 'Interview date and time', input('datetime-local', v.interview_at)),
        field('decision_by', 'Decision expected by', input('date', v.decision_by)),
        field('stage', 'Stage', stage),
        err,
        h(
          'div',
          { class: 'row' },
          save,
          h(
            'button',
            {
              class: 'link',
              type: 'button',
              'data-etiquette-action': 'cancel-interview',
              onclick: () => this.closeInterviewForm(),
            },
            'Cancel',
          ),
        ),
      );
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        if (!e.isTrusted) return;
        const data = {};
        for (const k of ['company', 'position', 'interviewer', 'interview_at', 'decision_by', 'stage'])
          data[k] = form.elements[k].value;
        if (!data.company.trim()) {
          err.textContent = 'The company is needed.';
          form.elements.company.focus();
          return;
        }
        save.disabled = true;
        err.textContent = '';
        let problem;
        try {
          problem = await this.actions.saveInterview(data);
        } catch (x) {
          report(x, 'tracker-form: saving');
          problem = 'Not saved.';
        }
        save.disabled = false;
        if (problem) {
          err.textContent = problem;
          return;
        }
        this.closeInterviewForm(true);
      });
      form.addEventListener(
        'keydown',
        trusted((e) => {
          // Escape closes the form, not the whole panel.
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            this.closeInterviewForm();
          }
        }),
      );
      el.append(
        h(
          'div',
          { class: 't-row' },
          h(
            'span',
            { class: 't-what' },
            h('strong', { text: interview ? 'Edit interview' : 'Track this interview' }),
            interview ? '' : ' (' + ((this.trackerView && this.trackerView.email) || '') + ')',
          ),
        ),
        form,
      );
      this.trackerForm = form;
      if (this.collapsed) this.setCollapsed(false, true);
      form.elements.company.focus();
    },

    /** Back to the tracker row, focus on its first button ("Mark as sent" after a save). */
    closeInterviewForm(saved) {
      this.trackerForm = null;
      this.trackerSig = null;
      this.setTracker(this.trackerView);
      const target = this.trackerEl.querySelector(
        saved ? '[data-etiquette-action="mark-sent"], button' : 'button',
      );
      if (target) target.focus();
    },
  });
})(globalThis);
