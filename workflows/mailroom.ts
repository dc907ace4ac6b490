/**
 * Sending beside the timeline: letters are started and not awaited, so a mailbox that says "try later"
 * delays that reader's copy only and never the round's next step. Letters posted in one go (a launch,
 * an invitation to everyone) travel as one batch activity, each with its own outcome; a reader the batch
 * could not reach yet is retried alone by the single-letter activity, with Temporal's retry policy.
 * Temporal's history is the record of what was delivered: a completed activity is never run again, on
 * this worker or another, and a batch retried after a crash resumes from its last heartbeat, so workers
 * keep nothing on disk. The one window for a duplicate is a crash after the mail server accepted a letter
 * and before the server recorded it (the activity's completion, or the batch's next heartbeat); the copy
 * sent again carries the same Message-ID, which mail clients fold.
 */
import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  TimeoutFailure,
  isCancellation,
  patched,
  proxyActivities,
} from '@temporalio/workflow';
import {
  PERMANENT_DELIVERY_ERRORS,
  type LetterBatch,
  type LetterOutcome,
  type Message,
  type MessageActivities,
  type Recipient,
} from './dispatch';
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

/**
 * Letters posted in one go are sent by one activity: a change of what the workflow schedules, so released
 * histories replay the old way. Decided once per execution, in its first activation before anything is
 * awaited (`lettersGoInBatches`): asked later, after a local activity that outlasted its workflow task,
 * a replay resolves that activity early and reaches the question before the server's record of the
 * answer (an `npm start` restart once failed so).
 */
export const LETTERS_IN_BATCHES = 'letters-in-batches';

/** Call first thing in the round, and give the answer to its mailrooms and its children (see delegation.workflow.ts). */
export function lettersGoInBatches(): boolean {
  return patched(LETTERS_IN_BATCHES);
}

const { deliverLetters } = proxyActivities<MessageActivities>({
  // A batch's letters are each bounded (activities/deliver-batch.ts); the heartbeat notices a worker gone.
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '1 minute',
  scheduleToCloseTimeout: DELIVERY_RETRY_WINDOW,
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  // Failing as a whole means the worker was lost or the payload could not be read: try again soon.
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * Letters in one batch at most: a round's everyone-letters (a welcome per reader, each with its own
 * tasks, about 4 KB) stay far below Temporal's 2 MB payload limit, and a batch's progress stays small to
 * record.
 */
export const BATCH_LIMIT = 50;

/**
 * For rounds that chase the Secretariat themselves: their launch posts the welcome and the first
 * invitations in one go (four letters per reader), which a round of 25 readers sends as one batch.
 */
export const ROUND_BATCH_LIMIT = 100;

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

/** A letter posted and not yet settled, with its line in the log. */
interface Posted {
  message: Message;
  to: Recipient;
  entry: LetterLogEntry;
  deliverableId?: string;
}

export class Mailroom {
  private readonly scope = new CancellationScope();
  private readonly pending = new Set<Promise<void>>();
  /** Letters posted in the current activation, sent as one batch once the workflow's code has run. */
  private batch: Posted[] = [];

  constructor(
    private readonly onFailure: (failure: RecordedFailure) => void,
    /** `lettersGoInBatches()`, asked when the workflow started. */
    private readonly inBatches: boolean,
    readonly book: LetterBook = newLetterBook(),
    private readonly batchLimit = BATCH_LIMIT,
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
      this.counts.inFlight++;
      const entry: LetterLogEntry = { kind: message.kind, about: message.about, to: to.email, decidedAt: message.decidedAt, outcome: 'sending' };
      this.book.log.push(entry);
      const letter: Posted = { message, to, entry, ...(deliverableId ? { deliverableId } : {}) };
      // Histories recorded before batches scheduled each letter's activity right here, in this order.
      if (!this.inBatches) {
        this.sendAlone(letter);
        continue;
      }
      if (this.batch.length === 0) this.hold(Promise.resolve().then(() => this.sendBatch()));
      this.batch.push(letter);
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

  private hold(work: Promise<void>): void {
    const held = work.finally(() => this.pending.delete(held));
    this.pending.add(held);
  }

  /** Runs after the activation's synchronous code (a microtask), so everything it posted is in the batch. */
  private sendBatch(): void {
    const posted = this.batch;
    this.batch = [];
    for (let start = 0; start < posted.length; start += this.batchLimit) {
      const letters = posted.slice(start, start + this.batchLimit);
      if (letters.length === 1) this.sendAlone(letters[0]!);
      else this.hold(this.sendTogether(letters));
    }
  }

  private async sendTogether(letters: Posted[]): Promise<void> {
    let outcomes: LetterOutcome[];
    try {
      outcomes = await this.scope.run(() => deliverLetters(packBatch(letters)));
    } catch (error) {
      for (const letter of letters) this.settle(letter, error);
      return;
    }
    letters.forEach((letter, index) => {
      const outcome = outcomes[index] ?? { status: 'deferred', reason: 'no outcome' };
      if (outcome.status === 'delivered') this.settle(letter);
      else if (outcome.status === 'refused') this.settle(letter, ApplicationFailure.nonRetryable(outcome.reason));
      else if (outcome.status === 'cancelled') this.settle(letter, new CancelledFailure('cancelled with the round'));
      // Deferred: this reader alone, with Temporal's retries, inside the same cancellation scope.
      else this.sendAlone(letter);
    });
  }

  private sendAlone(letter: Posted): void {
    this.hold(
      this.scope
        .run(() => deliverLetter({ message: letter.message, to: letter.to }))
        .then(
          () => this.settle(letter),
          (error: unknown) => this.settle(letter, error),
        ),
    );
  }

  /** Delivered when there is no error; cancelled or failed (and reported) otherwise. */
  private settle({ message, to, entry, deliverableId }: Posted, error?: unknown): void {
    this.counts.inFlight--;
    if (error === undefined) {
      this.counts.delivered++;
      entry.outcome = 'delivered';
      return;
    }
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
  }
}

/** Each message once, however many readers it has: the batch is recorded in history. */
function packBatch(letters: Posted[]): LetterBatch {
  const messages: Message[] = [];
  const index = new Map<Message, number>();
  return {
    messages,
    letters: letters.map(({ message, to }) => {
      let at = index.get(message);
      if (at === undefined) {
        at = messages.push(message) - 1;
        index.set(message, at);
      }
      return { message: at, to };
    }),
  };
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
