/**
 * The progress of a round as a grid: one row per deliverable, one column per owner (each delegation,
 * then the Secretariat). Per-participant deliverables (exchange feedback) fold into one cell per
 * delegation ("1/2 submitted"). Shared by `jsrx status` and the HTML report.
 */
import type { DeliverableStatusView } from '../workflows/dispatch';

export type Status = DeliverableStatusView['status'];

export interface MatrixCell {
  /** The worst status of the cell's deliverables, for colour: overdue > pending > submitted-late > submitted > not-sent > waived. */
  status: Status;
  label: string;
}

export interface MatrixRow {
  key: string;
  /** The due date when every owner has the same one (the usual case). */
  dueAt?: string;
  cells: Record<string, MatrixCell | undefined>;
}

export interface StatusMatrix {
  owners: string[];
  rows: MatrixRow[];
  counts: Record<Status, number>;
}

const SEVERITY: Record<Status, number> = { overdue: 5, pending: 4, 'submitted-late': 3, submitted: 2, 'not-sent': 1, waived: 0 };

/** `delegations`: the countries in the round file's order (the progress's `delegations`). */
export function buildStatusMatrix(deliverables: DeliverableStatusView[], delegations: string[] = []): StatusMatrix {
  const owners = unique(deliverables.map((deliverable) => deliverable.owner));
  // The Secretariat's column goes last, after the delegations in the round file's order: not in the
  // order their first items fall due, which a deadline for the host alone would change.
  const place = (owner: string) =>
    owner === 'secretariat' ? Number.MAX_SAFE_INTEGER : delegations.includes(owner) ? delegations.indexOf(owner) : delegations.length;
  owners.sort((a, b) => place(a) - place(b));
  const byDue = [...deliverables].sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0));
  const rows: MatrixRow[] = unique(byDue.map((deliverable) => deliverable.key)).map((key) => {
    const ofKey = deliverables.filter((deliverable) => deliverable.key === key);
    const dueDates = unique(ofKey.map((deliverable) => deliverable.dueAt));
    const cells: MatrixRow['cells'] = {};
    for (const owner of owners) {
      const owed = ofKey.filter((deliverable) => deliverable.owner === owner);
      if (owed.length > 0) cells[owner] = summarise(owed);
    }
    return { key, dueAt: dueDates.length === 1 ? dueDates[0] : undefined, cells };
  });
  const counts: Record<Status, number> = { pending: 0, overdue: 0, submitted: 0, 'submitted-late': 0, waived: 0, 'not-sent': 0 };
  for (const deliverable of deliverables) counts[deliverable.status] += 1;
  return { owners, rows, counts };
}

function summarise(owed: DeliverableStatusView[]): MatrixCell {
  const worst = owed.reduce((a, b) => (SEVERITY[b.status] > SEVERITY[a.status] ? b : a)).status;
  if (owed.length === 1) return { status: worst, label: worst };
  const done = owed.filter((deliverable) => deliverable.status === 'submitted' || deliverable.status === 'submitted-late').length;
  if (done === 0) return { status: worst, label: `${worst} ×${owed.length}` };
  return { status: worst, label: `${done}/${owed.length} submitted${worst === 'overdue' ? ', overdue' : ''}` };
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
