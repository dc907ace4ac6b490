/**
 * Where a round stands: the deliverables' statuses as the round workflow records them, turned into the
 * views the progress query, the digests and the final report carry. Pure: `now` is a parameter.
 */
import type { DeliverableStatusView } from './dispatch';
import type { DeliverableProgress, RecordedFailure } from './messages';
import type { PlanDeliverable } from '../domain/plan-types';

/** What the round knows about a deliverable once it is settled; a deliverable with no record is open. */
export interface DeliverableRecord {
  status: 'submitted' | 'submitted-late' | 'waived';
  at: string;
  by?: string;
  reference?: string;
  waivedReason?: string;
}

export function statusView(
  deliverable: PlanDeliverable,
  record: DeliverableRecord | undefined,
  now: string,
): DeliverableStatusView {
  const base = {
    id: deliverable.id,
    key: deliverable.key,
    owner: deliverable.owner,
    ...(deliverable.participant ? { participant: deliverable.participant } : {}),
    dueAt: deliverable.dueAt,
  };
  if (!record) {
    const past = now > deliverable.dueAt;
    // An optional deliverable (meeting requests) is never overdue: past its date it simply was not sent.
    if (deliverable.optional) return { ...base, status: past ? 'not-sent' : 'pending' };
    return { ...base, status: past ? 'overdue' : 'pending' };
  }
  return {
    ...base,
    status: record.status,
    ...(record.status === 'waived' ? {} : { submittedAt: record.at }),
    ...(record.by ? { submittedBy: record.by } : {}),
    ...(record.reference ? { reference: record.reference } : {}),
    ...(record.waivedReason ? { waivedReason: record.waivedReason } : {}),
  };
}

export function statusViews(
  deliverables: PlanDeliverable[],
  records: Record<string, DeliverableRecord>,
  now: string,
): DeliverableStatusView[] {
  return deliverables.map((deliverable) => statusView(deliverable, records[deliverable.id], now));
}

export function progressViews(
  deliverables: PlanDeliverable[],
  records: Record<string, DeliverableRecord>,
  failures: RecordedFailure[],
  now: string,
): DeliverableProgress[] {
  return statusViews(deliverables, records, now).map((view, index) => {
    // The plan's reminders are what the chasing child times from: the first one still ahead is the next letter.
    const next =
      view.status === 'pending' || view.status === 'overdue'
        ? deliverables[index]!.reminders.find((reminder) => reminder.at > now)
        : undefined;
    return {
      ...view,
      ...(next ? { nextReminder: { at: next.at, kind: next.kind } } : {}),
      deliveryFailures: failures
        .filter((failure) => failure.deliverableId === view.id)
        .map(({ email, reason }) => ({ email, reason })),
    };
  });
}
