/**
 * The batch activity: the letters a workflow posted together (a launch writes some forty at once), sent
 * one after the other by one activity, each with its own outcome. One activity instead of forty is what
 * lets a cluster launch a thousand rounds in minutes: the server records three events for the batch
 * rather than three per letter, and the worker runs one task.
 *
 * Nothing is sent twice on a retry: the activity heartbeats the outcomes so far every second while it
 * sends, and an attempt that follows a crash starts from the last heartbeat the server recorded. The
 * window for a duplicate is the letters the mail server accepted after that heartbeat: up to about two
 * seconds of a batch's letters (one of recording, one of the worker's throttle, worker/round-worker.ts).
 *
 * A reader whose mailbox says "try later" is not retried here: the letter comes back `deferred` and the
 * workflow retries that reader on their own, so one slow mailbox never holds up a batch. A mail server
 * that cannot be reached at all defers the rest of the batch at once rather than timing out letter by
 * letter.
 */
import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
import type { Letter, LetterBatch, LetterOutcome, LetterReceipt, MessageActivities } from '../workflows/dispatch';

/** How long one letter of a batch may take before the rest is deferred: the single-letter activity's own limit. */
export const LETTER_TIME_LIMIT_MS = 2 * 60_000;
/**
 * Letters of one batch on their way at once: the SMTP pool's connections (nodemailer's default five), so
 * a relay that takes a while over each message does not make a launch wait letter after letter.
 */
const LANES = 5;
/** How often the progress is recorded while letters go out: the worker's heartbeat throttle (worker/round-worker.ts). */
const PROGRESS_EVERY_MS = 1000;
/** Heartbeats while a slow letter is on its way, well inside the batch's heartbeat timeout (workflows/mailroom.ts). */
const KEEP_ALIVE_MS = 10_000;

/** A batch stopped between two letters by its worker's shutdown: retried, from its recorded progress. */
export const BATCH_CUT_OFF = 'BatchCutOff';

type SendOne = (letter: Letter) => Promise<LetterReceipt>;

/** Both send activities from the one that sends a single letter (the worker's, or a test's stand-in). */
export function messageActivities(deliverLetter: SendOne): MessageActivities {
  return { deliverLetter, deliverLetters: createDeliverLetters(deliverLetter) };
}

export function createDeliverLetters(deliverLetter: SendOne): (batch: LetterBatch) => Promise<LetterOutcome[]> {
  return async function deliverLetters(batch) {
    const context = Context.current();
    const outcomes = progressSoFar(context.info.heartbeatDetails, batch.letters.length);
    // Encoding the progress costs more than sending a letter: it is recorded once a second at most,
    // as often as the worker would pass it on (most batches are done before the first second is out).
    let lastBeat = Date.now();
    const beat = () => {
      if (Date.now() - lastBeat < PROGRESS_EVERY_MS) return;
      lastBeat = Date.now();
      context.heartbeat(outcomes);
    };
    const keepAlive = setInterval(() => context.heartbeat(outcomes), KEEP_ALIVE_MS);
    let unreachable: string | undefined;
    let next = 0;
    const lane = async () => {
      while (next < batch.letters.length && !cutOff()) {
        const index = next++;
        if (outcomes[index]) continue;
        if (context.cancellationSignal.aborted) outcomes[index] = { status: 'cancelled' };
        else if (unreachable) outcomes[index] = { status: 'deferred', reason: unreachable };
        else {
          const { message, to } = batch.letters[index]!;
          const outcome = await withinLimit(deliverLetter, { message: batch.messages[message]!, to });
          outcomes[index] = outcome.result;
          if (outcome.result.status === 'deferred' && !outcome.serverReplied) unreachable = outcome.result.reason;
          beat();
        }
      }
    };
    // Cut off without the round asking (the worker is stopping, or the server gave up on this attempt).
    const cutOff = () => context.cancellationSignal.aborted && !context.cancellationDetails?.cancelRequested;
    try {
      await Promise.all(Array.from({ length: Math.min(LANES, batch.letters.length) }, lane));
    } finally {
      clearInterval(keepAlive);
    }
    if (cutOff()) {
      // The letters left are another attempt's, on this worker or another, from this progress on.
      context.heartbeat(outcomes);
      const done = outcomes.filter(Boolean).length;
      const why = (context.cancellationSignal.reason as Error | undefined)?.message ?? 'cut off';
      throw ApplicationFailure.retryable(`stopped after ${done} of ${outcomes.length} letters (${why})`, BATCH_CUT_OFF);
    }
    return outcomes as LetterOutcome[];
  };
}

/** The outcomes an earlier attempt recorded in its last heartbeat; none on a first attempt. */
function progressSoFar(details: unknown, size: number): Array<LetterOutcome | null> {
  const recorded = Array.isArray(details) && details.length === size ? (details as Array<LetterOutcome | null>) : [];
  // A letter cancelled or deferred in an earlier attempt is tried again: only what reached its end counts.
  return Array.from({ length: size }, (_, index) => {
    const earlier = recorded[index];
    return earlier && (earlier.status === 'delivered' || earlier.status === 'refused') ? earlier : null;
  });
}

interface Attempt {
  result: LetterOutcome;
  /** A deferral the mail server answered for this reader (a 4xx), as opposed to a server not reached. */
  serverReplied: boolean;
}

async function withinLimit(deliverLetter: SendOne, letter: Letter): Promise<Attempt> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Attempt>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          result: { status: 'deferred', reason: `no answer from the mail server within ${LETTER_TIME_LIMIT_MS / 60_000} minutes` },
          serverReplied: false,
        }),
      LETTER_TIME_LIMIT_MS,
    );
  });
  try {
    return await Promise.race([attempt(deliverLetter, letter), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function attempt(deliverLetter: SendOne, letter: Letter): Promise<Attempt> {
  try {
    const receipt = await deliverLetter(letter);
    return { result: { status: 'delivered', ...receipt }, serverReplied: true };
  } catch (error) {
    if (error instanceof CancelledFailure) return { result: { status: 'cancelled' }, serverReplied: true };
    const reason = (error as Error)?.message || String(error);
    if (error instanceof ApplicationFailure && error.nonRetryable) return { result: { status: 'refused', reason }, serverReplied: true };
    return { result: { status: 'deferred', reason }, serverReplied: serverReplied(error) };
  }
}

function serverReplied(error: unknown): boolean {
  const details = error instanceof ApplicationFailure ? (error.details?.[0] as { serverReplied?: unknown } | undefined) : undefined;
  // A failure that does not say (a test's stand-in, say) is taken as a reply for this reader only.
  return details?.serverReplied !== false;
}
