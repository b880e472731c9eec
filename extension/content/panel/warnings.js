/*
 * The panel's list: the verdict, what the draft reads as (and one click to correct it), the next step
 * from the tracked history, the warnings grouped by severity with their fixes, and which of them is
 * under the caret. Drawn again only when something shown changes (a signature of the answer), so
 * keyboard focus in the list survives typing.
 */
(function (root) {
  'use strict';

  const { h, trusted, shown } = root.EtiquettePanelDom;
  const Labels = root.EtiquettePanelLabels;
  const { verdictText, kindText, categoryText, colorFor } = Labels;

  // A warning keeps its backend offset while our copy follows the user's edits: a stable key.
  const itemKey = (w) => w.rule + ':' + w.offset + ':' + w.length;

  root.EtiquettePanel.extend({
    /** Nothing written yet: no verdict, just where to start. */
    renderEmpty() {
      this.badge.removeAttribute('data-etiquette-verdict');
      this.badge.textContent = 'Empty draft';
      this.setBadge(null, 0, '–');
      this.stats.textContent = '';
      this.lastSignature = '';
      this.bodyEl.textContent = '';
      this.bodyEl.append(
        h('div', {
          class: 'summary',
          text: 'Start writing and the etiquette check follows as you type, or insert a template below.',
        }),
      );
    },

    /** Draw a result. `warnings` are the visible ones (ignored ones already removed). */
    render(result, warnings) {
      const LABELS = Labels.current();
      const verdict = result.verdictShown;
      const blanks = result.blanks || [];
      const blanksText = blanks.length === 1 ? '1 blank to fill' : blanks.length + ' blanks to fill';
      this.badge.setAttribute('data-etiquette-verdict', verdict);
      this.badge.textContent = blanks.length ? blanksText : verdictText(verdict);
      if (blanks.length) this.badge.setAttribute('data-etiquette-state', 'blanks');
      else this.badge.removeAttribute('data-etiquette-state');
      this.setBadge(
        verdict,
        warnings.filter((w) => w.severity !== 'suggestion').length,
        blanks.length ? blanks.length + ' to fill' : '',
      );
      const st = result.stats || {};
      this.stats.textContent = Number.isInteger(st.words)
        ? st.words + (st.words === 1 ? ' word' : ' words')
        : '';
      const signature =
        verdict +
        '|' +
        blanks.length +
        '|' +
        result.kind +
        '|' +
        JSON.stringify(LABELS.verdicts) +
        '|' +
        (result.next_step ? result.next_step.message + result.next_step.reason : '') +
        '|' +
        warnings
          .map(
            (w) =>
              w.rule + ':' + w.start + ':' + w.end + ':' + w.message + ':' + (w.suggestions || []).join('/'),
          )
          .join('|');
      if (signature === this.lastSignature) return;
      this.lastSignature = signature;
      const C = root.EtiquetteCore;
      const groups = C.groupBySeverity(warnings, LABELS.groups);
      const frag = document.createDocumentFragment();
      const counts = groups.map((g) => g.items.length + ' ' + g.severity + (g.items.length === 1 ? '' : 's'));
      // What the draft was checked as, and one click to correct it (Not a thank-you?).
      const sw = LABELS.kind_switch[result.kind];
      const kindLine = kindText(result.kind)
        ? h(
            'span',
            { class: 'kind-line', 'data-etiquette-kind': result.kind },
            (result.kindChosen ? 'Checked as: ' : 'Reads as: ') +
              kindText(result.kind) +
              (this.isReply ? ' (reply)' : '') +
              ' ',
            sw && sw.label
              ? h(
                  'button',
                  {
                    class: 'link',
                    type: 'button',
                    'data-etiquette-action': 'switch-kind',
                    'data-kind': sw.to,
                    'aria-label': sw.label + ' Check it as: ' + kindText(sw.to),
                    onclick: () => this.actions.setKind(sw.to),
                  },
                  sw.label,
                )
              : null,
          )
        : null;
      if (blanks.length) {
        // A template's blanks: a to-do list with a way to step through them, not a list of errors.
        frag.append(
          h(
            'div',
            { class: 'notice blanks', role: 'status', 'data-etiquette-blanks': String(blanks.length) },
            h('strong', { text: blanksText }),
            ' from the template. ',
            h(
              'button',
              {
                class: 'fix',
                type: 'button',
                'data-etiquette-action': 'next-blank',
                onclick: () => this.actions.nextBlank(),
              },
              'Next blank',
            ),
          ),
        );
      }
      if (!warnings.length && blanks.length) {
        frag.append(h('div', { class: 'summary' }, kindLine));
      } else if (!warnings.length) {
        frag.append(
          h(
            'div',
            { class: 'summary' },
            kindLine,
            h('div', { class: 'empty', role: 'status', text: 'Nothing to fix. Polite, short and on topic.' }),
          ),
        );
      } else {
        frag.append(h('div', { class: 'summary' }, kindLine, h('strong', { text: counts.join(' · ') })));
      }
      // The next step from the tracked history comes first: it is about when to send at all.
      if (result.next_step && result.next_step.message) {
        const ns = result.next_step;
        // A dated step to send something goes in the user's calendar with one click (an .ics file).
        const dated = ns.date && (ns.action === 'follow_up' || ns.action === 'thank_you');
        frag.append(
          h(
            'div',
            {
              class: 'next',
              role: 'note',
              'data-etiquette-next-step': ns.action || '',
              'data-date': ns.date || null,
            },
            h('strong', null, shown('Next step: ')),
            shown(ns.message),
            ns.reason ? h('span', { class: 'reason' }, shown(ns.reason)) : null,
            dated
              ? h(
                  'button',
                  {
                    class: 'link cal',
                    type: 'button',
                    'data-etiquette-action': 'add-to-calendar',
                    'aria-label': 'Add to calendar: ' + ns.message,
                    onclick: () => this.actions.remind(),
                  },
                  'Add to calendar',
                )
              : null,
          ),
        );
      }
      this.itemByKey = new Map();
      this.currentItem = null;
      for (const g of groups) {
        const list = h('ul', { 'aria-label': g.title });
        for (const w of g.items) list.append(this.renderWarning(w));
        frag.append(
          h('div', { class: 'group', 'data-severity': g.severity }, h('h3', { text: g.title }), list),
        );
      }
      this.bodyEl.textContent = '';
      this.bodyEl.append(frag);
      this.live.textContent = verdictText(verdict) + (warnings.length ? ': ' + counts.join(', ') : '.');
    },

    /** One warning's list item: category, words, message, guideline, its fixes, Add to dictionary, Ignore. */
    renderWarning(w) {
      const C = root.EtiquetteCore;
      const color = colorFor(w.category, this.dark);
      const label = categoryText(w.category);
      // The words are shown once: in the message when it quotes them, else beside the category.
      const quoted = w.excerpt && w.message && w.message.indexOf(w.excerpt) >= 0;
      const main = h(
        'button',
        {
          class: 'w-main',
          type: 'button',
          title: w.whole ? 'About the whole draft' : 'Show these words in the draft',
          'aria-label': label + ': ' + w.message + (w.whole ? '' : ' — show in draft'),
          onclick: () => this.actions.select(w),
        },
        h(
          'span',
          { class: 'w-top' },
          h('span', { class: 'chip', text: label }),
          w.whole || !w.excerpt || quoted
            ? null
            : h('span', { class: 'excerpt', text: '“' + w.excerpt + '”' }),
        ),
        h('span', { class: 'msg', text: w.message }),
        w.guideline ? h('span', { class: 'guideline', text: w.guideline }) : null,
      );
      const acts = h('div', { class: 'w-actions' });
      if (!w.whole) {
        for (const s of (w.suggestions || []).slice(0, 3)) {
          acts.append(
            h(
              'button',
              {
                class: 'fix',
                type: 'button',
                'data-etiquette-suggestion': '',
                'aria-label':
                  s === '' ? 'Remove “' + w.excerpt + '”' : 'Replace “' + w.excerpt + '” with “' + s + '”',
                onclick: () => this.actions.apply(w, s),
              },
              s === '' ? (w.fix === 'remove_sentence' ? 'Remove this sentence' : '(remove)') : s,
            ),
          );
        }
      }
      if (C.isDictionaryCandidate(w)) {
        acts.append(
          h(
            'button',
            {
              class: 'link',
              type: 'button',
              'aria-label': 'Add “' + w.excerpt + '” to your dictionary',
              onclick: () => this.actions.addWord(w),
            },
            'Add to dictionary',
          ),
        );
      }
      acts.append(
        h(
          'button',
          {
            class: 'link',
            type: 'button',
            'aria-label': 'Ignore this for this draft',
            onclick: () => this.actions.ignore(w),
          },
          'Ignore',
        ),
      );
      const li = h(
        'li',
        {
          class: 'warning',
          'data-etiquette-warning': '',
          'data-category': w.category,
          'data-rule': w.rule,
          'data-severity': w.severity,
        },
        main,
        acts,
      );
      li.style.setProperty('--cat', color);
      li.addEventListener(
        'mouseenter',
        trusted(() => this.actions.hover(w)),
      );
      li.addEventListener(
        'mouseleave',
        trusted(() => this.actions.hover(null)),
      );
      this.itemByKey.set(itemKey(w), li);
      return li;
    },

    /** Marks the warning under the caret (or the mouse) and, when `follow` (the caret's), scrolls the
     *  list to it — the list only, never the page, and only when it changes, so typing inside a flagged
     *  word stays calm. */
    markCurrent(w, follow) {
      const li = w ? this.itemByKey.get(itemKey(w)) || null : null;
      if (li === this.currentItem) return;
      if (this.currentItem) this.currentItem.classList.remove('current');
      this.currentItem = li;
      if (!li) return;
      li.classList.add('current');
      if (this.collapsed || !follow) return;
      const body = this.bodyEl;
      const top = li.offsetTop - body.offsetTop;
      if (top < body.scrollTop) body.scrollTop = top;
      else if (top + li.offsetHeight > body.scrollTop + body.clientHeight)
        body.scrollTop = top + li.offsetHeight - body.clientHeight;
    },
  });
})(globalThis);
