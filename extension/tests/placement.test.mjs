// Unit tests of extension/lib/placement.js (Node's built-in runner: `node --test`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const P = require('../lib/placement.js');

const view = { width: 1400, height: 900 };
const size = { width: 320, minHeight: 160, maxHeight: 560 };
const badge = { width: 56, height: 28 };
const rect = (p, w) => ({ left: p.left, top: p.top, right: p.left + w, bottom: p.top + p.height });

test('panel placement avoids Send and other compose windows and stays on screen', () => {
  // Gmail pop-up at the bottom right: room on the left.
  const p = P.placePanel({ left: 900, top: 400, right: 1380, bottom: 900 }, view, [], size);
  assert.equal(p.side, 'left');
  assert.ok(p.left + size.width <= 900);
  // Another compose window on the left: go above instead of covering it.
  const other = { left: 400, top: 400, right: 880, bottom: 900 };
  const q = P.placePanel({ left: 900, top: 400, right: 1380, bottom: 900 }, view, [other], size);
  assert.ok(!P.intersects(rect(q, 320), other));
});

test('with no room beside the compose the panel is a badge at its edge, off Send and off every flagged word', () => {
  // Gmail's inline reply in a centred 820 px pane at 1280x800: 230 px each side, too narrow for the card.
  const v = { width: 1280, height: 800 };
  const compose = { left: 230, top: 170, right: 1050, bottom: 790 };
  const send = { left: 243, top: 740, right: 309, bottom: 770 };
  const p = P.placePanel(compose, v, [send], size, { badge });
  assert.equal(p.side, 'badge');
  // Just outside the compose's top-right corner: nothing of the draft under it.
  assert.ok(p.left >= compose.right && p.left + badge.width <= v.width - 8);
  // A full-width compose: inside a corner, never over Send or a flagged word.
  const full = { left: 0, top: 0, right: 1400, bottom: 900 };
  const word = { left: 1310, top: 10, right: 1390, bottom: 30 };
  const b = P.placePanel(full, view, [send], size, { badge, keepClear: [word] });
  assert.equal(b.side, 'badge');
  const br = rect(b, badge.width);
  assert.ok(!P.intersects(br, word) && !P.intersects(br, send));
  assert.ok(br.left >= 8 && br.right <= view.width - 8 && br.top >= 8 && br.bottom <= view.height - 8);
});

test('the card opened from the badge covers no flagged word and not Send', () => {
  const full = { left: 0, top: 0, right: 1400, bottom: 900 };
  const send = { left: 1000, top: 820, right: 1100, bottom: 850 };
  const words = [
    { left: 1200, top: 40, right: 1300, bottom: 58 },
    { left: 60, top: 300, right: 200, bottom: 318 },
  ];
  const p = P.placePanel(full, view, [send], size, { badge, open: true, keepClear: words });
  assert.equal(p.side, 'over');
  const r = rect(p, 320);
  for (const w of words) assert.ok(!P.intersects(r, w), JSON.stringify({ r, w }));
  assert.ok(!P.intersects(r, send));
  assert.ok(p.height >= size.minHeight);
  // Words everywhere: the least covered spot, still on screen.
  const many = [];
  for (let y = 10; y < 890; y += 30)
    for (let x = 10; x < 1390; x += 200) many.push({ left: x, top: y, right: x + 60, bottom: y + 18 });
  const q = P.placePanel(full, view, [], size, { badge, open: true, keepClear: many });
  const qr = rect(q, 320);
  assert.ok(qr.left >= 8 && qr.right <= view.width - 8 && qr.top >= 8 && qr.bottom <= view.height - 8);
});

test('overlap area is zero for rectangles that only touch', () => {
  assert.equal(
    P.overlapArea({ left: 0, top: 0, right: 10, bottom: 10 }, { left: 10, top: 0, right: 20, bottom: 10 }),
    0,
  );
  assert.equal(
    P.overlapArea({ left: 0, top: 0, right: 10, bottom: 10 }, { left: 5, top: 5, right: 20, bottom: 20 }),
    25,
  );
});
