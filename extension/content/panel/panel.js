/*
 * The etiquette panel: one per compose window, in a CLOSED shadow root on a host element of ours that
 * is appended to <body> — never inside the editor, and styled only from inside the shadow root so
 * the webmail's CSS and ours cannot leak into each other. The highlight layer lives in the same shadow
 * root (see highlighter.js).
 *
 * The page cannot read or drive it (issue 11): the root is closed, so page scripts get no reference to
 * anything inside (`host.shadowRoot` is null, events leaving it are retargeted to the host), and every
 * handler acts only on a trusted event, i.e. the user's own input. The host is a plain <div> (not a
 * custom element name a page could define first) carrying the `data-etiquette-panel` hook; tests reach
 * the inside from the content script's own world (e2e/etq_probes.py).
 * Even a closed root's text is found by the page's `window.find(guess)`, so what comes from the tracker
 * (the tracker row, the next step) is drawn as CSS generated content (`shown()`), which find-in-page
 * and selections never see and screen readers still read; the card is not selectable by script.
 *
 * The panel is built with createElement/textContent only (dom.js). This file is the card itself: host,
 * header, footer, badge, collapse and placement, status. Its other parts extend Panel, one file each:
 * styles.js, labels.js, warnings.js (the list), notices.js (offline, errors, questions, the send guard),
 * tracker-row.js, tracker-form.js, date-proposals.js.
 */
(function (root) {
  'use strict';

  const { h, trusted } = root.EtiquettePanelDom;
  const { verdictText } = root.EtiquettePanelLabels;

  class Panel {
    get badgeSize() {
      return { width: 56, height: 28 };
    }

    /**
     * @param actions callbacks: select(w), apply(w, text), ignore(w), addWord(w), insert(templateId),
     *                retry(), toggle(collapsed), hover(w|null)
     */
    constructor(actions, label) {
      this.actions = actions;
      this.host = document.createElement('div');
      this.host.setAttribute('data-etiquette-panel', '');
      this.host.setAttribute('data-etiquette-overlay', '');
      // The host itself takes no space and no clicks; only the card inside does.
      const hs = this.host.style;
      for (const [k, v] of [
        ['position', 'fixed'],
        ['left', '0'],
        ['top', '0'],
        ['width', '0'],
        ['height', '0'],
        ['margin', '0'],
        ['padding', '0'],
        ['border', '0'],
        ['display', 'block'],
        ['z-index', '2147483000'],
        ['pointer-events', 'none'],
        ['transform', 'none'],
        ['contain', 'none'],
        ['visibility', 'visible'],
        ['opacity', '1'],
        ['filter', 'none'],
        ['clip-path', 'none'],
        ['float', 'none'],
      ])
        hs.setProperty(k, v, 'important');
      this.shadow = this.host.attachShadow({ mode: 'closed' });
      root.EtiquettePanelStyles.adopt(this.shadow);

      this.layer = h('div', { class: 'layer', 'aria-hidden': 'true' });
      this.status = h('span', { class: 'status', role: 'img', 'aria-label': 'Backend status: connecting' });
      this.badge = h('span', { class: 'badge', text: 'Checking…' });
      this.isReply = label === 'reply';
      this.collapseBtn = h(
        'button',
        {
          class: 'icon-btn',
          type: 'button',
          'aria-expanded': 'true',
          'aria-label': 'Collapse the etiquette panel',
          title: 'Collapse',
          onclick: () => {
            // Opened from the badge: collapsing goes back to the badge.
            if (this.placement === 'over') {
              this.opened = false;
              this.actions.toggle(true);
              return;
            }
            this.setCollapsed(!this.collapsed, true);
          },
        },
        '▾',
      );
      const header = h(
        'header',
        null,
        h(
          'div',
          { class: 'brand' },
          h('span', { class: 'logo', 'aria-hidden': 'true' }, '✓'),
          h('span', { text: 'Etiquette' }),
        ),
        this.status,
        this.badge,
        this.collapseBtn,
      );
      this.live = h('div', { class: 'sr', 'aria-live': 'polite' });
      this.bodyEl = h('div', { class: 'body' });
      this.noticeEl = h('div');
      this.stats = h('span', { class: 'stats' });
      const tplButton = (id, text, hint) =>
        h(
          'button',
          {
            class: 'tpl',
            type: 'button',
            'data-etiquette-action': 'insert-' + id,
            title: hint,
            'aria-label': hint,
            onclick: () => this.actions.insert(id),
          },
          text,
        );
      const footer = h(
        'footer',
        null,
        h('span', { class: 'label', text: 'Insert' }),
        tplButton('thank-you', 'Thank-you', 'Insert thank-you template'),
        tplButton('follow-up', 'Follow-up', 'Insert follow-up template'),
        this.stats,
      );
      this.trackerEl = h('div', {
        class: 'tracker',
        role: 'region',
        'aria-label': 'Interview tracker',
        hidden: true,
      });
      this.proposalEl = h('div', {
        class: 'proposals',
        role: 'region',
        'aria-label': 'Dates from the thread',
        hidden: true,
      });
      this.card = h(
        'section',
        {
          class: 'panel',
          role: 'complementary',
          'aria-label': 'Interview email etiquette check',
          'aria-keyshortcuts': 'Alt+Shift+E',
        },
        header,
        this.trackerEl,
        this.proposalEl,
        this.noticeEl,
        this.bodyEl,
        footer,
        this.live,
      );
      this.card.addEventListener(
        'keydown',
        trusted((e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            this.actions.back();
          }
        }),
      );
      // Typing in our form fields must not reach the webmail's keyboard shortcuts (Gmail's "c", "/",
      // "#"...): outside the shadow root the event looks as if it came from a plain element.
      for (const type of ['keydown', 'keypress', 'keyup']) {
        this.card.addEventListener(type, (e) => {
          const t = e.composedPath()[0];
          if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT')) e.stopPropagation();
        });
      }
      this.trackerForm = null;
      // The badge that stands in for the card when there is no room beside the compose (see placement.js).
      this.pill = h(
        'button',
        {
          class: 'pill',
          type: 'button',
          hidden: true,
          'data-etiquette-badge': '',
          'aria-label': 'Open the etiquette panel',
          title: 'Etiquette check: open the panel',
          onclick: () => this.open(),
        },
        h('span', { class: 'dot', 'aria-hidden': 'true' }),
        h('span', { text: '…' }),
      );
      this.placement = '';
      this.opened = false;
      this.shadow.append(this.layer, this.card, this.pill);
      this.collapsed = false;
      this.lastSignature = '';
      this.itemByKey = new Map();
    }

    /** Keyboard entry point: the first warning, else the first control of the panel. */
    focusFirst() {
      if (this.placement === 'badge') this.open();
      if (this.collapsed) this.setCollapsed(false, true);
      const target = this.card.querySelector('.w-main') || this.card.querySelector('button');
      if (target) target.focus();
    }

    /** Puts the host into the page (again, when the page removed it). */
    attach() {
      (document.body || document.documentElement).appendChild(this.host);
    }
    /** Removes the host and everything of the panel with it. */
    destroy() {
      this.host.remove();
    }

    /** Light or dark colours (content/compose/theme.js decides). */
    setTheme(dark) {
      this.dark = !!dark;
      this.card.classList.toggle('dark', this.dark);
      this.pill.classList.toggle('dark', this.dark);
    }

    /** Shows the card (from the badge, the send guard or the keyboard shortcut) and lays it out again. */
    open() {
      this.opened = true;
      if (this.collapsed) this.setCollapsed(false);
      if (this.actions.toggle) this.actions.toggle(false);
    }

    /** Marks the verdict as older than the draft while a check is due or on its way, so a test (or the
     *  user's own automation) can wait for the answer to the text now written before it reads the list
     *  or clicks in it: a later answer redraws the list, and the card, anchored at its bottom, moves. */
    setPending(pending) {
      if (pending === this.pending) return;
      this.pending = pending;
      if (pending) this.badge.setAttribute('data-etiquette-pending', '');
      else this.badge.removeAttribute('data-etiquette-pending');
    }

    /** What the badge says: the verdict's colour and how many errors and warnings. */
    setBadge(verdict, count, label) {
      if (verdict) this.pill.setAttribute('data-verdict', verdict);
      else this.pill.removeAttribute('data-verdict');
      this.pill.lastChild.textContent = label || (count ? String(count) : '✓');
      this.pill.setAttribute(
        'aria-label',
        'Etiquette: ' +
          (label ||
            (verdictText(verdict) || 'checking') +
              (count ? ', ' + count + (count === 1 ? ' warning' : ' warnings') : '')) +
          '. Open the panel',
      );
    }

    /** Folds the card to its header (or opens it); `fromUser` lays the panel out again. */
    setCollapsed(collapsed, fromUser) {
      this.collapsed = collapsed;
      this.card.classList.toggle('collapsed', collapsed);
      this.collapseBtn.textContent = collapsed ? '▸' : '▾';
      this.collapseBtn.setAttribute('aria-expanded', String(!collapsed));
      this.collapseBtn.setAttribute(
        'aria-label',
        collapsed ? 'Expand the etiquette panel' : 'Collapse the etiquette panel',
      );
      if (fromUser && this.actions.toggle) this.actions.toggle(collapsed);
    }

    /** Moves the card or the badge where lib/placement.js placed it. */
    place(p) {
      this.placement = p.side;
      this.host.setAttribute('data-etiquette-placement', p.side);
      const badge = p.side === 'badge';
      if (p.side !== 'badge' && p.side !== 'over') this.opened = false; // room beside again: the badge is not needed
      this.pill.hidden = !badge;
      this.card.style.display = badge ? 'none' : '';
      if (badge) {
        this.pill.style.left = Math.round(p.left) + 'px';
        this.pill.style.top = Math.round(p.top) + 'px';
        return;
      }
      const st = this.card.style;
      st.left = Math.round(p.left) + 'px';
      if (p.anchorBottom) {
        st.top = 'auto';
        st.bottom = Math.round(innerHeight - (p.top + p.height)) + 'px';
      } else {
        st.bottom = 'auto';
        st.top = Math.round(p.top) + 'px';
      }
      st.maxHeight = Math.round(p.height) + 'px';
    }

    /** Where the panel is on screen: the card, or the badge standing in for it. */
    cardRect() {
      return (this.placement === 'badge' ? this.pill : this.card).getBoundingClientRect();
    }

    /** 'online' or 'offline' (with the reply that says why). */
    setStatus(status, detail) {
      this.status.setAttribute('data-etiquette-status', status);
      this.status.setAttribute('aria-label', 'Backend ' + status);
      this.status.title = status === 'online' ? 'Checker running on this computer' : 'Checker not reachable';
      if (status === 'offline') {
        this.badge.removeAttribute('data-etiquette-verdict');
        this.badge.textContent = 'Offline';
        this.setBadge(null, 0, 'Off');
        this.renderOffline(detail);
      } else if (this.offlineShown) {
        this.offlineShown = false;
        this.noticeEl.textContent = '';
      }
    }

    /** Hands the user a file (the calendar event) without leaving the page: a download link of ours. */
    download(name, text, type) {
      const url = URL.createObjectURL(new Blob([text], { type }));
      const a = h('a', { href: url, download: name, hidden: true });
      this.card.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    }

    /** The backend's display labels (labels.js); every panel shares them. */
    setLabels(labels) {
      root.EtiquettePanelLabels.set(labels);
    }
  }

  /** Adds one behaviour's methods to Panel (the files in content/panel/); a name given twice is a mistake. */
  function extend(methods) {
    for (const name of Object.keys(methods)) {
      if (name in Panel.prototype) throw new Error('EtiquettePanel: ' + name + ' is defined twice');
      Panel.prototype[name] = methods[name];
    }
  }

  root.EtiquettePanel = { Panel, extend };
})(globalThis);
