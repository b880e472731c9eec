/*
 * "Add to calendar": the next step as an .ics file from the backend (tracker facts when tracked).
 */
(function (root) {
  'use strict';

  const { ask } = root.EtiquetteMessaging;

  root.EtiquetteCompose.extend({
    /** Add to calendar: the next step as an .ics file, from the backend (tracker facts when tracked). */
    async remind() {
      const reply = await ask({ type: 'reminder', context: this.context(), tracked: this.userActed });
      if (!this.alive) return;
      if (reply.ok && typeof reply.ics === 'string')
        this.panel.download(reply.filename || 'reminder.ics', reply.ics, 'text/calendar');
      else this.panel.say('Could not make the calendar event: ' + (reply.error || 'no answer'));
    },
  });
})(globalThis);
