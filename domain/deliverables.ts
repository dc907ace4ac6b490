/**
 * The deliverable catalogue: DESIGN.md §2 as data. Each deliverable of a round is one row of this
 * table multiplied by its owners (each delegation, the host, the visiting delegations, each
 * participant, or the Secretariat).
 */
import type { DeliverableKey, Phase } from './plan-types';

/** Who owes a deliverable. `each-participant` makes one deliverable per participant (exchange feedback). */
export type OwnerKind = 'each-delegation' | 'host' | 'visiting' | 'each-participant' | 'secretariat';

/** The events a default due date hangs on: a video conference start, or the visit's first or last day. */
export type AnchorEvent = 'vc1' | 'vc2' | 'vc3' | 'visit-start' | 'visit-end';

export interface CatalogueEntry {
  key: DeliverableKey;
  owner: OwnerKind;
  anchor: { event: AnchorEvent; offsetDays: number };
  /** The phase in which it is requested. */
  phase: Phase;
  optional: boolean;
  /**
   * The event this deliverable prepares (it must be due by the event's start) or reports on (it cannot
   * be due before the event starts). A deadline override that breaks this is a hard error.
   */
  relation: { prepares: AnchorEvent } | { follows: AnchorEvent };
  /**
   * The next step that works from it: its default due date comes no later than the day before that
   * step starts (domain/plan.ts, dueBeforeUse). The Secretariat's notes of vc1 serve vc2, those of vc2
   * the visit it planned.
   */
  usedBy?: AnchorEvent;
}

const entry = (
  key: DeliverableKey,
  owner: OwnerKind,
  event: AnchorEvent,
  offsetDays: number,
  phase: Phase,
  relation: CatalogueEntry['relation'],
  optional = false,
  usedBy?: AnchorEvent,
): CatalogueEntry => ({ key, owner, anchor: { event, offsetDays }, phase, optional, relation, ...(usedBy ? { usedBy } : {}) });

export const DELIVERABLE_CATALOGUE: readonly CatalogueEntry[] = [
  entry('learning-objectives', 'each-delegation', 'vc1', -3, 'prep-1', { prepares: 'vc1' }),
  entry('vc1-notes', 'secretariat', 'vc1', 3, 'vc-1', { follows: 'vc1' }, false, 'vc2'),
  entry('self-assessment', 'each-delegation', 'vc2', -5, 'prep-2', { prepares: 'vc2' }),
  entry('maturity-ladder', 'each-delegation', 'vc2', -5, 'prep-2', { prepares: 'vc2' }),
  entry('jsr-documents', 'each-delegation', 'vc2', -10, 'prep-2', { prepares: 'vc2' }),
  entry('vc2-notes', 'secretariat', 'vc2', 3, 'vc-2', { follows: 'vc2' }, false, 'visit-start'),
  entry('visa-invitation-letters', 'host', 'visit-start', -30, 'prep-3', { prepares: 'visit-start' }),
  entry('host-jsr-documents', 'host', 'visit-start', -21, 'prep-3', { prepares: 'visit-start' }),
  entry('meeting-requests', 'visiting', 'visit-start', -14, 'prep-3', { prepares: 'visit-start' }, true),
  entry('visit-logistics', 'secretariat', 'visit-start', -14, 'prep-3', { prepares: 'visit-start' }),
  entry('visit-takeaways', 'visiting', 'visit-end', 2, 'visit', { follows: 'visit-start' }),
  entry('improvement-plan', 'visiting', 'vc3', -7, 'post-visit', { prepares: 'vc3' }),
  entry('leg-debrief', 'visiting', 'vc3', -3, 'post-visit', { prepares: 'vc3' }),
  entry('aide-memoire', 'host', 'vc3', -10, 'post-visit', { prepares: 'vc3' }),
  entry('vc3-notes', 'secretariat', 'vc3', 3, 'vc-3', { follows: 'vc3' }),
  entry('exchange-feedback', 'each-participant', 'vc3', 14, 'close-out', { follows: 'vc3' }),
  entry('communications', 'secretariat', 'vc3', 30, 'close-out', { follows: 'vc3' }),
];

export function catalogueEntry(key: DeliverableKey): CatalogueEntry {
  const found = DELIVERABLE_CATALOGUE.find((candidate) => candidate.key === key);
  if (!found) throw new Error(`no deliverable named ${key} in the catalogue`);
  return found;
}
