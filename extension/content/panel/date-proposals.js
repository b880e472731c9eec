/*
 * Dates the employer's quoted message gives (content/thread-dates.js), each offered with one button;
 * nothing is stored without that click.
 */
(function (root) {
  'use strict';

  const { report } = root.EtiquetteReport;
  const { h } = root.EtiquettePanelDom;

  root.EtiquettePanel.extend({
    /**
     * Dates the employer's quoted message gives, each offered with one button (content/thread-dates.js).
     * @param list [{field, value, text, button, evidence}]; accept(p) answers an error text or ''
     */
    setProposals(list, accept, dismiss) {
      const sig = list.map((p) => p.field + '=' + p.value).join('|');
      if (sig === this.proposalSig) return;
      this.proposalSig = sig;
      const el = this.proposalEl;
      el.textContent = '';
      el.hidden = !list.length;
      for (const p of list) {
        const err = h('div', { class: 't-err', role: 'alert' });
        const use = h(
          'button',
          {
            class: 'fix',
            type: 'button',
            'data-etiquette-action': 'use-date',
            'data-field': p.field,
            onclick: async () => {
              use.disabled = true;
              let problem;
              try {
                problem = await accept(p);
              } catch (x) {
                report(x, 'date-proposals: using a date');
                problem = 'Not saved.';
              }
              use.disabled = false;
              err.textContent = problem || '';
            },
          },
          p.button,
        );
        el.append(
          h(
            'div',
            {
              class: 'proposal',
              'data-etiquette-proposal': '',
              'data-field': p.field,
              'data-value': p.value,
            },
            h('div', { text: p.text }),
            p.evidence ? h('div', { class: 'said', text: '“' + p.evidence + '”' }) : null,
            h(
              'div',
              { class: 'row' },
              use,
              h(
                'button',
                {
                  class: 'link',
                  type: 'button',
                  'data-etiquette-action': 'dismiss-date',
                  onclick: () => dismiss(p),
                },
                'Not now',
              ),
            ),
            err,
          ),
        );
      }
    },
  });
})(globalThis);
