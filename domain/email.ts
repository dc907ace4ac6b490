/**
 * What the project accepts as an email address, in one place: the people of a round file and the sender
 * of every message. Deliberately plain (`name@domain.tld`, no spaces, one @, a dot in the domain): it
 * catches the typos a coordinator makes, and the mail server remains the judge of the rest.
 */
import { EMAIL_ADDRESS } from '../workflows/update-limits';

// Written once, beside the update checks: the workflow checks addresses too, and may import no domain code.
export { EMAIL_ADDRESS };

/** `Name <address@example.org>`, `"Name" <…>` or a bare address, split; undefined when the address is not one. */
export function splitMailbox(text: string): { name?: string; email: string } | undefined {
  const named = /^\s*"?([^"<]*?)"?\s*<([^<>]*)>\s*$/.exec(text);
  const email = (named ? (named[2] ?? '') : text).trim();
  if (!EMAIL_ADDRESS.test(email)) return undefined;
  const name = named?.[1]?.trim();
  return name ? { name, email } : { email };
}
