/*
 * The dates the employer gave in the quoted message, as proposals the user accepts with one click:
 * "They said they would decide by Fri 4 Dec — use this date?". Never applied without that click.
 * Pure helpers (tested in tests/thread-dates.test.mjs); content/thread-dates.js drives them.
 */
(function (root) {
  'use strict';

  const FIELDS = ['decision_by', 'interview_at'];

  /** Local calendar parts of an ISO date or date-time (a date alone is that day, wherever we are). */
  function parts(iso) {
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(String(iso || ''));
    if (!m) return null;
    if (!m[4] || !/(Z|[+-]\d{2}:\d{2})$/.test(iso)) {
      return { date: new Date(+m[1], +m[2] - 1, +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0), time: !!m[4] };
    }
    const d = new Date(iso);
    return isNaN(d.getTime()) ? null : { date: d, time: true };
  }

  /** "Fri 4 Dec", "Tue 24 Nov, 10:00". */
  function dateLabel(iso) {
    const p = parts(iso);
    if (!p) return String(iso || '');
    const day = p.date.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });
    if (!p.time) return day;
    return day + ', ' + p.date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  }

  /** The same moment (or day) whatever way it is written: what the tracker holds is not proposed again. */
  function sameValue(a, b) {
    if (!a || !b) return false;
    const pa = parts(a),
      pb = parts(b);
    if (!pa || !pb) return a === b;
    if (!pa.time || !pb.time) return pa.date.toDateString() === pb.date.toDateString() && pa.time === pb.time;
    return pa.date.getTime() === pb.date.getTime();
  }

  /**
   * @param found      the answer of POST /api/v1/extract-dates
   * @param interview  the tracked interview (or null)
   * @param dismissed  Set of "field=value" the user said no to
   * @returns [{field, value, text, button, evidence}]
   */
  function proposals(found, interview, dismissed) {
    const out = [];
    if (!found) return out;
    for (const field of FIELDS) {
      const value = found[field];
      if (typeof value !== 'string' || !value) continue;
      if (interview && sameValue(interview[field], value)) continue;
      if (dismissed && dismissed.has(field + '=' + value)) continue;
      const ev = (found.evidence || []).find((e) => e.field === field);
      const label = dateLabel(value);
      out.push(
        field === 'decision_by'
          ? {
              field,
              value,
              text: 'They said they would decide by ' + label + ' — use this date?',
              button: 'Use this date',
              evidence: ev ? ev.excerpt : '',
            }
          : {
              field,
              value,
              text: 'They gave ' + label + ' for the interview — use this time?',
              button: 'Use this time',
              evidence: ev ? ev.excerpt : '',
            },
      );
    }
    return out;
  }

  const api = { proposals, dateLabel, sameValue };
  root.EtiquetteThreadDateHelpers = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
