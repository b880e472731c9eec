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
 * The panel is built with createElement/textContent only (no innerHTML: webmails such as Gmail enforce
 * Trusted Types, and text from the backend must never be parsed as markup).
 */
(function (root) {
  'use strict';

  // Every display name (categories and their colours, verdicts, groups, kinds) comes from the backend's
  // rule pack (GET /api/v1/rules `labels`, via the worker with each check): one vocabulary on every
  // surface. Until the first answer there is nothing to label.
  let LABELS = { categories: {}, verdicts: {}, groups: {}, kinds: {}, kind_switch: {} };
  const verdictText = (v) => LABELS.verdicts[v] || '';
  const kindText = (k) => LABELS.kinds[k] || '';
  const categoryText = (c) => (LABELS.categories[c] && LABELS.categories[c].label) || c;

  const CSS = `
:host { all: initial; }
* { box-sizing: border-box; }
.panel {
  --bg: #ffffff; --fg: #1f2933; --muted: #5f6b7a; --line: #e4e7eb; --soft: #f5f7fa; --accent: #177a70;
  --shadow: 0 8px 28px rgba(15, 23, 42, .16), 0 1px 3px rgba(15, 23, 42, .10);
  --error: #c0262d; --warning: #a8610a; --suggestion: #2f6fb2; --ok: #15803d;
  position: fixed; z-index: 2147483000; width: 320px; display: flex; flex-direction: column;
  background: var(--bg); color: var(--fg); border: 1px solid var(--line); border-radius: 12px;
  box-shadow: var(--shadow); font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, sans-serif;
  overflow: hidden; pointer-events: auto; text-align: left; letter-spacing: normal;
  user-select: none; -webkit-user-select: none;
}
.panel input, .panel select { user-select: text; -webkit-user-select: text; }
.panel.dark {
  --bg: #1f2329; --fg: #e6e9ed; --muted: #a3acb9; --line: #343a43; --soft: #272c33; --accent: #4cc2b4;
  --shadow: 0 8px 28px rgba(0, 0, 0, .5); --error: #ff7b7f; --warning: #f0b45a; --suggestion: #82b6f0; --ok: #5fd48a;
}
header { display: flex; align-items: center; gap: 8px; padding: 10px 10px 10px 12px; border-bottom: 1px solid var(--line); }
.brand { display: flex; align-items: center; gap: 6px; font-weight: 600; font-size: 13px; flex: 1; min-width: 0; }
.logo { width: 18px; height: 18px; border-radius: 5px; background: var(--accent); color: var(--bg); display: inline-flex;
  align-items: center; justify-content: center; font-size: 12px; font-weight: 700; flex: none; }
.kind { color: var(--muted); font-weight: 400; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.status { width: 8px; height: 8px; border-radius: 50%; background: var(--muted); flex: none; }
.status[data-etiquette-status="online"] { background: var(--ok); }
.status[data-etiquette-status="offline"] { background: var(--error); }
.badge { border-radius: 999px; padding: 2px 9px; font-size: 12px; font-weight: 600; white-space: nowrap;
  background: var(--soft); color: var(--muted); border: 1px solid var(--line); }
.badge[data-etiquette-verdict="ready"] { color: var(--ok); border-color: currentColor; }
.badge[data-etiquette-verdict="review"] { color: var(--warning); border-color: currentColor; }
.badge[data-etiquette-verdict="fix"] { color: var(--error); border-color: currentColor; }
.badge[data-etiquette-state="blanks"] { color: var(--suggestion); border-color: currentColor; }
button { font: inherit; color: inherit; cursor: pointer; }
button:focus-visible, [tabindex]:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.icon-btn { border: 0; background: transparent; width: 26px; height: 26px; border-radius: 6px; color: var(--muted);
  display: inline-flex; align-items: center; justify-content: center; font-size: 14px; flex: none; }
.icon-btn:hover { background: var(--soft); color: var(--fg); }
.body { overflow-y: auto; flex: 1; min-height: 0; padding: 4px 0 6px; }
.panel.collapsed .body, .panel.collapsed footer { display: none; }
.summary { padding: 8px 12px 4px; color: var(--muted); }
.summary strong { color: var(--fg); font-weight: 600; display: block; }
.kind-line { display: block; font-size: 12px; }
.kind-line .link { color: var(--accent); text-decoration: underline; padding: 0 2px; font-size: 12px; }
.offline { margin: 8px 12px; padding: 10px; border-radius: 8px; background: var(--soft); border: 1px solid var(--line); }
.offline p { margin: 0 0 6px; }
.offline code, .tracker code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: var(--bg); border: 1px solid var(--line);
  border-radius: 4px; padding: 0 4px; }
.group h3 { margin: 10px 12px 4px; font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); font-weight: 600;
  display: flex; align-items: center; gap: 6px; }
.group h3::before { content: ""; width: 8px; height: 8px; border-radius: 2px; background: var(--sev); }
.group[data-severity="error"] { --sev: var(--error); }
.group[data-severity="warning"] { --sev: var(--warning); }
.group[data-severity="suggestion"] { --sev: var(--suggestion); }
ul { list-style: none; margin: 0; padding: 0 8px; }
li.warning { border-radius: 8px; margin: 2px 0; border-left: 3px solid var(--cat, var(--sev)); background: transparent; }
li.warning:hover, li.warning.current { background: var(--soft); }
.w-main { display: block; width: 100%; border: 0; background: transparent; text-align: left; padding: 7px 8px 4px; border-radius: 8px; }
.w-top { display: flex; gap: 6px; align-items: baseline; }
.chip { font-size: 11px; font-weight: 600; color: var(--cat, var(--sev)); white-space: nowrap; }
.excerpt { color: var(--muted); font-style: italic; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; min-width: 0; }
.msg { display: block; margin-top: 2px; }
.guideline { display: block; margin-top: 2px; color: var(--muted); font-size: 12px; }
.w-actions { display: flex; flex-wrap: wrap; gap: 6px; padding: 2px 8px 8px; }
.fix { border: 1px solid var(--accent); color: var(--accent); background: transparent; border-radius: 6px; padding: 2px 8px; font-size: 12px; font-weight: 600; }
.fix:hover { background: var(--accent); color: var(--bg); }
.link { border: 0; background: transparent; color: var(--muted); padding: 2px 4px; font-size: 12px; border-radius: 4px; }
.link:hover { color: var(--fg); text-decoration: underline; }
.next { margin: 8px 12px; padding: 8px 10px; border-radius: 8px; background: var(--soft); font-size: 12px; }
.empty { padding: 10px 12px; color: var(--ok); }
.summary .empty { padding: 4px 0 0; }
footer { border-top: 1px solid var(--line); padding: 8px 10px; display: flex; gap: 6px; flex-wrap: wrap; align-items: center; }
footer .label { color: var(--muted); font-size: 12px; margin-right: 2px; }
.tpl { border: 1px solid var(--line); background: var(--soft); border-radius: 6px; padding: 3px 8px; font-size: 12px; }
.tpl:hover { border-color: var(--accent); }
.notice { margin: 6px 12px; padding: 8px 10px; border-radius: 8px; border: 1px solid var(--line); background: var(--soft); font-size: 12px; }
.notice .row { display: flex; gap: 6px; margin-top: 6px; }
.notice.guard { border-color: var(--error); }
.notice.guard strong { color: var(--error); display: block; margin-bottom: 2px; }
.stats { margin-left: auto; color: var(--muted); font-size: 11px; }
.tracker { flex: none; max-height: 300px; overflow-y: auto; border-bottom: 1px solid var(--line); padding: 6px 12px; font-size: 12px; }
.tracker[hidden] { display: none; }
.panel.collapsed .tracker { display: none; }
.t-row { display: flex; align-items: center; gap: 6px; flex-wrap: wrap; }
.t-what { flex: 1; min-width: 0; color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.t-what strong { color: var(--fg); font-weight: 600; }
.gt::before { content: attr(data-t); }
.t-note { color: var(--muted); margin-top: 4px; }
.t-note[data-failed] { color: var(--error); }
.t-form { display: grid; grid-template-columns: 1fr 1fr; gap: 6px 8px; margin-top: 6px; }
.t-form label { display: flex; flex-direction: column; gap: 2px; color: var(--muted); font-size: 11px; min-width: 0; }
.t-form label.wide { grid-column: 1 / -1; }
.t-form input, .t-form select { font: 12px system-ui, sans-serif; color: var(--fg); background: var(--bg); border: 1px solid var(--line);
  border-radius: 6px; padding: 3px 6px; min-width: 0; width: 100%; }
.t-form input:focus-visible, .t-form select:focus-visible { outline: 2px solid var(--accent); outline-offset: 0; }
.t-form .row { grid-column: 1 / -1; display: flex; gap: 6px; align-items: center; }
.t-err { grid-column: 1 / -1; color: var(--error); }
.next .reason { display: block; color: var(--muted); margin-top: 2px; }
.next .cal { margin: 4px 0 0 -4px; color: var(--accent); font-weight: 600; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.layer { position: fixed; left: 0; top: 0; width: 0; height: 0; overflow: visible; pointer-events: none; z-index: 2147482999; }
.hl { position: fixed; pointer-events: none; border-radius: 2px; border-bottom: 2px solid var(--c); background: var(--cbg); }
.hl[data-severity="suggestion"] { border-bottom-style: dashed; background: transparent; }
.hl.current { background: var(--cbgstrong); }
.proposals { flex: none; border-bottom: 1px solid var(--line); padding: 6px 12px; font-size: 12px; }
.proposals[hidden] { display: none; }
.panel.collapsed .proposals { display: none; }
.proposal + .proposal { margin-top: 8px; }
.proposal .said { color: var(--muted); font-style: italic; margin-top: 2px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.proposal .row { display: flex; gap: 6px; margin-top: 6px; align-items: center; }
.pill { position: fixed; z-index: 2147483000; pointer-events: auto; display: inline-flex; align-items: center; justify-content: center;
  gap: 4px; box-sizing: border-box; width: 56px; height: 28px; padding: 0 8px; border-radius: 14px; cursor: pointer;
  font: 600 12px/1 system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, sans-serif; letter-spacing: normal;
  background: #ffffff; color: #1f2933; border: 1px solid #e4e7eb; box-shadow: 0 4px 14px rgba(15, 23, 42, .18); }
.pill[hidden] { display: none; }
.pill .dot { width: 8px; height: 8px; border-radius: 50%; background: #5f6b7a; flex: none; }
.pill[data-verdict="ready"] .dot { background: #15803d; }
.pill[data-verdict="review"] { border-color: #a8610a; color: #a8610a; }
.pill[data-verdict="review"] .dot { background: #a8610a; }
.pill[data-verdict="fix"] { background: #c0262d; border-color: #c0262d; color: #ffffff; }
.pill[data-verdict="fix"] .dot { background: #ffffff; }
.pill.dark { background: #1f2329; color: #e6e9ed; border-color: #343a43; }
.pill.dark[data-verdict="review"] { border-color: #f0b45a; color: #f0b45a; }
.pill.dark[data-verdict="fix"] { background: #ff7b7f; border-color: #ff7b7f; color: #1f2329; }
.pill:focus-visible { outline: 2px solid #177a70; outline-offset: 2px; }
`;

  // A warning keeps its backend offset while our copy follows the user's edits: a stable key.
  const itemKey = (w) => w.rule + ':' + w.offset + ':' + w.length;

  /** The category's colour for highlight boxes and warning edges, on a light or a dark background. */
  function colorFor(category, dark) {
    const c = LABELS.categories[category] && LABELS.categories[category].colour;
    return (c && (dark ? c.dark : c.light)) || (dark ? '#a3acb9' : '#52606d');
  }

  /** Take the labels the backend serves (a plain object of strings; anything else is ignored). */
  function setLabels(labels) {
    if (!labels || typeof labels !== 'object') return;
    const obj = (x) => (x && typeof x === 'object' ? x : {});
    LABELS = {
      categories: obj(labels.categories),
      verdicts: obj(labels.verdicts),
      groups: obj(labels.groups),
      kinds: obj(labels.kinds),
      kind_switch: obj(labels.kind_switch),
    };
  }

  /** A handler that runs only for the user's own input, never for an event a script dispatched. */
  function trusted(fn) {
    return (e) => {
      if (e && e.isTrusted) fn(e);
    };
  }

  /** Text the page must not find with window.find(): drawn by CSS from an attribute (see the file's head). */
  function shown(text, tag) {
    const el = document.createElement(tag || 'span');
    el.className = 'gt';
    el.setAttribute('data-t', String(text));
    return el;
  }

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    if (attrs) {
      for (const k of Object.keys(attrs)) {
        const v = attrs[k];
        if (v === null || v === undefined || v === false) continue;
        if (k === 'class') el.className = v;
        else if (k === 'text') el.textContent = v;
        else if (k.startsWith('on')) el.addEventListener(k.slice(2), trusted(v));
        else el.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return el;
  }

  let sheet = null;
  function styleSheet() {
    // A constructed stylesheet is not subject to the page's style-src CSP, unlike an inline <style>.
    if (!sheet) {
      try {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
      } catch (e) {
        sheet = null;
      }
    }
    return sheet;
  }

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
      const s = styleSheet();
      if (s) this.shadow.adoptedStyleSheets = [s];
      else this.shadow.appendChild(h('style', { text: CSS }));

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

    attach() {
      (document.body || document.documentElement).appendChild(this.host);
    }
    destroy() {
      this.host.remove();
    }

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
    }

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

    /** The backend's display labels (see setLabels above); every panel shares them. */
    setLabels(labels) {
      setLabels(labels);
    }

    /** Draw a result. `warnings` are the visible ones (ignored ones already removed). */
    render(result, warnings) {
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
    }

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
    }

    /** Marks the warning under the caret (or the mouse) and scrolls the list to it — the list only,
     *  never the page, and only when it changes, so typing inside a flagged word stays calm. */
    markCurrent(w) {
      const li = w ? this.itemByKey.get(itemKey(w)) || null : null;
      if (li === this.currentItem) return;
      if (this.currentItem) this.currentItem.classList.remove('current');
      this.currentItem = li;
      if (!li) return;
      li.classList.add('current');
      if (this.collapsed) return;
      const body = this.bodyEl;
      const top = li.offsetTop - body.offsetTop;
      if (top < body.scrollTop) body.scrollTop = top;
      else if (top + li.offsetHeight > body.scrollTop + body.clientHeight)
        body.scrollTop = top + li.offsetHeight - body.clientHeight;
    }

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
    }

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
    }

    // ------------------------------------------------------------------------------------------
    // Interview tracker section: which interview this compose is about, a small form to create or
    // edit it, "mark as sent", and what was logged. Hidden while nothing is known (no recipient,
    // checker offline before the first answer), so a plain compose looks as before.

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
    }

    updateTrackerStatus() {
      const line = this.statusLine;
      const logged = this.trackerView && this.trackerView.logged;
      if (!line || !logged) return;
      const label = kindText(logged.kind) || 'Message';
      const at = new Date(logged.at);
      const time = isNaN(at.getTime())
        ? ''
        : at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      line.textContent = logged.failed
        ? 'Could not log the sent message' + (logged.reason ? ': ' + logged.reason : '') + '.'
        : logged.queued
          ? label + ' sent at ' + time + ': not logged yet, the tracker is busy or away. We keep trying.'
          : label + ' logged as sent at ' + time + '.';
      line.setAttribute(
        'data-etiquette-logged',
        logged.failed ? 'failed' : logged.queued ? 'queued' : logged.kind,
      );
      if (logged.failed) line.setAttribute('data-failed', '');
      else line.removeAttribute('data-failed');
    }

    /** A short message under the tracker row ("Already logged."). */
    trackerNote(text) {
      if (this.statusLine && this.statusLine.isConnected) {
        this.statusLine.removeAttribute('data-etiquette-logged');
        this.statusLine.textContent = text;
      } else this.say(text);
    }

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
    }

    closeInterviewForm(saved) {
      this.trackerForm = null;
      this.trackerSig = null;
      this.setTracker(this.trackerView);
      const target = this.trackerEl.querySelector(
        saved ? '[data-etiquette-action="mark-sent"], button' : 'button',
      );
      if (target) target.focus();
    }

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
    }

    say(text) {
      this.noticeEl.textContent = '';
      if (text)
        this.noticeEl.append(h('div', { class: 'notice', role: 'status', 'data-kind': 'error', text }));
    }

    /** A successful answer ends an earlier error message (not a question or the send guard). */
    clearError() {
      const n = this.noticeEl.firstElementChild;
      if (n && n.getAttribute('data-kind') === 'error') this.noticeEl.textContent = '';
    }
  }

  root.EtiquettePanel = { Panel, colorFor };
})(globalThis);
