// The playground: paste a draft, see what the checker says. Same-origin calls to the local API only.
// User text is only ever placed with textContent / text nodes, never parsed as markup.
'use strict';

(function () {
  const API = '/api/v1';
  const DEBOUNCE_MS = 250;
  const MAX_TEXT = 20000;
  const TOKEN_KEY = 'etiquette.playground.token';
  const SEVERITIES = ['error', 'warning', 'suggestion'];
  const SEVERITY_RANK = { error: 0, warning: 1, suggestion: 2 };
  // Every display name comes from the backend (GET /api/v1/rules `labels`, i.e. shared-rules/
  // categories.yml and labels.yml): the panel, this page, the options page and the CLI say the same.
  let LABELS = { categories: {}, verdicts: {}, groups: {}, kinds: {}, kind_switch: {} };
  const label = (group, id) =>
    LABELS[group] && typeof LABELS[group][id] === 'string' ? LABELS[group][id] : id;
  const categoryLabel = (id) => (LABELS.categories[id] && LABELS.categories[id].label) || id;

  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs, text) => {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [name, value] of Object.entries(attrs)) {
        if (name === 'className') node.className = value;
        else node.setAttribute(name, value);
      }
    }
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  };

  // Blanks a template left ([Your name]...) are their own state until the user edits the draft.
  const BLANK_RULES = ['proofreading.placeholders', 'proofreading.subject_placeholder'];
  let templateFresh = false;
  let blankSpans = []; // UTF-16 [a, b] of each blank in the draft, in order
  let shown = { text: '', spans: [] }; // what the mark layer draws, for moving marks with an edit
  let timer = null;
  let inflight = null;
  let sequence = 0;
  let undoState = null;

  // ---- token (only needed when the backend was started with one) ----------------------------------
  function storedToken() {
    try {
      return localStorage.getItem(TOKEN_KEY) || '';
    } catch (e) {
      return '';
    }
  }

  function setToken(value) {
    try {
      if (value) localStorage.setItem(TOKEN_KEY, value);
      else localStorage.removeItem(TOKEN_KEY);
    } catch (e) {
      /* storage may be disabled; the token then lasts for this page only */
    }
    memoryToken = value;
  }

  let memoryToken = storedToken();

  function showTokenPanel(message) {
    $('token-panel').hidden = false;
    if (message) $('token-help').textContent = message;
    $('token').focus();
  }

  async function api(method, path, body, signal) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (memoryToken) headers.Authorization = 'Bearer ' + memoryToken;
    const response = await fetch(API + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      credentials: 'same-origin',
      cache: 'no-store',
    });
    let data;
    try {
      data = await response.json();
    } catch (e) {
      data = null;
    }
    if (response.status === 401) {
      showTokenPanel(
        memoryToken
          ? 'That token was not accepted. Paste the one given to --token, or the one in the file that ' +
              '`etiquette serve --require-token` names when it starts.'
          : 'This backend was started with an access token (--token-file, ETIQUETTE_TOKEN or --require-token). Paste it here; ' +
              'it stays in this browser only.',
      );
    }
    return { status: response.status, ok: response.ok, data };
  }

  function errorText(result) {
    const err = result.data && result.data.error;
    if (!err) return 'The backend answered ' + result.status + '.';
    let text = err.message || 'The backend refused the request.';
    if (err.fields) {
      const parts = [];
      const walk = (prefix, value) => {
        if (Array.isArray(value)) parts.push(prefix + ': ' + value.join(' '));
        else if (value && typeof value === 'object') {
          for (const [k, v] of Object.entries(value)) walk(prefix ? prefix + '.' + k : k, v);
        }
      };
      walk('', err.fields);
      if (parts.length) text += ' ' + parts.join('; ');
    }
    return text;
  }

  // ---- status -----------------------------------------------------------------------------------
  function setStatus(online, text) {
    const status = $('status');
    status.setAttribute('data-etiquette-status', online ? 'online' : 'offline');
    status.textContent = text;
  }

  // A layer that is off (e.g. the sentence model not fetched yet) is said calmly, with its remedy.
  function layerNote(data) {
    const note = $('layer-note');
    const layers = data.layers || {};
    const reasons = data.reasons || {};
    const off = Object.keys(layers).filter((k) => layers[k] === 'off' && k !== 'rules');
    note.hidden = off.length === 0;
    note.textContent =
      off.map((k) => 'The ' + k + ' layer is off: ' + (reasons[k] || 'no reason given') + '.').join(' ') +
      (off.length ? ' The other checks still run.' : '');
  }

  async function health() {
    try {
      const result = await api('GET', '/health');
      if (result.ok && result.data) {
        setStatus(true, 'Backend ' + (result.data.version || '') + ' · local');
        layerNote(result.data);
      } else setStatus(false, 'Backend answered ' + result.status);
    } catch (e) {
      setStatus(false, 'Backend offline');
    }
  }

  // ---- request building -------------------------------------------------------------------------
  const pad = (n) => String(n).padStart(2, '0');

  // ISO 8601 with the browser's own UTC offset, so the server never has to guess the time zone.
  function isoWithOffset(date) {
    const minutes = -date.getTimezoneOffset();
    const sign = minutes >= 0 ? '+' : '-';
    const abs = Math.abs(minutes);
    return (
      date.getFullYear() +
      '-' +
      pad(date.getMonth() + 1) +
      '-' +
      pad(date.getDate()) +
      'T' +
      pad(date.getHours()) +
      ':' +
      pad(date.getMinutes()) +
      ':' +
      pad(date.getSeconds()) +
      sign +
      pad(Math.floor(abs / 60)) +
      ':' +
      pad(abs % 60)
    );
  }

  function localInput(id) {
    const value = $(id).value;
    if (!value) return null;
    const date = new Date(value); // datetime-local values parse as local time
    return isNaN(date.getTime()) ? null : isoWithOffset(date);
  }

  function context() {
    const ctx = {};
    const interviewAt = localInput('interview-at');
    if (interviewAt) ctx.interview_at = interviewAt;
    if ($('decision-by').value) ctx.decision_by = $('decision-by').value;
    if ($('stage').value) ctx.stage = $('stage').value;
    for (const name of ['interviewer', 'company', 'position']) {
      const value = $(name).value.trim();
      if (value) ctx[name] = value;
    }
    return ctx;
  }

  function checkRequest(text) {
    const body = { text, kind: $('kind').value, context: context(), dialect: $('dialect').value };
    // The subject field is there, so an empty one is checked as the panel checks it.
    body.subject = $('subject').value;
    body.now = localInput('now') || isoWithOffset(new Date());
    const words = $('dictionary')
      .value.split(/[,\n]/)
      .map((w) => w.trim())
      .filter((w) => w.length > 0 && w.length <= 100);
    if (words.length) body.dictionary = words.slice(0, 5000);
    return body;
  }

  // ---- checking ---------------------------------------------------------------------------------
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(runCheck, DEBOUNCE_MS);
  }

  async function runCheck() {
    const text = $('draft').value;
    updateCount(text);
    if (inflight) inflight.abort();
    if (!text.trim()) {
      clearReport();
      return;
    }
    if ([...text].length > MAX_TEXT) {
      showError('The draft is longer than 20,000 characters; the checker reads at most that much.');
      return;
    }
    const mine = ++sequence;
    const controller = new AbortController();
    inflight = controller;
    document.body.setAttribute('aria-busy', 'true');
    try {
      const result = await api('POST', '/check', checkRequest(text), controller.signal);
      if (mine !== sequence) return; // a newer check is on its way
      if (result.ok && result.data) {
        $('token-panel').hidden = true; // the request went through: no token needed, or the right one
        render(result.data, text);
        if ($('status').getAttribute('data-etiquette-status') !== 'online') health();
      } else if (result.status === 401) {
        showError('The backend needs an access token: paste it above.');
      } else {
        showError(errorText(result));
      }
    } catch (e) {
      if (e && e.name === 'AbortError') return;
      if (mine !== sequence) return;
      setStatus(false, 'Backend offline');
      showError('Cannot reach the backend. Is `etiquette serve` still running?');
    } finally {
      if (mine === sequence) {
        inflight = null;
        document.body.removeAttribute('aria-busy');
      }
    }
  }

  function updateCount(text) {
    const n = [...text].length;
    const count = $('draft-count');
    count.textContent = n.toLocaleString('en') + ' / 20,000 characters';
    count.classList.toggle('over', n > MAX_TEXT);
  }

  function showError(message) {
    const box = $('error');
    box.textContent = message;
    box.hidden = false;
  }

  function clearReport() {
    sequence++;
    $('error').hidden = true;
    $('meta').hidden = true;
    $('next-step').hidden = true;
    $('groups').replaceChildren();
    $('preview').replaceChildren();
    shown = { text: '', spans: [] };
    $('blanks').hidden = true;
    const verdict = $('verdict');
    verdict.removeAttribute('data-etiquette-state');
    verdict.setAttribute('data-etiquette-verdict', '');
    verdict.className = 'verdict';
    verdict.textContent = 'Paste a draft to see how it reads.';
  }

  // ---- offsets: the API counts code points, JS strings count UTF-16 units -----------------------
  // utf16At[i] is the UTF-16 index of code point i; one extra entry for the end of the text.
  function codePointIndex(text) {
    const utf16At = [];
    let unit = 0;
    for (const ch of text) {
      utf16At.push(unit);
      unit += ch.length;
    }
    utf16At.push(unit);
    return utf16At;
  }

  function spanOf(warning, utf16At) {
    const last = utf16At.length - 1;
    const start = Math.min(Math.max(0, warning.offset | 0), last);
    const end = Math.min(Math.max(start, start + (warning.length | 0)), last);
    return [utf16At[start], utf16At[end]];
  }

  // ---- rendering --------------------------------------------------------------------------------
  function render(result, text) {
    $('error').hidden = true;
    const verdict = $('verdict');
    verdict.setAttribute('data-etiquette-verdict', result.verdict);
    verdict.className = 'verdict verdict-' + result.verdict;
    verdict.textContent = label('verdicts', result.verdict);
    verdict.removeAttribute('data-etiquette-state');
    const utf16At = codePointIndex(text);
    // Straight after a template: its blanks are a to-do list ("3 blanks to fill"), not errors.
    const all = result.warnings || [];
    const blanks = templateFresh ? all.filter((w) => BLANK_RULES.includes(w.rule)) : [];
    const warnings = blanks.length ? all.filter((w) => !BLANK_RULES.includes(w.rule)) : all;
    blankSpans = blanks.filter((w) => w.length > 0).map((w) => spanOf(w, utf16At));
    $('blanks').hidden = !blanks.length;
    if (blanks.length) {
      verdict.setAttribute('data-etiquette-state', 'blanks');
      verdict.className = 'verdict verdict-blanks';
      verdict.textContent = blanks.length === 1 ? '1 blank to fill' : blanks.length + ' blanks to fill';
    }

    const kind = $('kind-detected');
    kind.setAttribute('data-kind', result.kind);
    kind.textContent =
      ($('kind').value === 'auto' ? 'Reads as: ' : 'Checked as: ') + label('kinds', result.kind);
    // One click to correct the detected kind (Not a thank-you?).
    const sw = LABELS.kind_switch[result.kind];
    const switcher = $('kind-switch');
    switcher.hidden = !(sw && sw.label);
    if (sw && sw.label) {
      switcher.textContent = sw.label;
      switcher.setAttribute('data-kind', sw.to);
    }
    const s = result.stats || {};
    const plural = (n, word) => n + ' ' + word + (n === 1 ? '' : 's');
    $('stats').textContent =
      plural(s.words | 0, 'word') +
      ' · ' +
      plural(s.sentences | 0, 'sentence') +
      ' · ' +
      plural(s.questions | 0, 'question');
    $('meta').hidden = false;

    const next = $('next-step');
    if (result.next_step && result.next_step.message) {
      const step = result.next_step;
      next.textContent = step.message; // the message names the day already
      if (step.date && (step.action === 'follow_up' || step.action === 'thank_you')) {
        const add = el(
          'button',
          { type: 'button', className: 'link', 'data-etiquette-action': 'add-to-calendar' },
          'Add to calendar',
        );
        add.addEventListener('click', addToCalendar);
        next.append(' ', add);
      }
      next.hidden = false;
    } else {
      next.hidden = true;
    }

    renderGroups(warnings, text, utf16At);
    renderPreview(warnings, text, utf16At, blanks);
  }

  function renderGroups(warnings, text, utf16At) {
    const groups = $('groups');
    const fragment = document.createDocumentFragment();
    if (!warnings.length) {
      fragment.append(
        el('p', { className: 'all-clear' }, 'Nothing to flag. Polite, short and specific: send it.'),
      );
    }
    warnings.forEach((w, index) => (w._index = index));
    for (const severity of SEVERITIES) {
      const title = label('groups', severity);
      const mine = warnings.filter((w) => w.severity === severity);
      if (!mine.length) continue;
      const section = el('section', {
        className: 'group group-' + severity,
        'data-severity-group': severity,
      });
      section.append(el('h3', null, title + ' (' + mine.length + ')'));
      const list = el('ul', { className: 'warnings' });
      for (const w of mine) list.append(warningItem(w, text, utf16At));
      section.append(list);
      fragment.append(section);
    }
    groups.replaceChildren(fragment);
  }

  function warningItem(w, text, utf16At) {
    const item = el('li', {
      className: 'warning sev-' + w.severity,
      id: 'warning-' + w._index,
      'data-etiquette-warning': '',
      'data-category': w.category,
      'data-rule': w.rule,
      'data-severity': w.severity,
    });
    const head = el('div', { className: 'warning-head' });
    head.append(el('span', { className: 'category' }, categoryLabel(w.category)));
    head.append(el('span', { className: 'message' }, w.message));
    item.append(head);
    const foot = el('p', { className: 'guideline' });
    if (w.guideline) foot.append(el('span', null, 'Guideline: ' + w.guideline));
    if (w.length > 0) {
      const [a, b] = spanOf(w, utf16At);
      const passage = text.slice(a, b);
      // Quote the passage only when the message does not already (long spans such as a sentence).
      if (!w.message.includes(passage.trim())) {
        item.append(el('blockquote', { className: 'excerpt' }, passage));
      }
      const show = el('button', { type: 'button', className: 'link show' }, 'Show in draft');
      show.addEventListener('click', () => selectInDraft(a, b));
      foot.append(show);
    }
    if (foot.childNodes.length) item.append(foot);
    // An empty suggestion over a sentence removes it ("fix": "remove_sentence").
    const removes = w.fix === 'remove_sentence' && w.length > 0;
    const suggestions = (w.suggestions || []).filter((x) => typeof x === 'string' && (x || removes));
    if (suggestions.length) {
      const row = el('p', { className: 'suggestions' });
      if (w.length > 0) {
        row.append(el('span', { className: 'hint' }, removes ? 'Fix: ' : 'Replace with: '));
        for (const suggestion of suggestions.slice(0, 5)) {
          const button = el(
            'button',
            { type: 'button', className: 'chip', 'data-etiquette-suggestion': '' },
            suggestion || 'Remove this sentence',
          );
          button.addEventListener('click', () => applySuggestion(w, suggestion, text));
          row.append(button);
        }
      } else {
        row.append(el('span', { className: 'hint' }, 'Try: '));
        row.append(el('span', null, suggestions.join(' · ')));
      }
      item.append(row);
    }
    return item;
  }

  function renderPreview(warnings, text, utf16At, blanks) {
    const spans = warnings
      .filter((w) => w.length > 0)
      .map((w) => {
        const [a, b] = spanOf(w, utf16At);
        return { a, b, w };
      })
      .filter((s) => s.b > s.a);
    for (const w of blanks || []) {
      const [a, b] = spanOf(w, utf16At);
      if (b > a) spans.push({ a, b, w, blank: true });
    }
    drawMarks(text, spans);
  }

  // The layer behind the textarea: the same text, transparent, with a <mark> under each flagged span.
  function drawMarks(text, spans) {
    shown = { text, spans };
    // Cut the text at every span boundary, then mark each piece with the warnings covering it, so
    // overlapping warnings still show (the most severe one sets the colour).
    const cuts = new Set([0, text.length]);
    for (const s of spans) {
      cuts.add(s.a);
      cuts.add(s.b);
    }
    const points = [...cuts].sort((x, y) => x - y);
    const fragment = document.createDocumentFragment();
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i];
      const b = points[i + 1];
      const piece = text.slice(a, b);
      const covering = spans.filter((s) => s.a <= a && s.b >= b).map((s) => s.w);
      if (!covering.length) {
        fragment.append(document.createTextNode(piece));
        continue;
      }
      covering.sort((x, y) => SEVERITY_RANK[x.severity] - SEVERITY_RANK[y.severity]);
      const top = covering[0];
      const blank = spans.some((s) => s.blank && s.a <= a && s.b >= b);
      const mark = el(
        'mark',
        {
          className: blank ? 'hl blank' : 'hl sev-' + top.severity,
          'data-etiquette-highlight': '',
          'data-category': top.category,
          'data-severity': top.severity,
        },
        piece,
      );
      mark._warning = top;
      fragment.append(mark);
    }
    // A final newline has no height of its own in a div; the textarea gives it a line.
    if (text.endsWith('\n')) fragment.append(document.createTextNode(' '));
    $('preview').replaceChildren(fragment);
    syncScroll();
  }

  function syncScroll() {
    const draft = $('draft');
    const layer = $('preview');
    layer.style.height = draft.offsetHeight + 'px';
    layer.scrollTop = draft.scrollTop;
  }

  // While the next answer is on its way, the marks move with the edit (or go, where it touched them).
  function followEdit() {
    const text = $('draft').value;
    const old = shown.text;
    if (text === old) return;
    let start = 0;
    while (start < old.length && start < text.length && old[start] === text[start]) start++;
    let endOld = old.length;
    let endNew = text.length;
    while (endOld > start && endNew > start && old[endOld - 1] === text[endNew - 1]) {
      endOld--;
      endNew--;
    }
    const delta = endNew - endOld;
    const spans = [];
    for (const s of shown.spans) {
      if (s.b <= start) spans.push(s);
      else if (s.a >= endOld) spans.push({ ...s, a: s.a + delta, b: s.b + delta });
    }
    drawMarks(text, spans);
  }

  // The warning under the caret is the one the list shows: you see why the word you are on is marked.
  function markAtCaret() {
    const at = $('draft').selectionStart;
    let current = null;
    for (const mark of $('preview').querySelectorAll('mark')) {
      mark.classList.remove('current');
    }
    const hit = shown.spans.find((s) => s.a <= at && at <= s.b);
    if (!hit) return;
    for (const mark of $('preview').querySelectorAll('mark')) {
      if (mark._warning === hit.w) {
        mark.classList.add('current');
        current = hit.w;
      }
    }
    // Side by side the list scrolls to it; on a narrow screen the page stays where you type.
    if (current && current._index !== undefined)
      focusWarning(current, !matchMedia('(max-width: 900px)').matches);
  }

  function nextBlank() {
    if (!blankSpans.length) return;
    const draft = $('draft');
    const at = draft.selectionEnd;
    const next = blankSpans.find(([a]) => a >= at) || blankSpans[0];
    selectInDraft(next[0], next[1]);
  }

  function focusWarning(w, scroll = true) {
    const item = $('warning-' + w._index);
    if (!item) return;
    if (scroll) item.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    item.classList.add('flash');
    setTimeout(() => item.classList.remove('flash'), 900);
  }

  function selectInDraft(a, b) {
    const draft = $('draft');
    draft.focus();
    draft.setSelectionRange(a, b);
  }

  function applySuggestion(w, suggestion, checkedText) {
    const draft = $('draft');
    // Only when the draft is still the text that was checked: otherwise the offsets are stale.
    if (draft.value !== checkedText) return;
    const [a, b] = spanOf(w, codePointIndex(checkedText));
    draft.focus();
    draft.setSelectionRange(a, b);
    // setRangeText keeps the rest of the draft as it was; the input event re-runs the check.
    draft.setRangeText(suggestion, a, b, 'end');
    draft.dispatchEvent(new Event('input', { bubbles: true }));
  }

  // ---- templates --------------------------------------------------------------------------------
  async function loadTemplates() {
    let result;
    try {
      result = await api('GET', '/templates');
    } catch (e) {
      return;
    }
    if (!result.ok || !Array.isArray(result.data)) return;
    const holder = $('template-buttons');
    const seen = new Set();
    const fragment = document.createDocumentFragment();
    // The plain thank-you and follow-up come first; they carry the extension panel's hooks.
    const preferred = { 'thank-you': 0, 'follow-up': 1 };
    const ordered = [...result.data].sort((x, y) => (preferred[x.id] ?? 9) - (preferred[y.id] ?? 9));
    for (const t of ordered) {
      const attrs = {
        type: 'button',
        className: 'template',
        'data-template': t.id,
        title: t.description || '',
      };
      // The first thank-you and follow-up templates carry the same hooks as the extension's panel.
      const action = { thank_you: 'insert-thank-you', follow_up: 'insert-follow-up' }[t.kind];
      if (action && !seen.has(action)) {
        attrs['data-etiquette-action'] = action;
        seen.add(action);
      }
      const button = el('button', attrs, t.title || t.id);
      button.addEventListener('click', () => useTemplate(t));
      fragment.append(button);
    }
    holder.replaceChildren(fragment);
  }

  async function useTemplate(t) {
    let result;
    try {
      result = await api('POST', '/templates/' + encodeURIComponent(t.id) + '/render', {
        context: context(),
      });
    } catch (e) {
      showError('Cannot reach the backend to load the template.');
      return;
    }
    if (!result.ok || !result.data) {
      showError(errorText(result));
      return;
    }
    undoState = { draft: $('draft').value, subject: $('subject').value };
    $('draft').value = result.data.text || '';
    if (result.data.subject) $('subject').value = result.data.subject;
    templateFresh = true; // until the user edits the draft
    $('template-undo').hidden = !undoState.draft && !undoState.subject;
    $('draft').focus();
    runCheck();
  }

  function undoTemplate() {
    if (!undoState) return;
    $('draft').value = undoState.draft;
    $('subject').value = undoState.subject;
    undoState = null;
    templateFresh = false;
    $('template-undo').hidden = true;
    runCheck();
  }

  // "Add to calendar": the next step as an .ics event, made by the backend, saved as a file.
  async function addToCalendar() {
    const headers = { Accept: 'text/calendar, application/json', 'Content-Type': 'application/json' };
    if (memoryToken) headers.Authorization = 'Bearer ' + memoryToken;
    const body = { context: context(), now: localInput('now') || isoWithOffset(new Date()) };
    let response;
    try {
      response = await fetch(API + '/reminder', {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch (e) {
      showError('Cannot reach the backend to make the calendar event.');
      return;
    }
    if (!response.ok) {
      let data;
      try {
        data = await response.json();
      } catch (e) {
        data = null;
      }
      showError(errorText({ status: response.status, data }));
      return;
    }
    const match = /filename="([A-Za-z0-9._-]+)"/.exec(response.headers.get('Content-Disposition') || '');
    const url = URL.createObjectURL(await response.blob());
    const a = el('a', { href: url, download: match ? match[1] : 'reminder.ics' });
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  async function loadLabels() {
    try {
      const result = await api('GET', '/rules');
      if (!result.ok || !result.data || !result.data.labels) return;
      LABELS = result.data.labels;
    } catch (e) {
      return; // offline: health() says so
    }
    const select = $('kind');
    for (const id of Object.keys(LABELS.kinds || {})) {
      if (select.querySelector('option[value="' + id + '"]')) continue;
      select.append(el('option', { value: id }, LABELS.kinds[id]));
    }
    if ($('draft').value.trim()) runCheck();
  }

  // ---- wiring -----------------------------------------------------------------------------------
  function init() {
    const form = $('compose');
    form.addEventListener('input', schedule);
    form.addEventListener('change', schedule);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      runCheck();
    });
    $('undo-template').addEventListener('click', undoTemplate);
    const draft = $('draft');
    draft.addEventListener('input', () => {
      templateFresh = false;
      followEdit();
    });
    draft.addEventListener('scroll', syncScroll);
    new ResizeObserver(syncScroll).observe(draft);
    for (const type of ['click', 'keyup', 'select']) draft.addEventListener(type, markAtCaret);
    $('next-blank').addEventListener('click', nextBlank);
    $('kind-switch').addEventListener('click', (event) => {
      $('kind').value = event.currentTarget.getAttribute('data-kind');
      runCheck();
    });
    $('token').value = memoryToken;
    $('token-form').addEventListener('submit', (event) => {
      event.preventDefault();
      setToken($('token').value.trim());
      $('token-panel').hidden = true;
      health();
      loadTemplates();
      runCheck();
    });
    $('token-forget').addEventListener('click', () => {
      setToken('');
      $('token').value = '';
    });
    health();
    loadLabels();
    loadTemplates();
    updateCount($('draft').value);
    if ($('draft').value.trim()) runCheck(); // a reload keeps the textarea's text
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
