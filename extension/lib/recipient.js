/*
 * Pre-filling a new interview from the compose window's recipient: the employer from the address's
 * domain, the interviewer's name from the To chip or the address.
 * Part of EtiquetteCore (lib/core.js); tested in tests/recipient.test.mjs.
 */
(function (root) {
  'use strict';

  const C = (root.EtiquetteCore = root.EtiquetteCore || {});
  // Node (the tests) loads the parts this one calls; a browser has them from the same list as this file.
  if (typeof module !== 'undefined' && module.exports) module.require('./values.js');

  // Addresses at these providers say nothing about the employer.
  const PERSONAL_MAIL_DOMAINS = [
    'gmail.com',
    'googlemail.com',
    'outlook.com',
    'hotmail.com',
    'live.com',
    'msn.com',
    'yahoo.com',
    'ymail.com',
    'icloud.com',
    'me.com',
    'mac.com',
    'aol.com',
    'proton.me',
    'protonmail.com',
    'gmx.com',
    'gmx.de',
    'web.de',
    'mail.com',
    'zoho.com',
    'fastmail.com',
    'hey.com',
    'yandex.ru',
    'qq.com',
    '163.com',
  ];
  // Second-level labels under a country code that are not the company (acme.co.uk, acme.com.au).
  const SECOND_LEVEL = ['co', 'com', 'org', 'net', 'ac', 'gov', 'edu', 'ltd', 'plc', 'or', 'ne', 'go'];
  // Subdomains that are a department or a mail system, not the company (careers.acme.com).
  const HOST_PREFIXES = [
    'mail',
    'email',
    'careers',
    'jobs',
    'recruiting',
    'recruitment',
    'talent',
    'hr',
    'corp',
    'eu',
    'us',
    'uk',
  ];

  /**
   * A guess at the employer from the recipient's address: siobhan@acme-analytics.com → "Acme Analytics".
   * '' for personal webmail addresses and anything unparseable (the user types it then).
   */
  function companyFromEmail(email) {
    const e = C.cleanEmail(email);
    if (!e) return '';
    const domain = e.slice(e.lastIndexOf('@') + 1).replace(/\.$/, '');
    if (
      PERSONAL_MAIL_DOMAINS.some((d) => domain === d || domain.endsWith('.' + d)) ||
      /^(yahoo|hotmail|outlook|live)\.[a-z.]+$/.test(domain)
    )
      return '';
    const labels = domain.split('.');
    labels.pop(); // the top-level domain
    if (
      labels.length >= 2 &&
      labels[labels.length - 1].length <= 3 &&
      SECOND_LEVEL.indexOf(labels[labels.length - 1]) >= 0
    )
      labels.pop();
    while (labels.length > 1 && HOST_PREFIXES.indexOf(labels[0]) >= 0) labels.shift();
    const name = labels[labels.length - 1] || '';
    if (/^xn--/.test(name)) return ''; // punycode: better typed by the user than guessed
    return name
      .split(/[-_]+/)
      .filter(Boolean)
      .map((w) => (/^\d/.test(w) || w.length <= 2 ? w.toUpperCase() : w[0].toUpperCase() + w.slice(1)))
      .join(' ');
  }

  /**
   * The interviewer's name for the form: the To chip's display name when it is a name, else a guess
   * from the address's local part (priya.shah@ → "Priya Shah"); '' for role addresses (jobs@, hr@).
   */
  function nameFromRecipient(display, email) {
    const d =
      typeof display === 'string'
        ? display
            .replace(/<[^>]*>/g, '')
            .replace(/["']/g, (m, i, s) => (i === 0 || i === s.length - 1 ? '' : m))
            .trim()
        : '';
    if (d && !d.includes('@') && d.length <= 120) return d;
    const e = C.cleanEmail(email);
    if (!e) return '';
    const local = e.slice(0, e.indexOf('@')).replace(/\+.*$/, '');
    if (
      /^(jobs?|careers?|hr|talent|recruit\w*|hiring|info|hello|contact|team|people|noreply|no-reply)$/.test(
        local,
      )
    )
      return '';
    const parts = local.split(/[._-]+/).filter((p) => /^[a-z]{2,}$/.test(p));
    return parts.map((p) => p[0].toUpperCase() + p.slice(1)).join(' ');
  }

  const api = { companyFromEmail, nameFromRecipient };
  Object.assign(C, api);
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
