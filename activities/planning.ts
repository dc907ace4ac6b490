/**
 * The planning activities: the domain's pure plan builder and revisions, run as (local) activities so
 * their results are recorded in the round's history (see workflows/planning.ts).
 */
import { planRound, reviseRound } from '../domain/revise';
import type { PlanningActivities } from '../workflows/planning';

export function createPlanningActivities(): PlanningActivities {
  return {
    async planRound({ round, launchedAt }) {
      return planRound(round, launchedAt);
    },
    async reviseRound({ round, plan, change, now }) {
      return reviseRound(round, plan, change, now);
    },
  };
}
