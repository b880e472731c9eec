/*
 * How the background worker treats an answer from the backend (pure, tested in Node):
 * whether a queued Send is logged, tried again later or given up, how long to wait, and what
 * may be shown to the user of an error message.
 *
 * A Send is given up only on an answer that can never change (a 4xx other than "try later",
 * "pair first" or "wrong token"); everything else (no answer, a timeout, 5xx, 408/425/429, 401/403)
 * stays in the outbox and is tried again with back-off, honouring Retry-After (RFC 9110 §10.2.3).
 * The same Idempotency-Key goes with every attempt, so a try that reached the backend before timing
 * out is not logged twice.
 */
(function (root) {
  'use strict';

  const RETRY_MIN_MS = 1000;
  const RETRY_MAX_MS = 60 * 60 * 1000;
  const BACKOFF_BASE_MS = 2000;
  const BACKOFF_MAX_MS = 5 * 60 * 1000;
  const RETRY_STATUSES = [401, 403, 408, 425, 429];

  /** Retry-After as milliseconds from now (delta-seconds or an HTTP date), clamped; null when absent or unreadable. */
  function retryAfterMs(value, nowMs) {
    if (value === null || value === undefined) return null;
    const v = String(value).trim();
    if (!v) return null;
    let ms;
    if (/^\d+$/.test(v)) ms = parseInt(v, 10) * 1000;
    else {
      const at = Date.parse(v);
      if (isNaN(at)) return null;
      ms = at - (nowMs === undefined ? Date.now() : nowMs);
    }
    return Math.min(RETRY_MAX_MS, Math.max(RETRY_MIN_MS, ms));
  }

  /** Wait before try number `tries` + 1 of a queued Send (tries >= 1): 2 s, 4 s, 8 s ... at most 5 min. */
  function outboxBackoff(tries) {
    return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * Math.pow(2, Math.max(0, (tries || 1) - 1)));
  }

  /**
   * What to do with a queued Send after one attempt.
   * @param r the worker's call() result: {ok, status, httpStatus}
   * @returns 'logged' | 'retry' | 'drop'
   */
  function outboxVerdict(r) {
    if (!r) return 'retry';
    if (r.ok || r.httpStatus === 409) return 'logged'; // 409: this key is logged already (another kind)
    const code = r.httpStatus;
    if (!code) return 'retry'; // no answer at all: offline, refused, timed out
    if (code >= 500 || RETRY_STATUSES.indexOf(code) >= 0) return 'retry';
    return 'drop';
  }

  /** The user-facing reason a Send was given up. */
  function dropReason(r) {
    const code = r && r.httpStatus;
    if (code === 404 || code === 410) return 'the interview is no longer in the tracker';
    if (code === 413) return 'the tracker refused it as too large';
    return 'the tracker refused it (HTTP ' + (code || '?') + ')';
  }

  // A file-system path (or file: URL) starting a token: it may name the user, so it never reaches a page.
  const PATH =
    /(?<=^|[\s'"`([=:,;])(?:file:\/\/[^\s'"`<>)\]]*|~?[\\/][^\s'"`<>)\]]+|[A-Za-z]:[\\/][^\s'"`<>)\]]*)/g;

  /** An error message from the backend, fit for the panel: no file-system paths, one short line. */
  function publicMessage(text) {
    const s = String(text === null || text === undefined ? '' : text)
      .replace(/\s+/g, ' ')
      .trim();
    const clean = s.replace(PATH, 'a file');
    return clean.length > 200 ? clean.slice(0, 199) + '…' : clean;
  }

  /** The file name of a `Content-Disposition: attachment; filename="x.ics"` answer: a plain name only
   *  (letters, digits, dots, dashes), else a safe default, so no path ever reaches the download. */
  function attachmentName(header) {
    const m = /filename="([A-Za-z0-9._-]{1,100})"/.exec(String(header || ''));
    return m && !m[1].startsWith('.') ? m[1] : 'reminder.ics';
  }

  const api = { retryAfterMs, outboxBackoff, outboxVerdict, dropReason, publicMessage, attachmentName };
  root.EtiquetteDelivery = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
