// Unit tests of extension/lib/extract-text.js (Node's built-in runner: `node --test`).
// The lib/ file is a classic script that also sets module.exports, so createRequire loads the very
// file the browser runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = require('../lib/extract-text.js');

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
