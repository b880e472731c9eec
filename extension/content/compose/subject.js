/*
 * The compose's subject field: read (following a field the webmail re-rendered) and filled from a
 * template when empty.
 */
(function (root) {
  'use strict';

  root.EtiquetteCompose.extend({
    /** The subject, or null when this compose has no subject field of its own (inline replies). */
    subject() {
      if (!this.subjectEl || !this.subjectEl.isConnected) {
        // Re-rendered by the webmail (React does that): follow the new field.
        if (this.subjectEl) this.subjectEl.removeEventListener('input', this.onSubject);
        this.subjectEl = this.adapter.subject(this.root);
        if (this.subjectEl) this.subjectEl.addEventListener('input', this.onSubject);
      }
      const s = this.subjectEl;
      return s ? String(s.value !== undefined ? s.value : s.textContent || '') : null;
    },

    /** Fills an empty subject field with the template's subject, as typing would (React inputs included). */
    fillSubject(subject) {
      const el = this.subjectEl;
      if (!el || !subject || (this.subject() || '').trim() !== '') return;
      if ('value' in el) {
        // React-controlled inputs (Outlook) ignore a plain `.value =`; use the native setter.
        const proto =
          el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
        const setter = Object.getOwnPropertyDescriptor(proto, 'value').set;
        setter.call(el, subject);
      } else {
        el.textContent = subject;
      }
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    },
  });
})(globalThis);
