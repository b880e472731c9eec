/*
 * Pre-send guard: a Send on a draft whose verdict is "fix" is held once, with a notice in the panel
 * ("Review", "Send anyway"). Held once only: the second Send always goes through, so the guard can
 * never trap mail. Webmails send on mousedown/mouseup as often as on click, so the whole press is held.
 */
(function (root) {
  'use strict';

  const C = root.EtiquetteCore;

  root.EtiquetteCompose.extend({
    /** @returns true when this event was held (the webmail never saw it). */
    maybeHoldSend(e, isSend) {
      if (!isSend || !this.alive || this.bypassGuard) return false;
      // Held once only: the second Send always goes through, so the guard can never trap mail.
      if (this.sendHeld && (e.type === 'pointerdown' || e.type === 'mousedown' || e.type === 'keydown'))
        this.sendReleased = true;
      if (this.sendReleased) return false;
      if (!this.result || !this.online) return false;
      const visible = this.visibleWarnings();
      if (C.verdictOf(visible) !== 'fix') return false;
      e.preventDefault();
      e.stopImmediatePropagation();
      if (e.type !== 'click' && e.type !== 'keydown') return true; // the rest of the press: held silently
      this.sendHeld = true;
      const errors = visible.filter((w) => w.severity === 'error');
      this.panel.open();
      this.panel.guard(
        errors,
        () => {
          this.bypassGuard = true;
          const send = this.adapter.send(this.root);
          if (!send) return;
          // Replay the press the webmail expects from a real click (events dispatch synchronously).
          try {
            for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup']) {
              const Ctor = type.startsWith('pointer') && root.PointerEvent ? PointerEvent : MouseEvent;
              send.dispatchEvent(
                new Ctor(type, { bubbles: true, cancelable: true, composed: true, view: root, button: 0 }),
              );
            }
            send.click();
          } finally {
            this.bypassGuard = false;
          }
          // The replayed press is ours, not trusted, so the Send hooks ignore it: the user's trusted
          // click on "Send anyway" is what logs it.
          this.logSend('anyway');
        },
        () => {
          if (errors[0]) this.select(errors[0]);
        },
      );
      return true;
    },
  });
})(globalThis);
