/**
 * A running round's events after a change (domain/revise.ts), against instants written by hand. The
 * francophone example: N'Djamena (UTC+1 all year) hosts; vc2 on 2027-03-17T13:00Z, reminded the day before.
 */
import { join } from 'node:path';
import { buildPlan } from '../../domain/plan';
import type { Plan } from '../../domain/plan-types';
import { reviseRound, type Planned } from '../../domain/revise';
import type { Round } from '../../domain/round-file';
import { EXAMPLES, validRound } from './round-fixtures';

const LAUNCH = '2026-11-22T22:40:00Z';
/** Two hours after vc2's reminder went out. */
const NOW = '2027-03-16T15:00:00.000Z';

const planned = (result: Planned): Plan => {
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.plan;
};
const remindersOf = (plan: Plan, id: string) => plan.events.find((event) => event.id === id)?.remindersAt;

describe('an event’s reminders after a change', () => {
  let round: Round;
  let plan: Plan;
  beforeAll(async () => {
    round = await validRound(join(EXAMPLES, 'fr-2027-r1.yaml'));
    plan = buildPlan(round, LAUNCH);
  });
  const moveVc2 = (start: string) => planned(reviseRound(round, plan, { type: 'reschedule', event: 'vc2', start }, NOW));

  it('a move leaves out a reminder due within twelve hours of its notice: the updated invitation has just said it', () => {
    expect(remindersOf(plan, 'vc2')).toEqual(['2027-03-16T13:00:00.000Z']);
    // Three hours later: the new reminder would go out at 16:00Z today, an hour after the notice.
    const moved = moveVc2('2027-03-17T16:00:00Z');
    expect(moved.events.find((event) => event.id === 'vc2')?.start).toBe('2027-03-17T16:00:00.000Z');
    expect(remindersOf(moved, 'vc2')).toEqual([]);
    expect(moved.events.find((event) => event.id === 'vc2')?.remindersByZone).toEqual({ 'Africa/Abidjan': [], 'Africa/Dakar': [], 'Africa/Ndjamena': [] });
  });

  it('a move further off keeps the reminder the day before the new date', () => {
    expect(remindersOf(moveVc2('2027-03-20T13:00:00Z'), 'vc2')).toEqual(['2027-03-19T13:00:00.000Z']);
    // The next morning, 19 hours after the notice.
    expect(remindersOf(moveVc2('2027-03-18T10:00:00Z'), 'vc2')).toEqual(['2027-03-17T10:00:00.000Z']);
  });

  it('an event that did not move keeps the reminders it had, even when today’s rules would plan others', () => {
    // As a plan made by an earlier release had it: the visit reminded at the host's midnight.
    const earlier: Plan = {
      ...plan,
      events: plan.events.map((event) => (event.id === 'visit' ? { ...event, remindersAt: ['2027-04-17T23:00:00.000Z'] } : event)),
    };
    const replaced = planned(
      reviseRound(
        round,
        earlier,
        { type: 'replace-participant', delegation: 'SN', leaving: 'o.ndiaye@example.sn', newcomer: { name: 'Aminata Sow', email: 'a.sow@example.sn' } },
        NOW,
      ),
    );
    expect(remindersOf(replaced, 'visit')).toEqual(['2027-04-17T23:00:00.000Z']);
    expect(remindersOf(replaced, 'vc3')).toEqual(remindersOf(plan, 'vc3'));
  });

  it('a moved conference is reminded within each reader’s working day at its new date', () => {
    // 06:00Z on 20 March: 07:00 in N'Djamena, 06:00 in Abidjan and Dakar, each reminded at 09:00 the day before.
    const moved = moveVc2('2027-03-20T06:00:00Z');
    expect(moved.events.find((event) => event.id === 'vc2')?.remindersByZone).toEqual({
      'Africa/Abidjan': ['2027-03-19T09:00:00.000Z'],
      'Africa/Dakar': ['2027-03-19T09:00:00.000Z'],
      'Africa/Ndjamena': ['2027-03-19T08:00:00.000Z'],
    });
  });

  it('a round planned before reminders kept to each reader’s day keeps one instant for everybody, except for the event it moves', () => {
    const earlier: Plan = { ...plan, events: plan.events.map(({ remindersByZone: _none, ...event }) => event) };
    const moved = planned(reviseRound(round, earlier, { type: 'reschedule', event: 'vc2', start: '2027-03-20T06:00:00Z' }, NOW));
    const byZone = (id: string) => moved.events.find((event) => event.id === id)?.remindersByZone;
    expect(byZone('vc2')).toEqual(expect.objectContaining({ 'Africa/Ndjamena': ['2027-03-19T08:00:00.000Z'] }));
    for (const id of ['visit', 'debrief-2', 'vc3']) expect({ id, byZone: byZone(id) }).toEqual({ id, byZone: undefined });
    expect(remindersOf(moved, 'vc3')).toEqual(remindersOf(plan, 'vc3'));
    // A plan that has them keeps its unmoved events' reminders by zone as they were.
    const kept = moveVc2('2027-03-20T06:00:00Z');
    expect(kept.events.find((event) => event.id === 'vc3')?.remindersByZone).toEqual(plan.events.find((event) => event.id === 'vc3')?.remindersByZone);
  });

  it('an unmoved event loses a kept reminder that now falls before the step that prepares it is over', () => {
    const [visitReminder] = remindersOf(plan, 'visit')!;
    expect(visitReminder).toBeDefined();
    // vc2 plans the visit: moved to end two hours after the visit's reminder, that reminder would
    // announce a visit not yet planned.
    const vc2Start = new Date(Date.parse(visitReminder!)).toISOString();
    const moved = planned(
      reviseRound(round, plan, { type: 'reschedule', event: 'vc2', start: vc2Start }, NOW),
    );
    expect(moved.events.find((event) => event.id === 'visit')?.start).toBe(plan.events.find((event) => event.id === 'visit')?.start);
    expect(remindersOf(moved, 'visit')).toEqual(remindersOf(plan, 'visit')!.filter((at) => at > visitReminder!));
    // An unrelated event keeps its reminders as they were.
    expect(remindersOf(moved, 'vc3')).toEqual(remindersOf(plan, 'vc3'));
  });
});
