/**
 * What the web service asks of rounds, and nothing more: a round's progress, and a submission. Built on
 * client/round-service.ts, the one module that talks to round workflows, so the pages and the CLI send
 * the same updates; tests and the benchmark may hand the server another gateway.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { RoundProgress } from '../../workflows/messages';
import { applyRoundAction, queryProgressOf, roundHandle, type ActionOutcome } from '../round-service';

export interface Submission {
  /** `KE/jsr-documents` or `KE/exchange-feedback/p.kamau@example.ke`, as the progress names it. */
  deliverable: string;
  by: string;
  reference: string;
}

export interface RoundGateway {
  /** The round's progress now, or undefined when no round has this id. */
  progress(roundId: string): Promise<RoundProgress | undefined>;
  submit(roundId: string, submission: Submission): Promise<ActionOutcome>;
}

export function roundGateway(client: Client): RoundGateway {
  return {
    async progress(roundId) {
      try {
        return await queryProgressOf(roundHandle(client, roundId));
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return undefined;
        throw error;
      }
    },
    submit(roundId, submission) {
      return applyRoundAction(roundHandle(client, roundId), { action: 'submit', ...submission });
    },
  };
}
