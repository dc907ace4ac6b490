/**
 * Message-IDs from business identity (the round's run, the kind, what it is about, the reader): a
 * letter retried after a crash or a timeout carries the same id, which lets mail clients fold the copy,
 * and a round id launched again gets new ids, so no client takes its mail for old news.
 */
import { createHash } from 'node:crypto';
import type { Message } from '../workflows/dispatch';

export function messageId(message: Pick<Message, 'round' | 'kind' | 'about'>, recipientEmail: string, senderEmail: string): string {
  return `<${letterDigest({ roundId: message.round.roundId, runId: message.round.runId, kind: message.kind, about: message.about, to: recipientEmail })}@${mailDomain(senderEmail)}>`;
}

/**
 * The local part of a letter's Message-ID, from the letter's identity alone: the fault tests compute it
 * from a round's letter log to know what each reader must have received.
 */
export function letterDigest(letter: { roundId: string; runId: string; kind: string; about: string; to: string }): string {
  const identity = [letter.roundId, letter.runId, letter.kind, letter.about, letter.to.trim().toLowerCase()].join('\n');
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
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
