// Unit tests of the pure helpers in extension/lib/core.js (Node's built-in runner: `node --test`).
// core.js is a classic script that also sets module.exports, so createRequire loads the very file
// the browser runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = require('../lib/core.js');

// A tiny DOM stand-in: only what extractText reads (nodeType, nodeName, firstChild/nextSibling, nodeValue).
function t(value) {
  return { nodeType: 3, nodeName: '#text', nodeValue: value, firstChild: null, nextSibling: null };
}
function el(name, attrs, ...children) {
  const node = {
    nodeType: 1,
    nodeName: name.toUpperCase(),
    attrs: attrs || {},
    firstChild: null,
    nextSibling: null,
  };
  let prev = null;
  for (const c of children) {
    const child = typeof c === 'string' ? t(c) : c;
    if (prev) prev.nextSibling = child;
    else node.firstChild = child;
    prev = child;
  }
  return node;
}
const classify = (e) => {
  const cls = (e.attrs.class || '').split(' ');
  if (
    cls.includes('gmail_quote') ||
    cls.includes('gmail_signature') ||
    (e.nodeName === 'BLOCKQUOTE' && e.attrs.type === 'cite')
  )
    return 'skip';
  if (e.attrs.id === 'divRplyFwdMsg' || e.attrs.id === 'appendonsend') return 'stop';
  return null;
};
// Slice the real text nodes back out, as a DOM Range would.
function rangeText(r) {
  if (r.startNode === r.endNode) return r.startNode.nodeValue.slice(r.startOffset, r.endOffset);
  return r.startNode.nodeValue.slice(r.startOffset) + '|' + r.endNode.nodeValue.slice(0, r.endOffset);
}

test('code-point offsets from Python land on the same word in a JS string after emoji', () => {
  const text = 'Thanks 🙏🏽 so much! What is the salary? 👍';
  // Python: text.index("salary") counts code points; the emoji pair 🙏🏽 is 2 code points, 4 UTF-16 units.
  const cpOffset = [...text.slice(0, text.indexOf('salary'))].length;
  const [w] = core.toUtf16Warnings(text, [
    { rule: 'salary.mention', severity: 'error', offset: cpOffset, length: 6 },
  ]);
  assert.equal(text.slice(w.start, w.end), 'salary');
  assert.notEqual(cpOffset, text.indexOf('salary'), 'the fixture must actually contain astral characters');
});

test('offsets without astral characters are unchanged and out-of-range values are clamped', () => {
  const map = core.makeCodePointMapper('plain text');
  assert.equal(map(6), 6);
  assert.equal(map(99), 10);
  const m2 = core.makeCodePointMapper('a😀b');
  assert.deepEqual([0, 1, 2, 3, 9].map(m2), [0, 1, 3, 4, 4]);
});

test('extraction leaves out Gmail quotes, cite blockquotes and the signature', () => {
  const body = el(
    'div',
    {},
    el('div', {}, 'Hi Ana,'),
    el('div', {}, 'Thank you for ', el('b', {}, 'today'), '.'),
    el('div', { class: 'gmail_signature' }, 'Jordan Lee | salary expert'),
    el('div', { class: 'gmail_quote' }, 'On Monday Ana wrote: what salary do you expect?'),
    el('blockquote', { type: 'cite' }, 'old salary talk'),
  );
  const { text, segments } = core.extractText(body, classify);
  assert.equal(text.trim(), 'Hi Ana,\nThank you for today.');
  assert.ok(!/salary/.test(text));
  const start = text.indexOf('today');
  const r = core.locateRange(segments, start, start + 5);
  assert.equal(rangeText(r), 'today');
});

test('Outlook reply header stops extraction: the header and everything after it are history', () => {
  const body = el(
    'div',
    {},
    el('div', {}, 'Dear Sam, thanks again.'),
    el('div', { id: 'appendonsend' }),
    el('hr', {}),
    el('div', { id: 'divRplyFwdMsg' }, 'From: Sam'),
    el('div', {}, 'What are your salary expectations?'),
  );
  const { text, cut } = core.extractText(body, classify);
  assert.equal(text.trim(), 'Dear Sam, thanks again.');
  assert.equal(cut, true);
});

test('a "-- " line starts the signature; dashes inside a sentence do not', () => {
  const body = el(
    'div',
    {},
    el('div', {}, 'Thanks -- really.'),
    el('div', {}, '-- '),
    el('div', {}, 'Jordan, salary negotiator'),
  );
  const { text, segments } = core.extractText(body, classify);
  assert.equal(text, 'Thanks -- really.\n');
  assert.ok(segments.every((s) => s.end <= text.length));
  assert.equal(core.signatureStart('a --- b\n---\nc'), -1);
  assert.equal(core.signatureStart('Hi\n--\nMe'), 3);
});

test('line breaks and nested markup: ranges map back across text nodes', () => {
  const body = el(
    'div',
    {},
    'I ',
    el('i', {}, 'really'),
    ' need',
    el('br', {}),
    'this job',
    el('div', {}, 'Best'),
  );
  const { text, segments } = core.extractText(body, classify);
  assert.equal(text, 'I really need\nthis job\nBest\n');
  const s = text.indexOf('really need');
  const r = core.locateRange(segments, s, s + 'really need'.length);
  assert.equal(rangeText(r), 'really| need');
  // a span starting on the virtual newline snaps to the next real text
  const nl = text.indexOf('\n');
  const r2 = core.locateRange(segments, nl, nl + 5);
  assert.equal(rangeText(r2), 'this');
});

test('no-break spaces become spaces without moving offsets', () => {
  const body = el('div', {}, 'a\u00a0b c');
  const { text } = core.extractText(body, classify);
  assert.equal(text, 'a b c');
});

test('warnings keep their words while typing elsewhere and drop when their words are edited', () => {
  const before = 'Hi. I need an answer ASAP. Thanks';
  const ws = core.toUtf16Warnings(before, [
    { rule: 'tone.demand', severity: 'warning', offset: before.indexOf('ASAP'), length: 4 },
    { rule: 'length.short', severity: 'suggestion', offset: 0, length: 0 },
  ]);
  const typedBefore = 'Hi there. I need an answer ASAP. Thanks';
  const moved = core.shiftWarnings(ws, before, typedBefore);
  const asap = moved.find((w) => w.rule === 'tone.demand');
  assert.equal(typedBefore.slice(asap.start, asap.end), 'ASAP');
  const edited = 'Hi. I need an answer ASAPP. Thanks';
  assert.deepEqual(
    core.shiftWarnings(ws, before, edited).map((w) => w.rule),
    ['length.short'],
  );
  // a space typed right after the word leaves it flagged
  const spaced = 'Hi. I need an answer ASAP . Thanks';
  const kept = core.shiftWarnings(ws, before, spaced).find((w) => w.rule === 'tone.demand');
  assert.equal(spaced.slice(kept.start, kept.end), 'ASAP');
});

test('grouping: errors first, then warnings, then suggestions, each in text order', () => {
  const ws = core.toUtf16Warnings('x'.repeat(50), [
    { rule: 'b', severity: 'warning', offset: 30, length: 2 },
    { rule: 'a', severity: 'error', offset: 40, length: 2 },
    { rule: 'c', severity: 'warning', offset: 5, length: 2 },
    { rule: 'd', severity: 'suggestion', offset: 0, length: 0 },
  ]);
  const groups = core.groupBySeverity(ws, { error: 'E', warning: 'W', suggestion: 'S' });
  assert.deepEqual(
    groups.map((g) => g.severity),
    ['error', 'warning', 'suggestion'],
  );
  assert.deepEqual(
    groups.map((g) => g.title),
    ['E', 'W', 'S'],
  );
  assert.deepEqual(
    groups[1].items.map((w) => w.rule),
    ['c', 'b'],
  );
  assert.equal(core.verdictOf(ws), 'fix');
  assert.equal(core.verdictOf(ws.filter((w) => w.severity !== 'error')), 'review');
  assert.equal(core.verdictOf([]), 'ready');
});

test('debounce runs once with the last arguments after the quiet period', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const calls = [];
  const d = core.debounce((v) => calls.push(v), 250, { setTimeout, clearTimeout });
  d(1);
  t.mock.timers.tick(100);
  d(2);
  t.mock.timers.tick(249);
  assert.deepEqual(calls, []);
  t.mock.timers.tick(1);
  assert.deepEqual(calls, [2]);
  d(3);
  d.cancel();
  t.mock.timers.tick(1000);
  assert.deepEqual(calls, [2]);
});

test('only the newest request is current; older answers are stale', () => {
  const latest = core.createLatest();
  const first = latest.next();
  const second = latest.next();
  assert.equal(latest.isCurrent(first), false);
  assert.equal(latest.isCurrent(second), true);
  latest.invalidate();
  assert.equal(latest.isCurrent(second), false);
});

test('back-off grows and is capped', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 10].map(core.backoffDelay), [500, 1000, 2000, 4000, 5000, 5000]);
});

test('backend URL must be loopback unless explicitly allowed, and then https', () => {
  assert.deepEqual(core.checkBackendUrl('http://127.0.0.1:5455/', false), {
    ok: true,
    url: 'http://127.0.0.1:5455',
    loopback: true,
  });
  assert.equal(core.checkBackendUrl('http://localhost:9000', false).ok, true);
  assert.equal(core.checkBackendUrl('http://[::1]:9000', false).ok, true);
  assert.equal(core.checkBackendUrl('http://example.com:5455', false).ok, false);
  assert.equal(core.checkBackendUrl('http://127.0.0.1.evil.com', false).ok, false);
  assert.equal(core.checkBackendUrl('http://example.com', true).ok, false, 'remote needs https');
  assert.equal(core.checkBackendUrl('https://coach.example.com', true).ok, true);
  assert.equal(core.checkBackendUrl('file:///etc/passwd', true).ok, false);
  assert.equal(core.checkBackendUrl('http://user:pw@127.0.0.1:5455', false).ok, false);
  assert.equal(core.checkBackendUrl('not a url', false).ok, false);
});

test('messages from content scripts are whitelisted and bounded', () => {
  assert.equal(
    core.validateMessage({ type: 'check', text: 'hi', subject: 's', context: { interviewer_email: 'a@b.c' } })
      .ok,
    true,
  );
  assert.equal(core.validateMessage({ type: 'check', text: 'x'.repeat(20001) }).ok, false);
  assert.equal(core.validateMessage({ type: 'check', text: 'hi', context: { evil: 1 } }).ok, false);
  assert.equal(core.validateMessage({ type: 'fetch', url: 'http://evil' }).ok, false);
  assert.equal(core.validateMessage({ type: 'render', id: '../../admin' }).ok, false);
  assert.equal(core.validateMessage({ type: 'render', id: 'thank-you' }).ok, true);
  assert.equal(core.validateMessage({ type: 'addWord', word: 'two words' }).ok, false);
  assert.equal(core.validateMessage({ type: 'addWord', word: 'Siobhan' }).value.word, 'Siobhan');
  assert.equal(
    core.validateMessage({ type: 'check', text: 'hi', slot: 'a1b2', tracked: true }).value.tracked,
    true,
  );
  assert.equal(
    core.validateMessage({ type: 'check', text: 'hi', slot: 'a1b2', tracked: 'yes' }).value.tracked,
    false,
  );
  assert.equal(
    core.validateMessage({ type: 'check', text: 'hi', kind: 'follow_up' }).value.kind,
    'follow_up',
  );
  assert.equal(core.validateMessage({ type: 'check', text: 'hi' }).value.kind, 'auto');
  assert.equal(core.validateMessage({ type: 'check', text: 'hi', kind: 'evil' }).ok, false);
  assert.equal(
    core.validateMessage({ type: 'health', probe: { backendUrl: 'http://127.0.0.1:5456' } }).value.probe
      .backendUrl,
    'http://127.0.0.1:5456',
  );
  assert.equal(core.validateMessage({ type: 'rules', probe: { backendUrl: 5 } }).ok, false);
  assert.equal(core.validateMessage({ type: 'rules' }).ok, true);
  assert.equal(
    core.validateMessage({ type: 'reminder', context: { interviewer_email: 'a@b.c' }, tracked: true }).value
      .tracked,
    true,
  );
  assert.equal(core.validateMessage({ type: 'reminder', context: { evil: 1 } }).ok, false);
  assert.equal(core.validateMessage({ type: 'check', text: 'hi', slot: '../x' }).ok, false);
  assert.equal(core.validateMessage({ type: 'pair', code: '1234 5678' }).value.code, '1234-5678');
  assert.equal(core.validateMessage({ type: 'pair', code: '1234-567' }).ok, false);
  assert.equal(core.validateMessage(null).ok, false);
  assert.equal(core.validateMessage([]).ok, false);
});

test('dictionary offers only single misspelt words', () => {
  assert.equal(
    core.isDictionaryCandidate({
      category: 'proofreading',
      rule: 'proofreading.spelling',
      excerpt: 'Siobhan',
    }),
    true,
  );
  assert.equal(
    core.isDictionaryCandidate({
      category: 'proofreading',
      rule: 'proofreading.placeholder',
      excerpt: '[Company]',
    }),
    false,
  );
  assert.equal(
    core.isDictionaryCandidate({ category: 'tone', rule: 'tone.spelling', excerpt: 'thx' }),
    false,
  );
});

test('a reply header nested deep inside wrappers still ends the user text', () => {
  const body = el(
    'div',
    {},
    el('ul', {}, el('li', {}, 'first point'), el('li', {}, 'second point')),
    el('div', {}, el('div', {}, el('div', { id: 'divRplyFwdMsg' }, 'From: Sam'), 'quoted salary')),
    el('div', {}, 'more history'),
  );
  const { text, segments } = core.extractText(body, classify);
  assert.equal(text, 'first point\nsecond point\n');
  assert.ok(segments.every((s) => !/salary|history/.test(s.node.nodeValue)));
});

test('ranges never start inside excluded text: the segment map skips quotes entirely', () => {
  const body = el('div', {}, 'Hello ', el('span', { class: 'gmail_quote' }, 'QUOTE'), 'world');
  const { text, segments } = core.extractText(body, classify);
  assert.equal(text, 'Hello world');
  const s = text.indexOf('world');
  const r = core.locateRange(segments, s, s + 5);
  assert.equal(rangeText(r), 'world');
});

test('malformed warnings from a backend are tolerated: clamped, never thrown on', () => {
  const ws = core.toUtf16Warnings('short', [
    null,
    { rule: 'x', severity: 'warning', offset: 99, length: 5 },
    { rule: 'y', offset: -3, length: 'a' },
  ]);
  assert.equal(ws.length, 2);
  assert.ok(ws.every((w) => w.start >= 0 && w.end <= 5));
});

test('the dialects match the API list', () => {
  assert.deepEqual(core.DIALECTS, ['british', 'american', 'canadian', 'australian', 'indian']);
});
