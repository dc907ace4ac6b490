/**
 * Message-IDs from business identity (round, kind, what it is about, reader): the same message decided
 * again after a retry or a replay gets the same id, which is both the key of the sent record and what
 * lets mail clients recognise a duplicate.
 */
import { createHash } from 'node:crypto';
import type { Dispatch } from '../workflows/dispatch';

export function messageId(
  dispatch: Pick<Dispatch, 'round' | 'kind' | 'about'>,
  recipientEmail: string,
  senderEmail: string,
): string {
  const identity = [
    dispatch.round.roundId,
    dispatch.kind,
    dispatch.about,
    recipientEmail.trim().toLowerCase(),
  ].join('\n');
  const digest = createHash('sha256').update(identity).digest('hex').slice(0, 32);
  return `<${digest}@${mailDomain(senderEmail)}>`;
}

/** The domain part of an address; ids carry the sender's domain as RFC 5322 recommends. */
export function mailDomain(email: string): string {
  const at = email.lastIndexOf('@');
  return at >= 0 ? email.slice(at + 1).toLowerCase() : 'jsr-exchange';
}

/** The hex part of a Message-ID, safe as a file name. */
export function messageIdKey(id: string): string {
  return id
    .replace(/^<|>$/g, '')
    .split('@')[0]!
    .replace(/[^A-Za-z0-9_-]/g, '_');
}
