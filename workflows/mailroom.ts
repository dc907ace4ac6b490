/**
 * Sending beside the timeline: every reader's letter is its own activity, started and not awaited, so
 * a mailbox that says "try later" delays that reader's copy only and never the round's next step.
 * Temporal's history is the record of what was delivered: a completed activity is never run again, on
 * this worker or another, so workers keep nothing on disk. The one window for a duplicate is a crash
 * after the mail server accepted a letter and before the activity's completion reached the server; the
 * copy sent again carries the same Message-ID, which mail clients fold.
 */
import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  TimeoutFailure,
  isCancellation,
  proxyActivities,
} from '@temporalio/workflow';
import { PERMANENT_DELIVERY_ERRORS, type Message, type MessageActivities, type Recipient } from './dispatch';
import type { LetterLogEntry, RecordedFailure } from './messages';

/**
 * How long one reader's letter is retried before the reader is marked failed: long enough for a mail
 * server down over a weekend, short enough that a reminder still means something when it lands.
 */
export const DELIVERY_RETRY_WINDOW = '36 hours';

const { deliverLetter } = proxyActivities<MessageActivities>({
  startToCloseTimeout: '2 minutes',
  scheduleToCloseTimeout: DELIVERY_RETRY_WINDOW,
  // A cancelled round waits for letters already on their way, so nothing it cancelled lands after the notices.
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: {
    initialInterval: '30 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 hour',
    nonRetryableErrorTypes: [...PERMANENT_DELIVERY_ERRORS],
  },
});

export interface LetterCounts {
  delivered: number;
  inFlight: number;
  failed: number;
}

/** The counts and the log a workflow's mailrooms share, so both survive a mailroom stopped by a cancellation. */
export interface LetterBook {
  counts: LetterCounts;
  log: LetterLogEntry[];
}

export function newLetterBook(): LetterBook {
  return { counts: { delivered: 0, inFlight: 0, failed: 0 }, log: [] };
}

export class Mailroom {
  private readonly scope = new CancellationScope();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly onFailure: (failure: RecordedFailure) => void,
    readonly book: LetterBook = newLetterBook(),
  ) {}

  get counts(): LetterCounts {
    return this.book.counts;
  }

  /** One letter per reader (each address once), each delivered, retried or failed on its own. */
  post(message: Message, recipients: Recipient[], deliverableId?: string): void {
    const seen = new Set<string>();
    for (const to of recipients) {
      const key = to.email.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      this.track(to, message, deliverableId);
    }
  }

  /** Resolves once every letter posted so far is delivered, failed or cancelled. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Stops every letter still being tried (a cancelled round sends none of them), then waits for them. */
  async stop(): Promise<void> {
    this.scope.cancel();
    await this.idle();
  }

  private track(to: Recipient, message: Message, deliverableId: string | undefined): void {
    this.counts.inFlight++;
    const entry: LetterLogEntry = { kind: message.kind, about: message.about, to: to.email, decidedAt: message.decidedAt, outcome: 'sending' };
    this.book.log.push(entry);
    const letter = this.scope
      .run(() => deliverLetter({ message, to }))
      .then(
        () => {
          this.counts.delivered++;
          entry.outcome = 'delivered';
        },
        (error: unknown) => {
          if (isCancellation(error)) {
            entry.outcome = 'cancelled';
            return;
          }
          this.counts.failed++;
          entry.outcome = 'failed';
          entry.reason = failureReason(error);
          this.onFailure({
            email: to.email,
            reason: entry.reason,
            kind: message.kind,
            about: message.about,
            at: message.decidedAt,
            ...(deliverableId ? { deliverableId } : {}),
          });
        },
      )
      .finally(() => {
        this.counts.inFlight--;
        this.pending.delete(letter);
      });
    this.pending.add(letter);
  }
}

/** What the coordinator reads: the server's own refusal, or the retry window that ran out and why. */
function failureReason(error: unknown): string {
  const messages: string[] = [];
  let timedOut = false;
  for (let cause: unknown = error; cause instanceof Error; cause = (cause as Error).cause) {
    // The window ran out: reported as a timeout, or as the last attempt's failure with retry state TIMEOUT.
    if (cause instanceof TimeoutFailure || (cause instanceof ActivityFailure && cause.retryState === 'TIMEOUT')) timedOut = true;
    else if (cause instanceof ApplicationFailure && cause.message) messages.push(cause.message);
    else if (!(cause instanceof ActivityFailure) && cause.message) messages.push(cause.message);
  }
  const last = messages[0] ?? 'no answer from the mail server';
  return timedOut ? `not delivered within the ${DELIVERY_RETRY_WINDOW} retry window (last error: ${last})` : last;
}
