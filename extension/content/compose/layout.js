/*
 * Drawing, at most once per animation frame: the text is re-read, the warnings follow their words,
 * the highlight boxes are redrawn, and the panel is placed beside the compose (or as a badge) without
 * covering a flagged word, Send, or another compose window and its panel.
 */
(function (root) {
  'use strict';

  const { report } = root.EtiquetteReport;
  root.EtiquetteCompose.extend({
    /** One onFrame() soon (an animation frame, or a timer in a background tab); `layoutToo` places the panel again. */
    scheduleFrame(layoutToo) {
      if (layoutToo) this.needLayout = true;
      if (this.frame) return;
      const run = () => {
        if (!this.frame) return;
        cancelAnimationFrame(this.frame);
        clearTimeout(this.frameTimer);
        this.frame = 0;
        if (!this.alive) return;
        try {
          this.onFrame();
        } catch (e) {
          report(e, 'layout: drawing a frame'); // a drawing hiccup never reaches the page
        }
      };
      this.frame = requestAnimationFrame(run);
      // Animation frames pause in background tabs; the boxes must still follow the text there.
      this.frameTimer = setTimeout(run, 150);
    },

    /** Called by the document observer when the editor's nodes change without an input event
     *  (a script, the webmail restoring a draft): check that text too. */
    contentChanged() {
      this.debounced();
      this.notePending();
      this.scheduleFrame();
    },

    /** Re-reads the draft, redraws the boxes, places the panel if needed, marks the warning under the caret. */
    onFrame() {
      this.resync();
      if (this.result)
        this.highlighter.draw(
          this.visibleWarnings(),
          this.segments,
          this.panel.dark,
          root.EtiquettePanelLabels.colorFor,
        );
      else this.highlighter.clear();
      // Placed after the boxes are drawn: a badge or card over the compose must stay off every one of them.
      if (this.needLayout || this.panelCoversHighlight()) {
        this.needLayout = false;
        this.layout();
      }
      // The list follows the caret; under the mouse it stays still (scrolled to the hovered warning, it
      // moved the button being aimed at away from the pointer, and the click landed beside it).
      const atCaret = this.currentUnderCaret();
      this.panel.markCurrent(atCaret || this.hovered, !!atCaret);
    },

    /** Warning whose words hold the caret: its list item is marked so the two views stay linked. */
    currentUnderCaret() {
      const r = this.savedRange;
      if (!r || !this.warnings.length) return null;
      const seg = this.segments.find((s) => s.node === r.startContainer);
      if (!seg) return null;
      const pos = seg.start + r.startOffset;
      return this.visibleWarnings().find((w) => !w.whole && w.start <= pos && pos <= w.end) || null;
    },

    /** Places the panel beside the compose (or as a badge), clear of Send, other composes and flagged words. */
    layout() {
      const rr = this.root.getBoundingClientRect();
      if (!rr.width && !rr.height) return;
      const avoid = [];
      const send = this.adapter.send(this.root);
      if (send) avoid.push(send.getBoundingClientRect());
      let earlier = true;
      for (const other of this.env.allComposes()) {
        if (other === this) {
          earlier = false;
          continue;
        }
        avoid.push(other.root.getBoundingClientRect());
        const os = other.adapter.send(other.root);
        if (os) avoid.push(os.getBoundingClientRect());
        // Nor on the panel of an older compose (older ones never move for newer ones: no see-saw).
        if (earlier && other.placed) avoid.push(other.placed);
      }
      const size = {
        width: 320,
        minHeight: this.panel.collapsed ? 48 : 180,
        maxHeight: this.panel.collapsed ? 60 : 520,
      };
      const p = root.EtiquettePlacement.placePanel(
        rr,
        { width: innerWidth, height: innerHeight },
        avoid,
        size,
        { keepClear: this.highlighter.rects(), open: this.panel.opened, badge: this.panel.badgeSize },
      );
      this.panel.place(p);
      // Other panels avoid where this card really is (its height follows its content).
      const cr = this.panel.cardRect();
      this.placed = { left: cr.left, top: cr.top, right: cr.right, bottom: cr.bottom };
    },

    /** The badge or the card placed over the compose now sits on a flagged word (the user typed, scrolled). */
    panelCoversHighlight() {
      if (this.panel.placement !== 'badge' && this.panel.placement !== 'over') return false;
      const r = this.panel.cardRect();
      return this.highlighter.rects().some((b) => root.EtiquettePlacement.intersects(r, b));
    },
  });
})(globalThis);
