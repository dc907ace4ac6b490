/**
 * The only place links to the service are built. A participant's link carries a signed token (see
 * domain/link-token.ts) naming the round, the delegation and the participant: the web service opens their
 * page from it without an account, and nobody can write a link to another person's page.
 */
import { signLinkToken } from '../domain/link-token';

/** A delegation participant's personal page: what their delegation owes, and the form to deliver it. */
export function submissionLink(publicUrl: string, linkSecret: string, roundId: string, country: string, email: string): string {
  return `${baseOf(publicUrl)}/p/${signLinkToken(linkSecret, { roundId, delegation: country, email })}`;
}

/** The round's page on the staff dashboard, for the Secretariat. */
export function roundLink(publicUrl: string, roundId: string): string {
  return `${baseOf(publicUrl)}/staff/rounds/${encodeURIComponent(roundId)}`;
}

function baseOf(publicUrl: string): string {
  return publicUrl.replace(/\/+$/, '');
}
