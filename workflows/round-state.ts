/**
 * The round workflow's state and the checks its updates run, as plain JSON and pure functions, so a
 * validator (which must not change state) and its handler (which checks again after validation) share
 * the same rules. Every refusal is a sentence the coordinator can act on. Checks that need the domain's
 * rules (event order, deadlines, duplicate addresses) run in the planning activity instead.
 */
import type { Phase, Plan, PlanDeliverable } from '../domain/plan-types';
import type { Problem, Round } from '../domain/round-file';
import { SECRETARIAT_OWNER } from './chasing';
import type { RoundContext } from './dispatch';
import type { ExtendDeadlineInput, RecordedFailure, ReplaceParticipantInput, SubmitDeliverableInput, WaiveDeliverableInput } from './messages';
import type { DeliverableRecord } from './progress';
import { checkExtendLimits, checkReplaceLimits, checkSubmitLimits, checkWaiveLimits, normaliseEmail } from './update-limits';

export interface RoundState {
  context: RoundContext;
  round: Round;
  plan: Plan;
  warnings: Problem[];
  status: 'running' | 'completed' | 'cancelled';
  phase: Phase;
  phaseSince: string;
  records: Record<string, DeliverableRecord>;
  /** The SEQUENCE last sent for each event whose invitation went out. */
  invitations: Record<string, number>;
  /** Keys of the timeline steps already taken (phase changes, invitations, the pack, digests). */
  done: string[];
  failures: RecordedFailure[];
  cancelledReason?: string;
  /** Raised by every change, so the main loop wakes up and looks at the timeline again. */
  revision: number;
}

export type Checked<T> = T | { refusal: string };

export function refusalIfEnded(state: RoundState): string | undefined {
  return state.status === 'running' ? undefined : `round ${state.round.id} is ${state.status}: it takes no more changes`;
}

export function ownerOf(round: Round, delegation: string): string | undefined {
  const wanted = delegation.trim();
  if (wanted.toLowerCase() === SECRETARIAT_OWNER) return SECRETARIAT_OWNER;
  return round.delegations.find((d) => d.country === wanted.toUpperCase())?.country;
}

/** The deliverable a submission or a waiver names, or why none matches. */
export function findOwed(
  state: RoundState,
  input: { delegation: string; key: string; participant?: string; by?: string },
): Checked<{ deliverable: PlanDeliverable }> {
  const owner = ownerOf(state.round, String(input.delegation ?? ''));
  const owners = [SECRETARIAT_OWNER, ...state.round.delegations.map((d) => d.country)].join(', ');
  if (!owner) return { refusal: `no delegation "${input.delegation}" in round ${state.round.id} (one of: ${owners})` };
  const keys = [...new Set(state.plan.deliverables.map((d) => d.key))];
  if (!keys.includes(input.key as PlanDeliverable['key'])) {
    return { refusal: `unknown deliverable "${input.key}" (one of: ${keys.join(', ')})` };
  }
  const candidates = state.plan.deliverables.filter((d) => d.owner === owner && d.key === input.key);
  if (candidates.length === 0) {
    const owedBy = [...new Set(state.plan.deliverables.filter((d) => d.key === input.key).map((d) => d.owner))];
    return { refusal: `${owner} does not owe ${input.key} (owed by ${owedBy.join(', ') || 'nobody'})` };
  }
  if (candidates.length === 1 && !candidates[0]?.participant) return { deliverable: candidates[0] as PlanDeliverable };
  // Per-participant deliverables: the participant named, else the person submitting.
  const participant = normaliseEmail(input.participant ?? input.by ?? '');
  const mine = candidates.find((d) => d.participant === participant);
  if (!mine) {
    const who = candidates.map((d) => d.participant).join(', ');
    return { refusal: `${input.key} is owed by each participant of ${owner}: name one of ${who}` };
  }
  return { deliverable: mine };
}

export function checkSubmission(state: RoundState, input: SubmitDeliverableInput): Checked<{ deliverable: PlanDeliverable }> {
  const refusal = refusalIfEnded(state) ?? checkSubmitLimits(input);
  if (refusal) return { refusal };
  const found = findOwed(state, input);
  if ('refusal' in found) return found;
  return settledRefusal(state, found.deliverable) ?? found;
}

export function checkWaiver(state: RoundState, input: WaiveDeliverableInput): Checked<{ deliverable: PlanDeliverable }> {
  const refusal = refusalIfEnded(state) ?? checkWaiveLimits(input);
  if (refusal) return { refusal };
  const found = findOwed(state, input);
  if ('refusal' in found) return found;
  return settledRefusal(state, found.deliverable) ?? found;
}

/** An extension names an open deliverable: a submitted or waived one has no due date left to move. */
export function checkExtension(state: RoundState, input: ExtendDeadlineInput): Checked<{ deliverable: PlanDeliverable }> {
  const refusal = refusalIfEnded(state) ?? checkExtendLimits(input);
  if (refusal) return { refusal };
  const found = findOwed(state, input);
  if ('refusal' in found) return found;
  return settledRefusal(state, found.deliverable) ?? found;
}

function settledRefusal(state: RoundState, deliverable: PlanDeliverable): { refusal: string } | undefined {
  const record = state.records[deliverable.id];
  if (!record) return undefined;
  if (record.status === 'waived') return { refusal: `${deliverable.id} was waived ${utcText(record.at)}` };
  return { refusal: `${deliverable.id} was already submitted ${utcText(record.at)} by ${record.by ?? 'someone'}` };
}

/** An instant as a refusal states it: the reader's zone is not known here, so UTC, to the minute. */
function utcText(iso: string): string {
  return `on ${iso.slice(0, 10)} at ${iso.slice(11, 16)} UTC`;
}

/** What a replacement names, checked against the round as it is (the full rules run when it is applied). */
export function checkReplacement(
  state: RoundState,
  input: ReplaceParticipantInput,
): Checked<{ owner: string; leaving: string; newcomer: { name: string; email: string } }> {
  const refusal = refusalIfEnded(state) ?? checkReplaceLimits(input);
  if (refusal) return { refusal };
  const owner = ownerOf(state.round, String(input.delegation));
  if (!owner || owner === SECRETARIAT_OWNER) return { refusal: `no delegation "${input.delegation}" in round ${state.round.id}` };
  const leaving = normaliseEmail(input.leaving);
  const delegation = state.round.delegations.find((d) => d.country === owner);
  if (!delegation?.participants.some((p) => p.email === leaving)) {
    const who = delegation?.participants.map((p) => p.email).join(', ');
    return { refusal: `${leaving} is not a participant of ${owner} (participants: ${who})` };
  }
  return { owner, leaving, newcomer: { name: input.newcomer.name.trim(), email: normaliseEmail(input.newcomer.email) } };
}

/** When each deliverable is requested: the start of the phase it belongs to. */
export function requestTimes(plan: Plan): Record<string, string> {
  const phaseStart = (phase: Phase) => plan.phases.find((p) => p.phase === phase)?.startsAt ?? plan.launchedAt;
  return Object.fromEntries(plan.deliverables.map((d) => [d.id, phaseStart(d.phase)]));
}

/** Unsettled deliverables past their escalation: the coordinator follows them up now. */
export function escalatedIds(state: RoundState, now: string): string[] {
  return state.plan.deliverables
    .filter((d) => !state.records[d.id] && d.reminders.some((r) => r.kind === 'escalation' && r.at <= now))
    .map((d) => d.id);
}
