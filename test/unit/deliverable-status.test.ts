/**
 * A deliverable's status as the round reports it (workflows/progress.ts), on the francophone example's
 * plan: an optional one (meeting requests) whose date passed without it reads "not sent", never
 * "pending" in a finished round nor "overdue".
 */
import { join } from 'node:path';
import { buildPlan } from '../../domain/plan';
import type { PlanDeliverable } from '../../domain/plan-types';
import { statusName } from '../../activities/vocabulary';
import { buildStatusMatrix } from '../../client/status-matrix';
import { statusView, statusViews } from '../../workflows/progress';
import { EXAMPLES, validRound } from './round-fixtures';

const LAUNCH = '2026-11-22T22:40:00Z';
const after = (iso: string) => new Date(Date.parse(iso) + 60_000).toISOString();
const before = (iso: string) => new Date(Date.parse(iso) - 60_000).toISOString();

describe('a deliverable’s status', () => {
  let deliverables: PlanDeliverable[];
  let optional: PlanDeliverable;
  let required: PlanDeliverable;
  beforeAll(async () => {
    const plan = buildPlan(await validRound(join(EXAMPLES, 'fr-2027-r1.yaml')), LAUNCH);
    deliverables = plan.deliverables;
    optional = deliverables.find((deliverable) => deliverable.optional)!;
    required = deliverables.find((deliverable) => !deliverable.optional && deliverable.owner === optional.owner)!;
  });

  it('an optional deliverable is pending until its date, then not sent; a required one becomes overdue', () => {
    expect(optional.key).toBe('meeting-requests');
    expect(statusView(optional, undefined, before(optional.dueAt)).status).toBe('pending');
    expect(statusView(optional, undefined, after(optional.dueAt)).status).toBe('not-sent');
    expect(statusView(required, undefined, after(required.dueAt)).status).toBe('overdue');
    // Sent late, it counts as sent late like any other.
    expect(statusView(optional, { status: 'submitted-late', at: after(optional.dueAt) }, after(optional.dueAt)).status).toBe('submitted-late');
    expect(statusName('not-sent', 'en')).toBe('not sent');
    expect(statusName('not-sent', 'fr')).toBe('non transmis');
  });

  it('a round over with nothing received shows its optional items as not sent, none as pending', () => {
    const end = after(deliverables.map((deliverable) => deliverable.dueAt).sort().pop()!);
    const matrix = buildStatusMatrix(statusViews(deliverables, {}, end));
    expect(matrix.counts.pending).toBe(0);
    expect(matrix.counts['not-sent']).toBe(deliverables.filter((deliverable) => deliverable.optional).length);
    const row = matrix.rows.find((candidate) => candidate.key === 'meeting-requests')!;
    expect(Object.values(row.cells).map((cell) => cell?.label)).toContain('not-sent');
  });
});
