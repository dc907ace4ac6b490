/**
 * Message-IDs from business identity (the round's run, the kind, what it is about, the reader): a
 * letter retried after a crash or a timeout carries the same id, which lets mail clients fold the copy,
 * and a round id launched again gets new ids, so no client takes its mail for old news.
 */
import { createHash } from 'node:crypto';
import type { Message } from '../workflows/dispatch';

export function messageId(message: Pick<Message, 'round' | 'kind' | 'about'>, recipientEmail: string, senderEmail: string): string {
  const identity = [
    message.round.roundId,
    message.round.runId,
    message.kind,
    message.about,
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
