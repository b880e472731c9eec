/*
 * Where the panel goes: beside the compose window when there is room, never over Send, another compose
 * or off screen. When there is no room beside it, the panel is a small badge at the compose's edge (the
 * draft stays readable); opened from the badge, the card goes where it hides no flagged word.
 * Pure functions of rectangles ({left, top, right, bottom}), tested in tests/placement.test.mjs.
 */
(function (root) {
  'use strict';

  const GAP = 10,
    MARGIN = 8;

  function intersects(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function overlapArea(a, b) {
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    return w > 0 && h > 0 ? w * h : 0;
  }

  const rectOf = (t, w) => ({ left: t.left, top: t.top, right: t.left + w, bottom: t.top + t.height });
  const onScreen = (r, view) =>
    r.left >= MARGIN - 0.5 &&
    r.right <= view.width - MARGIN + 0.5 &&
    r.top >= MARGIN - 0.5 &&
    r.bottom <= view.height - MARGIN + 0.5;

  /** The card beside the compose (left, right, above, below) or over the page's own chrome; null when none fits. */
  function besideCompose(compose, view, avoid, size) {
    const w = size.width;
    const tries = [];
    const top = Math.max(MARGIN, Math.min(compose.top, view.height - MARGIN - size.minHeight));
    const h = Math.max(
      size.minHeight,
      Math.min(size.maxHeight, Math.max(compose.bottom, top + size.minHeight, view.height - MARGIN) - top),
    );
    const sideH = Math.min(h, view.height - MARGIN - top);
    tries.push({ side: 'left', left: compose.left - GAP - w, top, height: sideH });
    tries.push({ side: 'right', left: compose.right + GAP, top, height: sideH });
    // Above the compose (Gmail's pop-up windows sit at the bottom of the screen).
    const aboveH = Math.min(size.maxHeight, compose.top - GAP - MARGIN);
    if (aboveH >= size.minHeight) {
      // anchorBottom: the card grows upwards from just above the compose instead of hanging from the top.
      tries.push({
        side: 'above',
        anchorBottom: true,
        left: Math.min(Math.max(MARGIN, compose.right - w), view.width - MARGIN - w),
        top: compose.top - GAP - aboveH,
        height: aboveH,
      });
    }
    const belowH = Math.min(size.maxHeight, view.height - MARGIN - (compose.bottom + GAP));
    if (belowH >= size.minHeight) {
      tries.push({
        side: 'below',
        left: Math.min(Math.max(MARGIN, compose.right - w), view.width - MARGIN - w),
        top: compose.bottom + GAP,
        height: belowH,
      });
    }
    // Over the page's own chrome (folder list, message list) rather than over the draft itself.
    const edgeH = Math.min(size.maxHeight, view.height - 2 * MARGIN);
    for (const left of [MARGIN, view.width - MARGIN - w]) {
      for (const t of [top, view.height - MARGIN - edgeH, MARGIN]) {
        tries.push({ side: 'edge', left, top: t, height: Math.min(edgeH, view.height - MARGIN - t) });
      }
    }
    const blocked = avoid.concat([compose]);
    for (const t of tries) {
      const r = rectOf(t, w);
      if (t.height >= size.minHeight && onScreen(r, view) && !blocked.some((a) => intersects(r, a))) return t;
    }
    return null;
  }

  /**
   * The badge at the compose's edge: just outside it when there is a sliver of room, else in one of its
   * corners, never over Send, another compose or a flagged word.
   * @param badge {width, height}
   */
  function placeBadge(compose, view, avoid, keepClear, badge) {
    const bw = badge.width,
      bh = badge.height,
      inset = MARGIN;
    const c = {
      left: Math.max(compose.left, 0),
      top: Math.max(compose.top, 0),
      right: Math.min(compose.right, view.width),
      bottom: Math.min(compose.bottom, view.height),
    };
    const tries = [
      { left: c.right + inset, top: c.top + inset }, // beside the top-right corner
      { left: c.left - inset - bw, top: c.top + inset }, // beside the top-left corner
      { left: c.right - bw, top: c.top - inset - bh }, // above the top-right corner
      { left: c.right - bw - inset, top: c.top + inset }, // inside: top-right, bottom-right, top-left, bottom-left
      { left: c.right - bw - inset, top: c.bottom - bh - inset },
      { left: c.left + inset, top: c.top + inset },
      { left: c.left + inset, top: c.bottom - bh - inset },
    ];
    const blocked = avoid.concat(keepClear);
    let best = null;
    for (const t of tries) {
      const r = { left: t.left, top: t.top, right: t.left + bw, bottom: t.top + bh };
      if (!onScreen(r, view)) continue;
      const cost = avoid.some((a) => intersects(r, a))
        ? Infinity
        : blocked.reduce((s, a) => s + overlapArea(r, a), 0);
      if (cost === 0) return { side: 'badge', left: t.left, top: t.top, height: bh };
      if (!best || cost < best.cost) best = { side: 'badge', left: t.left, top: t.top, height: bh, cost };
    }
    if (best && best.cost < Infinity) {
      delete best.cost;
      return best;
    }
    return {
      side: 'badge',
      left: Math.max(MARGIN, Math.min(c.right - bw - inset, view.width - MARGIN - bw)),
      top: Math.max(MARGIN, c.top + inset),
      height: bh,
    };
  }

  /** The opened card when nothing beside the compose is free: over it, but off every flagged word. */
  function placeOver(compose, view, avoid, keepClear, size) {
    const w = size.width;
    const lefts = [compose.right - w - MARGIN, view.width - MARGIN - w, compose.left + MARGIN, MARGIN];
    const heights = [
      Math.min(size.maxHeight, view.height - 2 * MARGIN),
      Math.max(size.minHeight, Math.min(size.maxHeight, 320)),
      size.minHeight,
    ];
    let best = null;
    for (const height of heights) {
      const tops = [
        Math.max(MARGIN, compose.top + MARGIN),
        view.height - MARGIN - height,
        MARGIN,
        Math.min(view.height - MARGIN - height, compose.bottom - MARGIN - height),
      ];
      for (const l of lefts) {
        for (const t of tops) {
          const left = Math.max(MARGIN, Math.min(l, view.width - MARGIN - w));
          const top = Math.max(MARGIN, Math.min(t, view.height - MARGIN - height));
          const r = { left, top, right: left + w, bottom: top + height };
          if (avoid.some((a) => intersects(r, a))) continue;
          const cost = keepClear.reduce((s, a) => s + overlapArea(r, a), 0);
          if (cost === 0) return { side: 'over', left, top, height };
          if (!best || cost < best.cost) best = { side: 'over', left, top, height, cost };
        }
      }
    }
    if (best) {
      delete best.cost;
      return best;
    }
    return {
      side: 'over',
      left: Math.max(MARGIN, view.width - MARGIN - w),
      top: MARGIN,
      height: size.minHeight,
    };
  }

  /**
   * @param compose   rect of this compose window
   * @param view      {width, height}
   * @param avoid     rects that must stay visible (Send buttons, other compose windows, older panels)
   * @param size      {width, minHeight, maxHeight} of the card
   * @param opts      {keepClear: rects of the flagged words, open: the user opened the badge, badge: {width, height}}
   * @returns {side: left|right|above|below|edge|badge|over, left, top, height, anchorBottom?}
   */
  function placePanel(compose, view, avoid, size, opts) {
    const o = opts || {};
    const keepClear = o.keepClear || [];
    const beside = besideCompose(compose, view, avoid, size);
    if (beside) return beside;
    if (!o.open) return placeBadge(compose, view, avoid, keepClear, o.badge || { width: 56, height: 28 });
    return placeOver(compose, view, avoid, keepClear, size);
  }

  const api = { placePanel, placeBadge, placeOver, intersects, overlapArea };
  root.EtiquettePlacement = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
