/**
 * Headers for every HTML page, the participants' and the dashboard's: no script may run (CSP), nothing
 * is framed, the token in the address is not sent on as a referrer, and a shared computer's cache keeps
 * no copy of a personal page.
 */
export const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};
