/**
 * The round workflow's state and the checks its updates run, as plain JSON and pure functions, so a
 * validator (which must not change state) and its handler (which re-checks after validation) share the
 * same rules. Every refusal is a sentence the coordinator can act on.
 */
import type { Dispatch } from './dispatch';
import type { RecordedFailure, ReplaceParticipantInput, SubmitDeliverableInput, WaiveDeliverableInput } from './messages';
import { DELIVERABLE_KEYS, SECRETARIAT, type Phase, type Plan, type PlanDeliverable } from '../domain/plan-types';
import type { DeliverableRecord } from './progress';
import type { Round } from '../domain/round-file';
import { normaliseEmail, validateRound } from '../domain/validate';

/** A message decided by an update or a timeline step, waiting for the main loop to send it. */
export interface PendingMessage {
  dispatch: Omit<Dispatch, 'round'>;
  deliverableId?: string;
}

export interface RoundState {
  round: Round;
  plan: Plan;
  status: 'running' | 'completed' | 'cancelled';
  phase: Phase;
  phaseSince: string;
  records: Record<string, DeliverableRecord>;
  /** The SEQUENCE last sent for each event whose invitation went out. */
  invitations: Record<string, number>;
  /** Since when each event's current date is known: reminders due before that are not sent late. */
  eventsKnownSince: Record<string, string>;
  /** Keys of the timeline steps already taken (phase changes, invitations, reminders, digests). */
  done: string[];
  outbox: PendingMessage[];
  failures: RecordedFailure[];
  cancelledReason?: string;
  /** Raised by every change, so the main loop wakes up and looks at the timeline again. */
  revision: number;
}

const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

export function refusalIfEnded(state: RoundState): string | undefined {
  return state.status === 'running' ? undefined : `round ${state.round.id} is ${state.status}: it takes no more changes`;
}

export function ownerOf(round: Round, delegation: string): string | undefined {
  const wanted = delegation.trim();
  if (wanted.toLowerCase() === SECRETARIAT) return SECRETARIAT;
  return round.delegations.find((d) => d.country === wanted.toUpperCase())?.country;
}

/** The deliverable a submission or a waiver names, or why none matches. */
export function findOwed(
  state: RoundState,
  input: { delegation: string; key: string; participant?: string; by?: string },
): { deliverable: PlanDeliverable } | { refusal: string } {
  const owner = ownerOf(state.round, String(input.delegation ?? ''));
  const owners = ['secretariat', ...state.round.delegations.map((d) => d.country)].join(', ');
  if (!owner) return { refusal: `no delegation "${input.delegation}" in round ${state.round.id} (one of: ${owners})` };
  if (!(DELIVERABLE_KEYS as readonly string[]).includes(input.key)) {
    return { refusal: `unknown deliverable "${input.key}" (one of: ${DELIVERABLE_KEYS.join(', ')})` };
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

export function checkSubmission(
  state: RoundState,
  input: SubmitDeliverableInput,
): { deliverable: PlanDeliverable } | { refusal: string } {
  const ended = refusalIfEnded(state);
  if (ended) return { refusal: ended };
  if (!input || typeof input !== 'object') return { refusal: 'a submission needs delegation, key, by and reference' };
  if (typeof input.by !== 'string' || !EMAIL.test(input.by.trim())) {
    return { refusal: `"by" must be the submitter's email address (got ${JSON.stringify(input.by)})` };
  }
  if (typeof input.reference !== 'string' || input.reference.trim() === '') {
    return { refusal: 'a reference is required: a file reference, a URL or a short note' };
  }
  const found = findOwed(state, input);
  if ('refusal' in found) return found;
  return settledRefusal(state, found.deliverable) ?? found;
}

export function checkWaiver(
  state: RoundState,
  input: WaiveDeliverableInput,
): { deliverable: PlanDeliverable } | { refusal: string } {
  const ended = refusalIfEnded(state);
  if (ended) return { refusal: ended };
  if (!input || typeof input.reason !== 'string' || input.reason.trim() === '') {
    return { refusal: 'a waiver needs a reason, kept on the round for the report' };
  }
  const found = findOwed(state, input);
  if ('refusal' in found) return found;
  return settledRefusal(state, found.deliverable) ?? found;
}

function settledRefusal(state: RoundState, deliverable: PlanDeliverable): { refusal: string } | undefined {
  const record = state.records[deliverable.id];
  if (!record) return undefined;
  if (record.status === 'waived') return { refusal: `${deliverable.id} was waived at ${record.at}` };
  return { refusal: `${deliverable.id} was already submitted at ${record.at} by ${record.by ?? 'someone'}` };
}

/** The round with one participant replaced, validated again (so a duplicate email is refused). */
export function roundWithReplacement(
  state: RoundState,
  input: ReplaceParticipantInput,
): { round: Round; owner: string; leaving: string; newcomer: string } | { refusal: string } {
  const ended = refusalIfEnded(state);
  if (ended) return { refusal: ended };
  const owner = ownerOf(state.round, String(input?.delegation ?? ''));
  if (!owner || owner === SECRETARIAT) return { refusal: `no delegation "${input?.delegation}" in round ${state.round.id}` };
  const leaving = normaliseEmail(String(input.leaving ?? ''));
  const delegation = state.round.delegations.find((d) => d.country === owner);
  if (!delegation?.participants.some((p) => p.email === leaving)) {
    const who = delegation?.participants.map((p) => p.email).join(', ');
    return { refusal: `${leaving} is not a participant of ${owner} (participants: ${who})` };
  }
  if (!input.newcomer || typeof input.newcomer.name !== 'string' || typeof input.newcomer.email !== 'string') {
    return { refusal: 'the newcomer needs a name and an email' };
  }
  const delegations = state.round.delegations.map((d) =>
    d.country !== owner
      ? d
      : {
          ...d,
          participants: d.participants.map((p) =>
            p.email === leaving ? { name: input.newcomer.name, email: input.newcomer.email } : p,
          ),
        },
  );
  const result = validateRound({ ...state.round, delegations });
  if (!result.ok) return { refusal: result.errors.map((e) => `${e.path}: ${e.message}`).join('; ') };
  return { round: result.round, owner, leaving, newcomer: normaliseEmail(input.newcomer.email) };
}

/** When each deliverable is requested: the start of the phase it belongs to. */
export function requestTimes(plan: Plan): Record<string, string> {
  const phaseStart = (phase: Phase) => plan.phases.find((p) => p.phase === phase)?.startsAt ?? plan.launchedAt;
  return Object.fromEntries(plan.deliverables.map((d) => [d.id, phaseStart(d.phase)]));
}
