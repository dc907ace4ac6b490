/**
 * What the staff dashboard asks of rounds: the list (the same visibility query as `jsrx list`), a
 * round's progress, and the changes the CLI makes, all through client/round-service.ts so the dashboard
 * and the CLI send the same updates. Tests hand the plugin another implementation.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { LetterLogEntry, RoundProgress } from '../../../workflows/messages';
import {
  applyRoundAction,
  listRounds,
  findProgress,
  queryLetters,
  roundHandle,
  type ActionOutcome,
  type ListedRound,
  type ProgressView,
  type RoundAction,
} from '../../round-service';

export interface StaffRounds {
  list(): Promise<ListedRound[]>;
  /**
   * The round's progress now, or undefined when no round has this id; a stopped round that cannot answer
   * throws RoundStoppedError (client/round-stop.ts).
   */
  progress(roundId: string): Promise<ProgressView | undefined>;
  act(roundId: string, action: RoundAction): Promise<ActionOutcome>;
  /** Every letter of the round with its reader and outcome (the round's and its children's). */
  letters(progress: RoundProgress): Promise<LetterLogEntry[]>;
}

export function staffRounds(client: Client): StaffRounds {
  return {
    list: () => listRounds(client),
    progress: (roundId) => findProgress(client, roundId),
    async act(roundId, action) {
      try {
        return await applyRoundAction(roundHandle(client, roundId), action);
      } catch (error) {
        // A round that ended (or was terminated from Temporal) still shows its page, but takes no update.
        if (error instanceof WorkflowNotFoundError)
          return { accepted: false, reason: `round ${roundId} is no longer running: nothing was changed` };
        throw error;
      }
    },
    letters: (progress) => queryLetters(client, progress),
  };
}
