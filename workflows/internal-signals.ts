/**
 * Between the round and its chasing children only: clients never send these (they use the updates in
 * messages.ts). Kept apart so the public API stays small.
 */
import { defineSignal } from '@temporalio/workflow';
import type { PlanDeliverable, PlanEvent, ZoneOffsets } from '../domain/plan-types';
import type { Round } from '../domain/round-file';
import type { RecordedFailure } from './messages';

/** A deliverable was submitted or waived: stop chasing it. */
export const deliverableSettled = defineSignal<[{ id: string }]>('deliverableSettled');

/** The round's people or dates changed: the child's slice of the new plan, recorded by the round. */
export interface ChaseSlice {
  round: Round;
  deliverables: PlanDeliverable[];
  events: PlanEvent[];
  /** When each deliverable is requested (the start of its phase), by deliverable id. */
  requestAt: Record<string, string>;
  /** The readers' zone offsets, to fold a reader's reminders of one local day into one email. */
  zones: Record<string, ZoneOffsets>;
}
export const chasingReplanned = defineSignal<[ChaseSlice]>('chasingReplanned');

/** The round completed or was cancelled: stop chasing, let in-flight letters finish or cancel them. */
export const roundEnded = defineSignal<[{ outcome: 'completed' | 'cancelled' }]>('roundEnded');

/** Letters a child could not deliver, reported to the round that shows them to the coordinator. */
export const deliveryFailed = defineSignal<[{ failures: RecordedFailure[] }]>('deliveryFailed');
