/**
 * The only place links to the service are built. The dashboard is not built yet, so a link is plain and
 * readable: it works when pasted, and a reader on a text-only client sees where it goes.
 */

/** A delegation participant's personal submission page (`?as=` says who submits). */
export function submissionLink(publicUrl: string, roundId: string, country: string, email: string): string {
  return `${roundLink(publicUrl, roundId)}/delegations/${encodeURIComponent(country)}?as=${encodeURIComponent(email)}`;
}

/** The round's progress page, for the Secretariat. */
export function roundLink(publicUrl: string, roundId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/rounds/${encodeURIComponent(roundId)}`;
}
