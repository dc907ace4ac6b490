/**
 * How the round gets its dates: from the planning activities, whose results history records. The
 * workflow never runs the plan builder itself, so replaying a months-old round after an upgrade of zod,
 * luxon, the time-zone database or a default reads the same instants it ran with.
 *
 * Local activities: planning is pure, fast CPU work on the worker that runs the workflow task, so it
 * needs no task queue round trip; its result is recorded as a marker all the same.
 */
import { proxyLocalActivities } from '@temporalio/workflow';
import type { Planned, RoundChange } from '../domain/revise';
import type { Plan } from '../domain/plan-types';
import type { Round } from '../domain/round-file';

export interface PlanningActivities {
  planRound(input: { round: unknown; launchedAt: string }): Promise<Planned>;
  reviseRound(input: { round: Round; plan: Plan; change: RoundChange; now: string }): Promise<Planned>;
}

export const planning = proxyLocalActivities<PlanningActivities>({
  startToCloseTimeout: '30 seconds',
  // A bug in the rules is not fixed by retrying for hours: fail the launch or the update visibly.
  retry: { maximumAttempts: 3 },
});
