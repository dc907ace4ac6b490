/**
 * What every reader must have received, asked of the rounds themselves: each round and each of its
 * chasing children answers the `letters` query (workflows/messages.ts) with every letter it posted, its
 * reader and its outcome, rebuilt by replay from history. From a letter's identity the test computes its
 * Message-ID (activities/message-id.ts) and looks for it in that reader's mailbox at the loopback SMTP
 * server. Nothing here reads the visibility store: the fault tests stop PostgreSQL and the whole
 * cluster, and a count that needs a list query to find the rounds measures the index, not the letters.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { letterDigest, messageIdKey } from '../../activities/message-id';
import { chasingChildrenOf } from '../../client/round-service';
import { deliverablesWorkflowId, roundWorkflowId } from '../../workflows/ids';
import { letters as lettersQuery, progress as progressQuery, type LetterLogEntry } from '../../workflows/messages';
import type { Received } from './loopback-smtp';

export interface LoggedLetter extends LetterLogEntry {
  roundId: string;
  /** The reader and the local part of the Message-ID the letter must carry. */
  key: string;
}

/** Every letter one round and its children posted, with the Message-ID each must carry. */
export async function roundLetterLog(client: Client, roundId: string): Promise<LoggedLetter[]> {
  const round = client.workflow.getHandle(roundWorkflowId(roundId));
  const progress = await round.query(progressQuery);
  const { runId } = progress;
  const owners = chasingChildrenOf(progress);
  const logs = await Promise.all([
    round.query(lettersQuery),
    ...owners.map((owner) => client.workflow.getHandle(deliverablesWorkflowId(roundId, owner)).query(lettersQuery)),
  ]);
  return logs.flat().map((letter) => ({
    ...letter,
    roundId,
    key: `${letter.to.toLowerCase()} ${letterDigest({ roundId, runId, kind: letter.kind, about: letter.about, to: letter.to })}`,
  }));
}

/** One reader and the local part of a Message-ID: the identity of a letter a mail client sees. */
export const receivedKey = (message: Received) =>
  `${message.envelopeTo.join(',')} ${messageIdKey(message.mail.messageId ?? '')}`;

export interface LetterCount {
  rounds: number;
  /** Letters the rounds' logs hold, and how many of them are delivered (the others: failed or cancelled). */
  logged: number;
  delivered: number;
  readers: number;
  /** Copies of these rounds' letters at the SMTP server, distinct letters among them, letters received more than once. */
  received: number;
  distinct: number;
  duplicates: Received[][];
  /** Delivered per the rounds, absent from the reader's mailbox. */
  missing: LoggedLetter[];
  /** In a mailbox, but in no round's log (a letter the rounds do not know they sent). */
  unexpected: Received[];
}

/** Compares the rounds' letter logs with what the SMTP server holds (only the copies listed in `received`). */
export function countLetters(logged: LoggedLetter[], received: Received[], rounds: number): LetterCount {
  const copies = new Map<string, Received[]>();
  for (const message of received) copies.set(receivedKey(message), [...(copies.get(receivedKey(message)) ?? []), message]);
  const delivered = logged.filter((letter) => letter.outcome === 'delivered');
  const keys = new Set(logged.map((letter) => letter.key));
  const ours = [...copies].filter(([key]) => keys.has(key));
  return {
    rounds,
    logged: logged.length,
    delivered: delivered.length,
    readers: new Set(delivered.map((letter) => letter.to.toLowerCase())).size,
    received: ours.reduce((sum, [, list]) => sum + list.length, 0),
    distinct: ours.length,
    duplicates: ours.map(([, list]) => list).filter((list) => list.length > 1),
    missing: delivered.filter((letter) => !copies.has(letter.key)),
    unexpected: [...copies].filter(([key]) => !keys.has(key)).flatMap(([, list]) => list),
  };
}

/**
 * Resolves once every letter the rounds posted has an outcome (none still `sending`), none failed, and
 * every delivered one is in its reader's mailbox. A round or child that cannot answer yet (a worker
 * replaying after a restart, a cluster coming back) is asked again until `timeoutMs`.
 */
export async function settledRoundLetters(
  client: Client,
  roundIds: string[],
  received: () => Received[],
  options: { timeoutMs?: number } = {},
): Promise<{ count: LetterCount; logged: LoggedLetter[] }> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const deadline = Date.now() + timeoutMs;
  // Settled only when the same letters were logged on consecutive polls: a child that has not posted its
  // launch letters yet would otherwise let a count settle on the round's own letters alone.
  let sameSince = 0;
  let previous = '';
  for (;;) {
    let last: string;
    try {
      const logged: LoggedLetter[] = [];
      // A few rounds at a time: fifty rounds with five children each is 300 queries.
      for (let index = 0; index < roundIds.length; index += 10)
        logged.push(...(await Promise.all(roundIds.slice(index, index + 10).map((id) => roundLetterLog(client, id)))).flat());
      const count = countLetters(logged, received(), roundIds.length);
      const pending = logged.filter((letter) => letter.outcome === 'sending').length;
      const failed = logged.filter((letter) => letter.outcome === 'failed').length;
      const fingerprint = logged.map((letter) => `${letter.key} ${letter.outcome}`).sort().join('\n');
      sameSince = fingerprint === previous ? sameSince + 1 : 0;
      previous = fingerprint;
      if (pending === 0 && count.missing.length === 0 && logged.length > 0 && sameSince >= 2) {
        if (failed) throw new Error(`${failed} letters failed: ${JSON.stringify(logged.filter((l) => l.outcome === 'failed').slice(0, 3))}`);
        return { count, logged };
      }
      const stillSending = logged
        .filter((letter) => letter.outcome === 'sending')
        .slice(0, 5)
        .map((letter) => `${letter.kind} ${letter.about} to ${letter.to} of ${letter.roundId}${received().some((message) => receivedKey(message) === letter.key) ? ' (already received)' : ''}`);
      last =
        `${logged.length} letters logged, ${pending} still sending, ${count.missing.length} delivered but not received` +
        (stillSending.length ? `; sending: ${stillSending.join('; ')}` : '');
    } catch (error) {
      if (error instanceof Error && error.message.includes('letters failed')) throw error;
      last = `a query failed: ${error instanceof WorkflowNotFoundError ? 'workflow not found' : (error as Error).message}`;
    }
    if (Date.now() > deadline) throw new Error(`the rounds' letters did not settle in ${timeoutMs / 1000} s: ${last}`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

/** The counts as one line for the test's stderr (the note quotes them). */
export function describeCount(count: LetterCount): string {
  return (
    `${count.rounds} rounds, ${count.delivered} letters delivered per the rounds' logs to ${count.readers} readers, ` +
    `${count.received} received, ${count.distinct} distinct, ${count.missing.length} missing, ${count.duplicates.length} twice, ` +
    `${count.unexpected.length} unexpected`
  );
}
