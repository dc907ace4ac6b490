/**
 * Counting letters for the cluster and fault tests: what Temporal recorded (the deliverLetter activities
 * scheduled and completed in every workflow of a task queue: the rounds and their delegations) against
 * what a loopback SMTP server received, by reader and Message-ID.
 */
import type { Client } from '@temporalio/client';
import type { LoopbackSmtp, Received } from './loopback-smtp';

export interface LetterActivities {
  scheduled: number;
  completed: number;
}

export async function letterActivities(client: Client, taskQueue: string): Promise<LetterActivities> {
  const counts = { scheduled: 0, completed: 0 };
  for await (const execution of client.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) {
    const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
    const letters = new Set<string>();
    for (const event of history.events ?? []) {
      if (event.activityTaskScheduledEventAttributes?.activityType?.name === 'deliverLetter')
        letters.add(String(event.eventId));
      const completed = event.activityTaskCompletedEventAttributes?.scheduledEventId;
      if (completed != null && letters.has(String(completed))) counts.completed++;
    }
    counts.scheduled += letters.size;
  }
  return counts;
}

/** One reader and one Message-ID: the identity of a letter a mail client sees. */
export const letterKey = (message: Received) => `${message.envelopeTo.join(',')} ${message.mail.messageId}`;

/**
 * Resolves once every letter activity of the task queue completed and the SMTP server holds that many
 * distinct letters. `moreThan`: the count an earlier settle returned, so rounds launched since (which
 * visibility lists a moment later) are waited for.
 */
export async function settledLetters(
  client: Client,
  taskQueue: string,
  smtp: LoopbackSmtp,
  options: { moreThan?: number; timeoutMs?: number } = {},
): Promise<LetterActivities> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const letters = await letterActivities(client, taskQueue).catch(() => undefined);
    if (
      letters &&
      letters.scheduled > (options.moreThan ?? 0) &&
      letters.completed === letters.scheduled &&
      new Set(smtp.received.map(letterKey)).size >= letters.scheduled
    ) {
      return letters;
    }
    if (Date.now() > deadline)
      throw new Error(
        `letters not settled in ${timeoutMs / 1000} s: ${JSON.stringify(letters)} letter activities, ${smtp.received.length} received`,
      );
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

/** Each letter's copies as received, and those received more than once. */
export function copiesOf(received: Received[]): {
  copies: Map<string, Received[]>;
  duplicates: Received[][];
} {
  const copies = new Map<string, Received[]>();
  for (const message of received)
    copies.set(letterKey(message), [...(copies.get(letterKey(message)) ?? []), message]);
  return { copies, duplicates: [...copies.values()].filter((list) => list.length > 1) };
}
