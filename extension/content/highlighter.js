/*
 * Highlight boxes over the flagged words, Grammarly-style: absolutely (fixed) positioned boxes in the
 * panel's shadow root, computed from Range.getClientRects(). The editor's DOM is only read, never
 * written, so nothing of ours can end up in a sent email. Boxes are clipped to the editor's visible
 * area (and to scrolling ancestors) so they never float over the rest of the webmail.
 */
(function (root) {
  'use strict';

  function hexToRgba(hex, alpha) {
    const n = parseInt(hex.slice(1), 16);
    return 'rgba(' + ((n >> 16) & 255) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + alpha + ')';
  }

  class Highlighter {
    constructor(layer, editor) {
      this.layer = layer;
      this.editor = editor;
      this.pool = [];
      this.clippers = null;
      this.current = null;
      this.boxes = [];
    }

    /** The boxes drawn last, in viewport coordinates: the panel must never cover them. */
    rects() {
      return this.boxes;
    }

    /** Scrolling/overflow-clipping ancestors of the editor, found once (their style rarely changes). */
    clipAncestors() {
      if (this.clippers) return this.clippers;
      const out = [];
      let el = this.editor;
      while (el && el.nodeType === 1 && el !== document.documentElement) {
        const cs = getComputedStyle(el);
        if (/(auto|scroll|hidden|clip)/.test(cs.overflowX + cs.overflowY) || el === this.editor) out.push(el);
        el = el.parentElement;
      }
      this.clippers = out;
      return out;
    }

    invalidateClip() {
      this.clippers = null;
    }

    visibleBox() {
      let box = { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
      for (const el of this.clipAncestors()) {
        const r = el.getBoundingClientRect();
        box = {
          left: Math.max(box.left, r.left),
          top: Math.max(box.top, r.top),
          right: Math.min(box.right, r.right),
          bottom: Math.min(box.bottom, r.bottom),
        };
      }
      return box;
    }

    clear() {
      for (const b of this.pool) if (b.parentNode) b.remove();
      this.pool.length = 0;
      this.boxes = [];
    }

    /**
     * @param warnings visible warnings with UTF-16 start/end in `segments`' text
     * @param segments from EtiquetteCore.extractText on the current DOM
     */
    draw(warnings, segments, dark, colorFor) {
      const C = root.EtiquetteCore;
      const clip = this.visibleBox();
      let used = 0;
      const boxes = [];
      if (clip.right > clip.left && clip.bottom > clip.top) {
        for (const w of warnings) {
          if (w.whole || w.end <= w.start) continue;
          const loc = C.locateRange(segments, w.start, w.end);
          if (!loc) continue;
          let rects;
          try {
            const range = document.createRange();
            range.setStart(loc.startNode, loc.startOffset);
            range.setEnd(loc.endNode, loc.endOffset);
            rects = range.getClientRects();
          } catch (e) {
            continue; // its text node changed under it since the last read: no box until the next frame
          }
          const color = colorFor(w.category, dark);
          for (const r of rects) {
            if (r.width < 0.5 || r.height < 0.5) continue;
            const left = Math.max(r.left, clip.left),
              right = Math.min(r.right, clip.right);
            const top = Math.max(r.top, clip.top),
              bottom = Math.min(r.bottom, clip.bottom);
            if (right <= left || bottom <= top) continue;
            let box = this.pool[used];
            if (!box) {
              box = document.createElement('div');
              box.className = 'hl';
              box.setAttribute('data-etiquette-highlight', '');
              this.pool.push(box);
            }
            if (!box.parentNode) this.layer.appendChild(box);
            used++;
            box.setAttribute('data-category', w.category);
            box.setAttribute('data-severity', w.severity);
            box.setAttribute('data-rule', w.rule);
            const cur = this.current;
            box.classList.toggle('current', !!cur && cur.rule === w.rule && cur.offset === w.offset);
            const st = box.style;
            boxes.push({ left, top, right, bottom });
            st.left = left + 'px';
            st.top = top + 'px';
            st.width = right - left + 'px';
            st.height = bottom - top + 'px';
            st.setProperty('--c', color);
            st.setProperty('--cbg', hexToRgba(color, 0.1));
            st.setProperty('--cbgstrong', hexToRgba(color, 0.26));
          }
        }
      }
      this.boxes = boxes;
      for (let i = used; i < this.pool.length; i++) if (this.pool[i].parentNode) this.pool[i].remove();
      this.pool.length = Math.max(used, Math.min(this.pool.length, used + 16));
    }
  }

  root.EtiquetteHighlighter = { Highlighter };
})(globalThis);
