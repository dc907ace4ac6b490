/**
 * Extending one deliverable's due date (domain/extend.ts through reviseRound), against dates written by
 * hand. The anglophone example: Kenya hosts (Nairobi, UTC+3 all year), jsr-documents due vc2 − 10 d =
 * 2027-03-13T11:00Z, vc2 on 2027-03-23T11:00Z, reminders 7 and 2 days before, overdue every 3, escalation at 7.
 */
import { join } from 'node:path';
import { buildPlan } from '../../domain/plan';
import type { Plan, PlanDeliverable } from '../../domain/plan-types';
import { reviseRound, type Planned } from '../../domain/revise';
import type { Round } from '../../domain/round-file';
import { EXAMPLES, paths, validRound } from './round-fixtures';

const LAUNCH = '2026-11-22T22:40:00Z';
const NOW = '2027-01-10T08:00:00.000Z';

const find = (plan: Plan, id: string): PlanDeliverable => {
  const found = plan.deliverables.find((d) => d.id === id);
  if (!found) throw new Error(`no deliverable ${id}`);
  return found;
};
const reminderLines = (d: PlanDeliverable) => d.reminders.map((r) => `${r.kind} ${r.days} ${r.at}`);
const planned = (result: Planned): Plan => {
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.plan;
};
const problems = (result: Planned) => (result.ok ? [] : result.problems);

describe('extending one deliverable’s due date', () => {
  let round: Round;
  let plan: Plan;
  beforeAll(async () => {
    round = await validRound(join(EXAMPLES, 'en-2027-r1.yaml'));
    plan = buildPlan(round, LAUNCH);
  });
  const extend = (deliverable: string, dueAt: string, on: Plan = plan) =>
    reviseRound(round, on, { type: 'extend-deadline', deliverable, dueAt }, NOW);

  it('a day falls due at 17:00 host time; its reminders follow by the round’s rules; the other deliverables keep theirs', () => {
    const extended = planned(extend('KE/jsr-documents', '2027-03-18'));

    expect(reminderLines(find(extended, 'KE/jsr-documents'))).toEqual([
      'before 7 2027-03-11T14:00:00.000Z',
      'before 2 2027-03-16T14:00:00.000Z',
      'overdue 3 2027-03-21T14:00:00.000Z',
      'overdue 6 2027-03-24T14:00:00.000Z',
      'escalation 7 2027-03-25T14:00:00.000Z',
    ]);
    expect(find(extended, 'KE/jsr-documents').dueAt).toBe('2027-03-18T14:00:00.000Z');
    expect(find(extended, 'GH/jsr-documents')).toEqual(find(plan, 'GH/jsr-documents'));
    expect(extended.deliverables.filter((d) => d.id !== 'KE/jsr-documents')).toEqual(
      plan.deliverables.filter((d) => d.id !== 'KE/jsr-documents'),
    );
    // The pack waits for the latest documents due date, as at launch.
    expect(extended.peerDocumentsPackAt).toBe('2027-03-18T14:00:00.000Z');
    expect(extended.extensions).toEqual({ 'KE/jsr-documents': '2027-03-18T14:00:00.000Z' });
  });

  it('a reminder that would follow the extension notice within twelve hours is left out: the notice names the new date', () => {
    // Learning objectives, asked for at launch, now due 17 January, 17:00 Nairobi: the 7-day reminder would
    // fall six hours after the notice of 08:00 UTC.
    expect(reminderLines(find(planned(extend('KE/learning-objectives', '2027-01-17')), 'KE/learning-objectives'))).toEqual([
      'before 2 2027-01-15T14:00:00.000Z',
      'overdue 3 2027-01-20T14:00:00.000Z',
      'overdue 6 2027-01-23T14:00:00.000Z',
      'escalation 7 2027-01-24T14:00:00.000Z',
    ]);
    // A later change rebuilds the plan from the file: the reminder left out does not come back, past and unsent.
    const extended = planned(extend('KE/learning-objectives', '2027-01-17'));
    const replaced = planned(
      reviseRound(
        round,
        extended,
        { type: 'replace-participant', delegation: 'GH', leaving: 'k.asante@example.gh', newcomer: { name: 'Yaw Boateng', email: 'y.boateng@example.gh' } },
        '2027-01-12T08:00:00.000Z',
      ),
    );
    expect(reminderLines(find(replaced, 'KE/learning-objectives'))).toEqual(reminderLines(find(extended, 'KE/learning-objectives')));
    // Twelve hours on, the reminder stands.
    expect(reminderLines(find(planned(extend('KE/learning-objectives', '2027-01-18')), 'KE/learning-objectives'))[0]).toBe(
      'before 7 2027-01-11T14:00:00.000Z',
    );
  });

  it('an instant keeps its own hour, read with its offset', () => {
    expect(
      find(planned(extend('GH/jsr-documents', '2027-03-20T09:00:00+01:00')), 'GH/jsr-documents').dueAt,
    ).toBe('2027-03-20T08:00:00.000Z');
  });

  it('refuses, at the field dueAt, a date not after now, after the event the deliverable prepares, or past the horizon', () => {
    expect(problems(extend('KE/jsr-documents', '2027-01-09'))).toEqual([
      {
        path: 'dueAt',
        message: expect.stringMatching(/^due 2027-01-09T14:00:00.000Z, which is not after now/),
      },
    ]);
    expect(problems(extend('KE/jsr-documents', '2027-03-24'))).toEqual([
      {
        path: 'dueAt',
        message:
          'due 2027-03-24T14:00:00.000Z, after vc2 (2027-03-23T11:00:00.000Z) that it prepares: choose a due date before vc2',
      },
    ]);
    expect(problems(extend('secretariat/visit-logistics', '2027-04-26'))).toEqual([
      {
        path: 'dueAt',
        message: expect.stringContaining('after the visit (2027-04-25T21:00:00.000Z) that it prepares'),
      },
    ]);
    expect(problems(extend('secretariat/communications', '2029-01-05'))).toEqual([
      {
        path: 'dueAt',
        message: expect.stringMatching(/^due 2029-01-05, more than two years after launch \(2026-11-23\)/),
      },
    ]);
    expect(paths(problems(extend('KE/jsr-documents', 'soon')))).toEqual(['dueAt']);
    expect(problems(extend('KE/nothing', '2027-03-18'))).toEqual([
      { path: 'deliverable', message: expect.stringContaining('no deliverable KE/nothing') },
    ]);
  });

  it('a deliverable extended past the old end of the round moves the end with it', () => {
    const extended = planned(extend('secretariat/communications', '2027-08-20'));
    expect(extended.completesAt).toBe('2027-08-20T14:00:00.000Z');
    expect(extended.phases.find((p) => p.phase === 'completed')?.startsAt).toBe('2027-08-20T14:00:00.000Z');
    expect(extended.zones['Africa/Nairobi']).toBeDefined();
  });

  it('survives a later reschedule, which refuses to move the prepared event before the extended date', () => {
    const extended = planned(extend('KE/jsr-documents', '2027-03-18'));
    const later = planned(
      reviseRound(round, extended, { type: 'reschedule', event: 'vc2', start: '2027-03-30T11:00:00Z' }, NOW),
    );
    expect(find(later, 'KE/jsr-documents').dueAt).toBe('2027-03-18T14:00:00.000Z');
    expect(find(later, 'GH/jsr-documents').dueAt).toBe('2027-03-20T11:00:00.000Z');

    const earlier = reviseRound(
      round,
      extended,
      { type: 'reschedule', event: 'vc2', start: '2027-03-17T11:00:00Z' },
      NOW,
    );
    expect(paths(problems(earlier))).toEqual(['extensions.KE/jsr-documents']);
  });
});
