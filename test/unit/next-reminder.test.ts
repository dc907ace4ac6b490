/**
 * The next reminder the progress query shows for each deliverable (workflows/progress.ts), from the
 * plan's reminders: the anglophone example, GH/jsr-documents due vc2 − 10 d = 2027-03-13T11:00Z, reminded
 * 7 and 2 days before, overdue notices every 3 days, escalated after 7.
 */
import { join } from 'node:path';
import { buildPlan } from '../../domain/plan';
import type { Plan } from '../../domain/plan-types';
import { progressViews } from '../../workflows/progress';
import { EXAMPLES, validRound } from './round-fixtures';

const LAUNCH = '2026-11-22T22:40:00Z';

describe('the next reminder of a deliverable', () => {
  let plan: Plan;
  beforeAll(async () => {
    plan = buildPlan(await validRound(join(EXAMPLES, 'en-2027-r1.yaml')), LAUNCH);
  });
  const nextOf = (id: string, now: string, records = {}) =>
    progressViews(plan.deliverables, records, [], now).find((d) => d.id === id)?.nextReminder;

  it('is the first reminder still ahead: a week before, two days before, then the overdue notices and the escalation', () => {
    expect(nextOf('GH/jsr-documents', '2027-01-10T08:00:00.000Z')).toEqual({
      at: '2027-03-06T11:00:00.000Z',
      kind: 'before',
    });
    expect(nextOf('GH/jsr-documents', '2027-03-07T00:00:00.000Z')).toEqual({
      at: '2027-03-11T11:00:00.000Z',
      kind: 'before',
    });
    expect(nextOf('GH/jsr-documents', '2027-03-14T00:00:00.000Z')).toEqual({
      at: '2027-03-16T11:00:00.000Z',
      kind: 'overdue',
    });
    expect(nextOf('GH/jsr-documents', '2027-03-19T12:00:00.000Z')).toEqual({
      at: '2027-03-20T11:00:00.000Z',
      kind: 'escalation',
    });
    // After the escalation the coordinator owns it: nothing more is planned.
    expect(nextOf('GH/jsr-documents', '2027-03-21T00:00:00.000Z')).toBeUndefined();
  });

  it('is gone once the deliverable is submitted or waived', () => {
    const records = { 'GH/jsr-documents': { status: 'submitted' as const, at: '2027-01-09T08:00:00.000Z' } };
    expect(nextOf('GH/jsr-documents', '2027-01-10T08:00:00.000Z', records)).toBeUndefined();
  });
});
