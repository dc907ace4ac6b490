/**
 * The round's own timeline, derived from its plan and state each time the workflow wakes: phase changes,
 * invitations, the peer documents pack, the weekly digest and the end. (Requests, reminders and
 * escalations are the chasers': see chasing.ts and chaser.ts.) Pure: the workflow takes the first step due, and a reschedule simply changes what this returns.
 *
 * The progress digest goes to the coordinator at the instants the plan gives (Monday 08:00 host time,
 * domain/digests.ts). A plan made before that rule has none: its round keeps the rhythm it was launched
 * with, every 7 days from launch, so a running round's timers do not move under it.
 * A digest lists what needs the coordinator's eye, not the whole round (the progress query has that):
 * what is open and already requested, and what was settled during the week.
 */
import type { Phase, Plan, PlanEvent } from '../domain/plan-types';
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
  digestTimes(plan).forEach((at, index) => steps.push({ type: 'digest', key: `digest:${index + 1}`, at, week: index + 1 }));
  steps.push({ type: 'complete', key: 'complete', at: plan.completesAt });
  // Stable sort: at equal instants, the order above (phase first, the end last).
  return steps
    .filter((step) => !state.done.includes(step.key))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** When the round's digests go: the plan's instants, or a week apart from launch for a plan made before those. */
function digestTimes(plan: Plan): string[] {
  if (plan.digestsAt) return plan.digestsAt.filter((at) => at < plan.completesAt);
  const launch = Date.parse(plan.launchedAt);
  const instants: string[] = [];
  for (let week = 1; launch + week * DIGEST_EVERY_DAYS * DAY_MS < Date.parse(plan.completesAt); week++) {
    instants.push(new Date(launch + week * DIGEST_EVERY_DAYS * DAY_MS).toISOString());
  }
  return instants;
}

/** What "this week" covers: since the digest before (or the launch, for the first one). */
function previousDigest(plan: Plan, now: string): string {
  if (!plan.digestsAt) return new Date(Date.parse(now) - DIGEST_EVERY_DAYS * DAY_MS).toISOString();
  return plan.digestsAt.filter((at) => at < now).pop() ?? plan.launchedAt;
}

export function digestViews(state: RoundState, now: string): DeliverableStatusView[] {
  const requested = requestTimes(state.plan);
  const since = previousDigest(state.plan, now);
  return statusViews(state.plan.deliverables, state.records, now).filter((view) => {
    const record = state.records[view.id];
    return record ? record.at > since : (requested[view.id] ?? now) <= now;
  });
}
