/*
 * Which input is a Send: a trusted press on the webmail's Send button (pointer, mouse or click) or
 * Ctrl/Cmd+Enter in this compose (Enter/Space on a Send control that is no <button>). Listened to in
 * the capture phase on window, before the webmail's own handlers; each one goes to the pre-send guard
 * (send-guard.js), and one that goes through is logged (send-log.js). Also the Alt+Shift+E shortcut.
 */
(function (root) {
  'use strict';

  const PRESS_EVENTS = ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click'];

  root.EtiquetteCompose.extend({
    /** Listens for Send on window (capture phase); removeSendHooks() undoes it. */
    installSendHooks() {
      // Each Send goes to the pre-send guard first (maybeHoldSend, send-guard.js); one it does not hold
      // is logged (logSend, send-log.js), which never prevents or delays it.
      // Only the user's own input counts: a page script's send.click() or synthetic key is ignored
      // (never held, never logged), so it cannot forge the history the timing advice is built on.
      this.onSendClick = (e) => {
        if (!e.isTrusted) return;
        // In the panel, on the click itself: revealing the tracker row earlier (on the press) would move
        // the button out from under the pointer before the click lands.
        if (e.type === (e.target === this.panel.host ? 'click' : 'pointerdown') && this.ownsEvent(e))
          this.noteUserAction();
        const isSend = !!(e.target && this.isSendButton(e.target));
        const held = this.maybeHoldSend(e, isSend);
        if (!isSend || held) return;
        if (e.type === 'pointerdown' || e.type === 'mousedown')
          this.sendPressedAt = Date.now(); // see logSendOnClose()
        else this.logSend(e.type);
      };
      this.onSendKey = (e) => {
        if (!e.isTrusted) return;
        if (this.ownsEvent(e)) this.noteUserAction();
        // Alt+Shift+E from the draft jumps to the panel (Escape there comes back).
        if (e.altKey && e.shiftKey && e.code === 'KeyE' && this.editor.contains(e.target)) {
          e.preventDefault();
          this.panel.focusFirst();
          return;
        }
        const ctrlEnter = e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey;
        const held = this.maybeHoldSend(e, ctrlEnter && this.editor.contains(e.target));
        if (held || e.repeat) return;
        // Ctrl+Enter sends from anywhere in this compose (body or subject); Enter/Space on the Send button too.
        // A real <button> turns Enter/Space into a click, which is logged (or held by the guard) there.
        const onSend =
          (e.key === 'Enter' || e.key === ' ') &&
          e.target &&
          this.isSendButton(e.target) &&
          !(e.target.closest && e.target.closest('button'));
        if ((ctrlEnter && e.target && this.root.contains(e.target)) || onSend) this.logSend('keydown');
      };
      for (const type of PRESS_EVENTS) root.addEventListener(type, this.onSendClick, true);
      root.addEventListener('keydown', this.onSendKey, true);
    },

    /** Undoes installSendHooks(). */
    removeSendHooks() {
      for (const type of PRESS_EVENTS) root.removeEventListener(type, this.onSendClick, true);
      root.removeEventListener('keydown', this.onSendKey, true);
    },

    /** `target` is (inside) this compose's Send button. */
    isSendButton(target) {
      const send = this.adapter.send(this.root);
      return !!(send && target.nodeType === 1 && send.contains(target));
    },
  });
})(globalThis);
