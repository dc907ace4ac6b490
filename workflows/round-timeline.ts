/**
 * The round's own timeline, derived from its plan and state each time the workflow wakes: phase changes,
 * invitations, the peer documents pack, the weekly digest and the end. (Requests, reminders and
 * escalations are the chasing children's: see chasing.ts.) Pure: the workflow takes the first step due, and a reschedule simply changes what this returns.
 *
 * The progress digest goes to the coordinator every 7 days from launch (not on Mondays): a round's
 * rhythm is its own launch, and the digest then never lands on the launch day with the welcome pack.
 * A digest lists what needs the coordinator's eye, not the whole round (the progress query has that):
 * what is open and already requested, and what was settled during the week.
 */
import type { Phase, PlanEvent } from '../domain/plan-types';
import type { DeliverableStatusView } from './dispatch';
import { statusViews } from './progress';
import { requestTimes, type RoundState } from './round-state';

export const DIGEST_EVERY_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export type RoundStep =
  | { type: 'phase'; key: string; at: string; phase: Phase }
  | { type: 'invite'; key: string; at: string; event: PlanEvent }
  | { type: 'peer-documents'; key: string; at: string }
  | { type: 'digest'; key: string; at: string; week: number }
  | { type: 'complete'; key: string; at: string };

export function phaseStart(state: RoundState, phase: Phase): string {
  return state.plan.phases.find((p) => p.phase === phase)?.startsAt ?? state.plan.completesAt;
}

/** When an event's invitation goes out: the three VCs at launch, the visit with prep-3, debriefs with the visit. */
export function invitationTime(state: RoundState, event: PlanEvent): string {
  if (event.kind === 'visit') return phaseStart(state, 'prep-3');
  if (event.kind === 'debrief') return phaseStart(state, 'visit');
  return state.plan.launchedAt;
}

export function roundSteps(state: RoundState): RoundStep[] {
  const { plan } = state;
  const steps: RoundStep[] = [];
  for (const { phase, startsAt } of plan.phases) {
    if (phase === 'prep-1' || phase === 'completed' || phase === 'cancelled') continue;
    steps.push({ type: 'phase', key: `phase:${phase}`, at: startsAt, phase });
  }
  for (const event of plan.events) {
    if (state.invitations[event.id] === undefined) {
      steps.push({ type: 'invite', key: `invite:${event.id}`, at: invitationTime(state, event), event });
    }
  }
  steps.push({ type: 'peer-documents', key: 'peer-documents', at: plan.peerDocumentsPackAt });
  const launch = Date.parse(plan.launchedAt);
  for (let week = 1; launch + week * DIGEST_EVERY_DAYS * DAY_MS < Date.parse(plan.completesAt); week++) {
    const at = new Date(launch + week * DIGEST_EVERY_DAYS * DAY_MS).toISOString();
    steps.push({ type: 'digest', key: `digest:${week}`, at, week });
  }
  steps.push({ type: 'complete', key: 'complete', at: plan.completesAt });
  // Stable sort: at equal instants, the order above (phase first, the end last).
  return steps
    .filter((step) => !state.done.includes(step.key))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

export function digestViews(state: RoundState, now: string): DeliverableStatusView[] {
  const requested = requestTimes(state.plan);
  const weekAgo = new Date(Date.parse(now) - DIGEST_EVERY_DAYS * DAY_MS).toISOString();
  return statusViews(state.plan.deliverables, state.records, now).filter((view) => {
    const record = state.records[view.id];
    return record ? record.at > weekAgo : (requested[view.id] ?? now) <= now;
  });
}
