/**
 * What the web service asks of rounds, and nothing more: a round's progress, and a submission. Built on
 * client/round-service.ts, the one module that talks to round workflows, so the pages and the CLI send
 * the same updates; tests and the benchmark may hand the server another gateway.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { applyRoundAction, findProgress, roundHandle, type ActionOutcome, type ProgressView } from '../round-service';
import { letters as lettersQuery, type LetterLogEntry } from '../../workflows/messages';

export interface Submission {
  /** `KE/jsr-documents` or `KE/exchange-feedback/p.kamau@example.ke`, as the progress names it. */
  deliverable: string;
  by: string;
  reference: string;
}

/** `closed`: the round's workflow has ended (cancelled, completed or terminated), so nothing can reach it. */
export type SubmitOutcome = ActionOutcome | { accepted: false; reason: string; closed: true };

export interface RoundGateway {
  /** The round's progress now, or undefined when no round has this id (a stopped round may throw RoundStoppedError). */
  progress(roundId: string): Promise<ProgressView | undefined>;
  submit(roundId: string, submission: Submission): Promise<SubmitOutcome>;
  /**
   * The round's own letters (not its children's): the participant's page reads in them which due dates an
   * extension or a moved event changed, which the progress does not say. Left out, the page says nothing of it.
   */
  roundLetters?(roundId: string): Promise<LetterLogEntry[]>;
}

export function roundGateway(client: Client): RoundGateway {
  return {
    progress: (roundId) => findProgress(client, roundId),
    roundLetters: (roundId) => roundHandle(client, roundId).query(lettersQuery),
    async submit(roundId, submission) {
      try {
        return await applyRoundAction(roundHandle(client, roundId), { action: 'submit', ...submission });
      } catch (error) {
        // An ended round still answers queries (its page opens), but an update cannot reach it: a form
        // opened before a cancel, or a round terminated from Temporal, ends here, not in a 500.
        if (error instanceof WorkflowNotFoundError)
          return { accepted: false, reason: 'the round is no longer running', closed: true };
        throw error;
      }
    },
  };
}

/**
 * One answer per round kept for `ttlMs`, and one query in flight per round however many readers ask:
 * every query is a workflow task on a worker (a letter log is six, the round's and its children's), and
 * a page a second old is still true enough. `forget` drops a round's copy, so what a change did shows at once.
 */
export function cachedPerRound<T>(options: { ttlMs: number; now?: () => number }): {
  get(roundId: string, load: () => Promise<T>): Promise<T>;
  forget(roundId: string): void;
} {
  const now = options.now ?? Date.now;
  const kept = new Map<string, { at: number; answer: Promise<T> }>();
  return {
    get(roundId, load) {
      const hit = kept.get(roundId);
      if (hit && now() - hit.at < options.ttlMs) return hit.answer;
      const answer = load();
      kept.set(roundId, { at: now(), answer });
      // A failed query is not kept: the next reader asks again.
      answer.catch(() => kept.delete(roundId));
      return answer;
    },
    forget: (roundId) => kept.delete(roundId),
  };
}

/** A round's progress, cached per round (cachedPerRound). */
export function cachedProgress(
  query: (roundId: string) => Promise<ProgressView | undefined>,
  options: { ttlMs: number; now?: () => number },
): { progress(roundId: string): Promise<ProgressView | undefined>; forget(roundId: string): void } {
  const cache = cachedPerRound<ProgressView | undefined>(options);
  return { progress: (roundId) => cache.get(roundId, () => query(roundId)), forget: cache.forget };
}

/** The gateway with its progress cached (cachedProgress); a submission through it drops its round's copy. */
export function cachedGateway(
  inner: RoundGateway,
  options: { ttlMs: number; now?: () => number },
): RoundGateway {
  const cache = cachedProgress((roundId) => inner.progress(roundId), options);
  const letters = cachedPerRound<LetterLogEntry[]>(options);
  const roundLetters = inner.roundLetters?.bind(inner);
  return {
    progress: (roundId) => cache.progress(roundId),
    ...(roundLetters ? { roundLetters: (roundId: string) => letters.get(roundId, () => roundLetters(roundId)) } : {}),
    async submit(roundId, submission) {
      try {
        return await inner.submit(roundId, submission);
      } finally {
        cache.forget(roundId);
        letters.forget(roundId);
      }
    },
  };
}
