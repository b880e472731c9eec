/*
 * The panel's notice area, above the warnings: the checker offline (and how to start it), an error
 * from the last request, a small question (before a template goes into a non-empty draft) and the
 * pre-send guard's "Review" / "Send anyway". One notice at a time; each replaces the last.
 */
(function (root) {
  'use strict';

  const { h } = root.EtiquettePanelDom;

  root.EtiquettePanel.extend({
    /** The checker is unreachable: why (`detail.reason`), how to start it, Retry and Options. */
    renderOffline(detail) {
      this.offlineShown = true;
      this.lastSignature = '';
      this.bodyEl.textContent = '';
      this.layer.textContent = '';
      const box = h('div', { class: 'offline', role: 'status' });
      if (detail && detail.reason === 'unauthorized') {
        box.append(
          h('p', null, h('strong', { text: 'The checker refused our token.' })),
          h('p', { text: 'Set the token shown by the backend in the extension options.' }),
        );
      } else if (detail && detail.reason === 'config') {
        box.append(
          h('p', null, h('strong', { text: 'Backend address not allowed.' })),
          h('p', { text: detail.error || '' }),
        );
      } else {
        box.append(
          h('p', null, h('strong', { text: 'The etiquette checker is not running.' })),
          h(
            'p',
            null,
            'Run ',
            h('code', { text: 'etiquette service install' }),
            ' once and it starts with your computer; to start it now, run ',
            h('code', { text: 'etiquette serve' }),
            '. Your typing is not affected; we retry on our own.',
          ),
        );
      }
      box.append(
        h(
          'div',
          { class: 'row' },
          h('button', { class: 'fix', type: 'button', onclick: () => this.actions.retry() }, 'Retry now'),
          h(
            'button',
            { class: 'link', type: 'button', onclick: () => this.actions.openOptions() },
            'Options',
          ),
        ),
      );
      this.noticeEl.textContent = '';
      this.noticeEl.append(box);
      this.live.textContent = 'Etiquette checker offline.';
    },

    /** A small inline question (used before inserting a template into a non-empty draft). */
    ask(text, choices) {
      this.noticeEl.textContent = '';
      const row = h('div', { class: 'row' });
      const box = h(
        'div',
        { class: 'notice', role: 'alertdialog', 'aria-label': text },
        h('div', { text }),
        row,
      );
      for (const c of choices) {
        row.append(
          h(
            'button',
            {
              class: c.primary ? 'fix' : 'link',
              type: 'button',
              'data-etiquette-choice': c.id,
              onclick: () => {
                this.noticeEl.textContent = '';
                c.run();
              },
            },
            c.label,
          ),
        );
      }
      this.noticeEl.append(box);
      const btn = row.querySelector('button');
      if (btn) btn.focus();
    },

    /** The pre-send notice: what still needs fixing, "Review" and "Send anyway". */
    guard(errors, sendAnyway, review) {
      this.noticeEl.textContent = '';
      const n = errors.length;
      const first = errors[0];
      const box = h(
        'div',
        {
          class: 'notice guard',
          role: 'alertdialog',
          'data-etiquette-guard': '',
          'aria-label': 'Before you send',
        },
        h('strong', {
          text: n === 1 ? 'One thing to fix before sending' : n + ' things to fix before sending',
        }),
        first ? h('div', { text: first.message }) : null,
        h(
          'div',
          { class: 'row' },
          h(
            'button',
            {
              class: 'fix',
              type: 'button',
              onclick: () => {
                this.noticeEl.textContent = '';
                review();
              },
            },
            'Review',
          ),
          h(
            'button',
            {
              class: 'link',
              type: 'button',
              'data-etiquette-action': 'send-anyway',
              onclick: () => {
                this.noticeEl.textContent = '';
                sendAnyway();
              },
            },
            'Send anyway',
          ),
        ),
      );
      this.noticeEl.append(box);
      const btn = box.querySelector('button');
      if (btn) btn.focus();
    },

    /** An error message in the notice area ('' clears it). */
    say(text) {
      this.noticeEl.textContent = '';
      if (text)
        this.noticeEl.append(h('div', { class: 'notice', role: 'status', 'data-kind': 'error', text }));
    },

    /** A successful answer ends an earlier error message (not a question or the send guard). */
    clearError() {
      const n = this.noticeEl.firstElementChild;
      if (n && n.getAttribute('data-kind') === 'error') this.noticeEl.textContent = '';
    },
  });
})(globalThis);
