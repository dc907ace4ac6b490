/**
 * What the staff dashboard asks of rounds: the list (the same visibility query as `jsrx list`), a
 * round's progress, and the changes the CLI makes, all through client/round-service.ts so the dashboard
 * and the CLI send the same updates. Tests hand the plugin another implementation.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { RoundProgress } from '../../../workflows/messages';
import {
  applyRoundAction,
  listRounds,
  queryProgressOf,
  roundHandle,
  type ActionOutcome,
  type ListedRound,
  type RoundAction,
} from '../../round-service';

export interface StaffRounds {
  list(): Promise<ListedRound[]>;
  /** The round's progress now, or undefined when no round has this id. */
  progress(roundId: string): Promise<RoundProgress | undefined>;
  act(roundId: string, action: RoundAction): Promise<ActionOutcome>;
}

export function staffRounds(client: Client): StaffRounds {
  return {
    list: () => listRounds(client),
    async progress(roundId) {
      try {
        return await queryProgressOf(roundHandle(client, roundId));
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return undefined;
        throw error;
      }
    },
    act: (roundId, action) => applyRoundAction(roundHandle(client, roundId), action),
  };
}
