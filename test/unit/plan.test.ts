/**
 * The plan builder against dates computed by hand (written literally here, never recomputed with the
 * code under test). N'Djamena is UTC+1 all year; Nairobi UTC+3 all year; Paris moves from UTC+1 to
 * UTC+2 at 01:00Z on Sunday 28 March 2027.
 */
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { readRoundFile } from '../../client/round-file-io';
import { buildPlan, rescheduleRound } from '../../domain/plan';
import { validateLaunch, validateRound } from '../../domain/validate';
import type { Plan, PlanDeliverable } from '../../domain/plan-types';
import type { Round } from '../../domain/round-file';
import { EXAMPLES, FIXTURES, paths, validRound } from './round-fixtures';

const LAUNCH = '2026-11-22T22:40:00Z';

function deliverable(plan: Plan, id: string): PlanDeliverable {
  const found = plan.deliverables.find((d) => d.id === id);
  if (!found) throw new Error(`no deliverable ${id}`);
  return found;
}

const reminderLines = (d: PlanDeliverable) => d.reminders.map((r) => `${r.kind} ${r.days} ${r.at}`);

/** The anglophone example with the host moved, the schedule replaced and deadlines set. */
async function variant(changes: {
  hostZone?: string;
  schedule?: object;
  deadlines?: Record<string, string>;
}): Promise<Round> {
  const input = (await readRoundFile(join(EXAMPLES, 'en-2027-r1.yaml'))) as Record<string, unknown> & {
    delegations: Array<Record<string, unknown>>;
    schedule: Record<string, Record<string, unknown>>;
  };
  if (changes.hostZone && input.delegations[0]) input.delegations[0].timezone = changes.hostZone;
  for (const [event, value] of Object.entries(changes.schedule ?? {})) {
    input.schedule[event] = { ...input.schedule[event], ...(value as object) };
  }
  if (changes.deadlines) input.deadlines = changes.deadlines;
  const result = validateRound(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.round;
}

describe('the francophone example, launched on 2026-11-22', () => {
  let plan: Plan;
  beforeAll(async () => {
    plan = buildPlan(await validRound(join(EXAMPLES, 'fr-2027-r1.yaml')), LAUNCH);
  });

  it('opens the phases at the launch, the video conferences and the visit days in N’Djamena', () => {
    expect(plan.phases).toEqual([
      { phase: 'prep-1', startsAt: '2026-11-22T22:40:00.000Z' },
      { phase: 'vc-1', startsAt: '2027-02-10T13:00:00.000Z' },
      { phase: 'prep-2', startsAt: '2027-02-10T15:00:00.000Z' },
      { phase: 'vc-2', startsAt: '2027-03-17T13:00:00.000Z' },
      { phase: 'prep-3', startsAt: '2027-03-17T15:00:00.000Z' },
      { phase: 'visit', startsAt: '2027-04-18T23:00:00.000Z' },
      { phase: 'post-visit', startsAt: '2027-04-23T23:00:00.000Z' },
      { phase: 'vc-3', startsAt: '2027-06-02T13:00:00.000Z' },
      { phase: 'close-out', startsAt: '2027-06-02T15:00:00.000Z' },
      { phase: 'completed', startsAt: '2027-07-02T13:00:00.000Z' },
    ]);
    expect(plan.completesAt).toBe('2027-07-02T13:00:00.000Z');
  });

  it('schedules three video conferences, the visit and an evening debrief for each of its five days', () => {
    expect(plan.events.map((e) => e.id)).toEqual([
      'vc1',
      'vc2',
      'visit',
      'debrief-1',
      'debrief-2',
      'debrief-3',
      'debrief-4',
      'debrief-5',
      'vc3',
    ]);
    expect(plan.events.find((e) => e.id === 'visit')).toEqual({
      id: 'visit',
      kind: 'visit',
      phase: 'visit',
      start: '2027-04-18T23:00:00.000Z',
      end: '2027-04-23T23:00:00.000Z',
      allDay: { firstDay: '2027-04-19', lastDay: '2027-04-23' },
      timezone: 'Africa/Ndjamena',
      city: "N'Djamena",
      venue: "Ministère de l'Éducation nationale",
      audience: 'everyone',
      // 08:00 in N'Djamena the day before the first day, not the host's midnight.
      remindersAt: ['2027-04-18T07:00:00.000Z'],
      // Each reader's 09:00, on the day before the first day as their calendar shows it.
      remindersByZone: {
        'Africa/Abidjan': ['2027-04-18T09:00:00.000Z'],
        'Africa/Dakar': ['2027-04-18T09:00:00.000Z'],
        'Africa/Ndjamena': ['2027-04-18T08:00:00.000Z'],
      },
    });
    expect(plan.events.find((e) => e.id === 'debrief-5')).toMatchObject({
      kind: 'debrief',
      start: '2027-04-23T17:00:00.000Z', // 18:00 in N'Djamena
      end: '2027-04-23T18:00:00.000Z',
      audience: 'debrief',
    });
    expect(plan.events.find((e) => e.id === 'vc2')).toMatchObject({
      kind: 'video-conference',
      start: '2027-03-17T13:00:00.000Z',
      end: '2027-03-17T15:00:00.000Z',
      timezone: 'UTC',
      joinUrl: 'https://meet.example.org/fr-2027-r1/vc2',
      remindersAt: ['2027-03-16T13:00:00.000Z'],
    });
  });

  it('reminds twice before a due date, nudges every three days after it, escalates on day seven, and then leaves it to the coordinator', () => {
    const objectives = deliverable(plan, 'CI/learning-objectives');
    expect(objectives.dueAt).toBe('2027-02-07T13:00:00.000Z'); // vc1 − 3 days
    expect(reminderLines(objectives)).toEqual([
      'before 7 2027-01-31T13:00:00.000Z',
      'before 2 2027-02-05T13:00:00.000Z',
      'overdue 3 2027-02-10T13:00:00.000Z',
      'overdue 6 2027-02-13T13:00:00.000Z',
      'escalation 7 2027-02-14T13:00:00.000Z',
    ]);
  });

  it('honours the file’s deadline for the documents and sends the peer pack when they are due', () => {
    expect(deliverable(plan, 'SN/jsr-documents')).toMatchObject({
      dueAt: '2027-03-03T13:00:00.000Z',
      anchor: { event: 'vc2', offsetDays: -14 },
    });
    expect(plan.peerDocumentsPackAt).toBe('2027-03-03T13:00:00.000Z');
  });

  it('sends the peer pack no earlier than the documents are requested, when their due date falls before that', async () => {
    // VC2 a week after VC1: the documents fall due ten days before VC2, before VC1 has even ended.
    const close = buildPlan(await variant({ schedule: { vc2: { start: '2027-02-23T11:00:00Z' } } }), LAUNCH);
    expect(deliverable(close, 'KE/jsr-documents').dueAt < '2027-02-16T13:00:00.000Z').toBe(true);
    // Requested when prep-2 opens, at VC1's end (11:00Z + 2 h).
    expect(close.peerDocumentsPackAt).toBe('2027-02-16T13:00:00.000Z');
  });

  it('puts date-anchored deadlines at 17:00 in the host’s zone', () => {
    expect(deliverable(plan, 'TD/visa-invitation-letters').dueAt).toBe('2027-03-20T16:00:00.000Z'); // visit − 30 days
    expect(deliverable(plan, 'CI/visit-takeaways').dueAt).toBe('2027-04-25T16:00:00.000Z'); // last day + 2
  });

  it('sends no reminder at the very instant of the request it would repeat', async () => {
    // vc1's notes are asked for when vc1 starts and due three days later: a 3-day reminder would go with the request.
    const round = await validRound(join(EXAMPLES, 'fr-2027-r1.yaml'));
    const threeDays = buildPlan({ ...round, reminders: { ...round.reminders, beforeDays: [3, 1] } }, LAUNCH);
    const notes = deliverable(threeDays, 'secretariat/vc1-notes');
    const vc1 = threeDays.events.find((event) => event.id === 'vc1');
    expect(notes.reminders.filter((r) => r.kind === 'before').map((r) => r.days)).toEqual([1]);
    expect(notes.reminders.some((r) => r.at === vc1?.start)).toBe(false);
  });

  it('gives optional meeting requests reminders before, but never an overdue notice or an escalation', () => {
    const requests = deliverable(plan, 'CI/meeting-requests');
    expect(requests).toMatchObject({ optional: true, owner: 'CI', dueAt: '2027-04-05T16:00:00.000Z' });
    expect(reminderLines(requests)).toEqual([
      'before 7 2027-03-29T16:00:00.000Z',
      'before 2 2027-04-03T16:00:00.000Z',
    ]);
  });

  it('owes every deliverable of the table, by the right owners', () => {
    const ids = plan.deliverables.map((d) => d.id);
    expect(ids).toHaveLength(34); // 4×3 each-delegation, 3 host, 4×2 visiting, 6 participants, 5 Secretariat
    expect(new Set(ids).size).toBe(34);
    expect(ids.filter((id) => id.includes('/exchange-feedback/'))).toEqual([
      'TD/exchange-feedback/m.saleh@example.td',
      'TD/exchange-feedback/f.abakar@example.td',
      'CI/exchange-feedback/k.yao@example.ci',
      'CI/exchange-feedback/m.toure@example.ci',
      'SN/exchange-feedback/o.ndiaye@example.sn',
      'SN/exchange-feedback/f.sow@example.sn',
    ]);
    expect(ids.filter((id) => id.startsWith('secretariat/')).sort()).toEqual([
      'secretariat/communications',
      'secretariat/vc1-notes',
      'secretariat/vc2-notes',
      'secretariat/vc3-notes',
      'secretariat/visit-logistics',
    ]);
    expect(
      ids
        .filter((id) => id.startsWith('TD/'))
        .some((id) => id.includes('improvement-plan') || id.includes('meeting-requests')),
    ).toBe(false);
    expect(ids).toContain('TD/aide-memoire');
    expect(ids).not.toContain('CI/aide-memoire');
  });

  it('is deterministic and plain JSON', async () => {
    const again = buildPlan(await validRound(join(EXAMPLES, 'fr-2027-r1.yaml')), LAUNCH);
    expect(again).toEqual(plan);
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });
});

describe('event reminders fall once the phase that prepares the event has opened', () => {
  /**
   * The francophone example (vc2 ends 2027-03-17T15:00Z; the visit opens 2027-04-18T23:00Z, N'Djamena's
   * midnight; its reminders keep to 08:00 there, 07:00Z).
   */
  async function frenchRound(change: { eventBeforeDays: number[]; vc2Start?: string }): Promise<Round> {
    const round = await validRound(join(EXAMPLES, 'fr-2027-r1.yaml'));
    return {
      ...round,
      reminders: { ...round.reminders, eventBeforeDays: change.eventBeforeDays },
      schedule: change.vc2Start
        ? { ...round.schedule, vc2: { ...round.schedule.vc2, start: change.vc2Start } }
        : round.schedule,
    };
  }
  const remindersOf = (plan: Plan, id: string) => plan.events.find((e) => e.id === id)?.remindersAt;

  it('reminds of an evening debrief only once the visit has begun: the visit’s own reminders cover the days before', async () => {
    const plan = buildPlan(await frenchRound({ eventBeforeDays: [7, 1] }), LAUNCH);
    expect(remindersOf(plan, 'visit')).toEqual(['2027-04-12T07:00:00.000Z', '2027-04-18T07:00:00.000Z']);
    // 18:00 in N'Djamena the evening before each debrief; debrief-1's falls the evening before the visit.
    expect(plan.events.filter((e) => e.kind === 'debrief').map((e) => [e.id, e.remindersAt])).toEqual([
      ['debrief-1', []],
      ['debrief-2', ['2027-04-19T17:00:00.000Z']],
      ['debrief-3', ['2027-04-20T17:00:00.000Z']],
      ['debrief-4', ['2027-04-21T17:00:00.000Z']],
      ['debrief-5', ['2027-04-22T17:00:00.000Z']],
    ]);
  });

  it('reminds of the visit only once the second video conference, which plans it, has ended', async () => {
    const plan = buildPlan(await frenchRound({ eventBeforeDays: [60, 35, 30, 1] }), LAUNCH);
    // 60 and 35 days before fall in February and on 14 March, before vc2 (17 March).
    expect(remindersOf(plan, 'visit')).toEqual(['2027-03-20T07:00:00.000Z', '2027-04-18T07:00:00.000Z']);
  });

  it('drops a visit reminder that would fall during the second video conference', async () => {
    // vc2 from 06:30Z to 08:30Z on 20 March: the 30-day reminder (08:00 in N'Djamena, 07:00Z) falls inside it.
    const plan = buildPlan(
      await frenchRound({ eventBeforeDays: [30, 1], vc2Start: '2027-03-20T06:30:00Z' }),
      LAUNCH,
    );
    expect(plan.phases.find((p) => p.phase === 'prep-3')?.startsAt).toBe('2027-03-20T08:30:00.000Z');
    expect(remindersOf(plan, 'visit')).toEqual(['2027-04-18T07:00:00.000Z']);
  });

  it('reminds of vc2 only once vc1 is over, and of vc3 only once the visit is over', async () => {
    const plan = buildPlan(await frenchRound({ eventBeforeDays: [60, 40, 1] }), LAUNCH);
    // vc1 (10 February) is the first step after launch: all three stand.
    expect(remindersOf(plan, 'vc1')).toEqual(['2026-12-12T13:00:00.000Z', '2027-01-01T13:00:00.000Z', '2027-02-09T13:00:00.000Z']);
    // vc2 (17 March): 60 and 40 days before fall on 16 January and 5 February, before vc1 ends (10 February, 15:00Z).
    expect(remindersOf(plan, 'vc2')).toEqual(['2027-03-16T13:00:00.000Z']);
    // vc3 (2 June): 60 days before is 3 April, before the visit; 40 days before is 23 April, its last day.
    expect(remindersOf(plan, 'vc3')).toEqual(['2027-06-01T13:00:00.000Z']);
  });
});

describe('a host in Paris across the change to summer time (Sunday 28 March 2027)', () => {
  let plan: Plan;
  beforeAll(async () => {
    const round = await variant({
      hostZone: 'Europe/Paris',
      schedule: {
        vc1: { start: '2027-02-20T13:00:00Z' },
        vc2: { start: '2027-03-30T13:00:00Z' }, // 15:00 in Paris (summer time)
        visit: { start: '2027-04-05', end: '2027-04-09' },
        vc3: { start: '2027-05-20T13:00:00Z' },
      },
      deadlines: { 'host-jsr-documents': 'visit-5d' },
    });
    plan = buildPlan(round, LAUNCH);
  });

  it('keeps 17:00 local for date-anchored deadlines before and after the change', () => {
    expect(deliverable(plan, 'KE/visa-invitation-letters').dueAt).toBe('2027-03-06T16:00:00.000Z'); // 17:00 CET
    expect(deliverable(plan, 'KE/host-jsr-documents').dueAt).toBe('2027-03-31T15:00:00.000Z'); // 17:00 CEST
  });

  it('keeps the local wall time of a reminder that crosses the change', () => {
    expect(reminderLines(deliverable(plan, 'KE/host-jsr-documents')).slice(0, 2)).toEqual([
      'before 7 2027-03-24T16:00:00.000Z', // 17:00 CET
      'before 2 2027-03-29T15:00:00.000Z', // 17:00 CEST
    ]);
  });

  it('counts VC offsets in local days, so a deadline before the change sits an hour later in UTC', () => {
    expect(deliverable(plan, 'GH/self-assessment').dueAt).toBe('2027-03-25T14:00:00.000Z'); // 15:00 CET, vc2 − 5 d
    expect(deliverable(plan, 'GH/jsr-documents').dueAt).toBe('2027-03-20T14:00:00.000Z'); // vc2 − 10 d
  });

  it('opens the visit at midnight Paris summer time', () => {
    expect(plan.events.find((e) => e.id === 'visit')).toMatchObject({
      start: '2027-04-04T22:00:00.000Z',
      end: '2027-04-09T22:00:00.000Z',
    });
  });
});

describe('a host in Nairobi (UTC+3) with video conferences at 23:30 UTC, 02:30 the next day locally', () => {
  const schedule = {
    vc1: { start: '2027-02-16T23:30:00Z' },
    vc2: { start: '2027-03-23T23:30:00Z' },
    vc3: { start: '2027-06-15T23:30:00Z' },
  };

  it('keeps a VC-anchored due date at the VC’s local time, three local days earlier, and reminds within working hours', async () => {
    const plan = buildPlan(await variant({ schedule }), LAUNCH);
    const objectives = deliverable(plan, 'GH/learning-objectives');
    expect(objectives.dueAt).toBe('2027-02-13T23:30:00.000Z'); // 02:30 on 14 February in Nairobi
    // Accra (UTC+0) would read 23:30: its reminders come at 17:00 the same day; the escalation, read by
    // the coordinator in Nairobi at 02:30, at 09:00 there.
    expect(reminderLines(objectives).slice(0, 5)).toEqual([
      'before 7 2027-02-06T17:00:00.000Z',
      'before 2 2027-02-11T17:00:00.000Z',
      'overdue 3 2027-02-16T17:00:00.000Z',
      'overdue 6 2027-02-19T17:00:00.000Z',
      'escalation 7 2027-02-21T06:00:00.000Z',
    ]);
    expect(plan.events.find((e) => e.id === 'vc1')?.remindersAt).toEqual(['2027-02-15T23:30:00.000Z']);
  });

  it('puts an ISO-date deadline at 17:00 Nairobi time, and the visit at midnight there', async () => {
    const plan = buildPlan(
      await variant({ schedule, deadlines: { 'self-assessment': '2027-03-10' } }),
      LAUNCH,
    );
    expect(deliverable(plan, 'ZM/self-assessment')).toMatchObject({
      dueAt: '2027-03-10T14:00:00.000Z',
      anchor: { date: '2027-03-10' },
    });
    expect(deliverable(plan, 'secretariat/visit-logistics').dueAt).toBe('2027-04-12T14:00:00.000Z');
    expect(plan.phases.find((p) => p.phase === 'visit')?.startsAt).toBe('2027-04-25T21:00:00.000Z');
  });

  it('drops the reminders that would fall before a late launch', async () => {
    const plan = buildPlan(await variant({ schedule }), '2027-02-10T00:00:00Z');
    expect(reminderLines(deliverable(plan, 'SL/learning-objectives'))[0]).toBe(
      'before 2 2027-02-11T17:00:00.000Z', // 23:30 in Freetown, brought to 17:00
    );
    expect(plan.phases[0]).toEqual({ phase: 'prep-1', startsAt: '2027-02-10T00:00:00.000Z' });
  });
});

describe('reminders go out in the working hours of the people who read them (video conferences at 20:00 UTC, Auckland hosting)', () => {
  let plan: Plan;
  beforeAll(async () => {
    plan = buildPlan(await validRound(join(FIXTURES, 'far-zones-en.yaml')), LAUNCH);
  });

  it('reminds Kathmandu at 09:00 its time, on the day the rule names, instead of 01:45', () => {
    const objectives = deliverable(plan, 'NP/learning-objectives');
    expect(objectives.dueAt).toBe('2027-02-21T20:00:00.000Z'); // 09:00 on 22 February in Auckland, 01:45 in Kathmandu
    expect(reminderLines(objectives)).toEqual([
      'before 7 2027-02-15T03:15:00.000Z', // 09:00 on 15 February in Kathmandu
      'before 2 2027-02-20T03:15:00.000Z',
      'overdue 3 2027-02-25T03:15:00.000Z',
      'overdue 6 2027-02-28T03:15:00.000Z',
      'escalation 7 2027-02-28T20:00:00.000Z', // the coordinator's: 09:00 on 1 March in Auckland, as counted
    ]);
  });

  it('reminds Suva at 09:00 instead of 08:00, and leaves Port-au-Prince at 15:00, already in its working day', () => {
    expect(reminderLines(deliverable(plan, 'FJ/learning-objectives'))[0]).toBe('before 7 2027-02-14T21:00:00.000Z');
    expect(reminderLines(deliverable(plan, 'HT/learning-objectives'))[0]).toBe('before 7 2027-02-14T20:00:00.000Z');
  });

  it('keeps the due dates themselves where the host’s clock puts them', () => {
    expect(deliverable(plan, 'FJ/learning-objectives').dueAt).toBe('2027-02-21T20:00:00.000Z');
    expect(deliverable(plan, 'NP/meeting-requests').dueAt).toBe('2027-04-14T05:00:00.000Z'); // 17:00 in Auckland (NZST)
  });

  const ZONES = ['America/Port-au-Prince', 'Asia/Kathmandu', 'Pacific/Auckland', 'Pacific/Fiji'];
  const byZone = (id: string) => plan.events.find((event) => event.id === id)?.remindersByZone;

  it('reminds every reader of every event within 09:00-17:00 of their own clock, before it starts and not before they may be', () => {
    let checked = 0;
    for (const event of plan.events) {
      expect(Object.keys(event.remindersByZone ?? {}).sort()).toEqual(ZONES);
      for (const [zone, instants] of Object.entries(event.remindersByZone ?? {})) {
        for (const at of instants) {
          const local = DateTime.fromISO(at, { zone });
          const minutes = local.hour * 60 + local.minute;
          expect({ event: event.id, zone, at, inWorkingDay: minutes >= 9 * 60 && minutes <= 17 * 60 }).toEqual({ event: event.id, zone, at, inWorkingDay: true });
          expect(at < event.start).toBe(true);
          expect(at >= plan.launchedAt).toBe(true);
          checked++;
        }
      }
    }
    // Every zone is reminded of the three conferences, the visit and the later debriefs.
    expect(checked).toBeGreaterThanOrEqual(4 * 9);
  });

  it('reminds of a conference the day before it as each reader’s calendar counts: Kathmandu at 09:00 on the 24th, where the conference is at 01:45 on the 25th', () => {
    // vc1 at 20:00Z on 24 February: 01:45 on the 25th in Kathmandu, 09:00 on the 25th in Auckland (summer
    // time), 08:00 on the 25th in Suva, 15:00 on the 24th in Port-au-Prince.
    expect(byZone('vc1')).toEqual({
      'America/Port-au-Prince': ['2027-02-23T20:00:00.000Z'], // 15:00 on the 23rd: its own hour, in the working day
      'Asia/Kathmandu': ['2027-02-24T03:15:00.000Z'], // 09:00 on the 24th, not 01:45 on the 24th
      'Pacific/Auckland': ['2027-02-23T20:00:00.000Z'], // 09:00 on the 24th
      'Pacific/Fiji': ['2027-02-23T21:00:00.000Z'], // 09:00 on the 24th, not 08:00
    });
    // vc3 at 20:00Z on 9 June, Auckland on standard time: 08:00 on the 10th there and in Suva.
    expect(byZone('vc3')).toEqual({
      'America/Port-au-Prince': ['2027-06-08T20:00:00.000Z'], // 16:00 on the 8th
      'Asia/Kathmandu': ['2027-06-09T03:15:00.000Z'],
      'Pacific/Auckland': ['2027-06-08T21:00:00.000Z'],
      'Pacific/Fiji': ['2027-06-08T21:00:00.000Z'],
    });
  });

  it('reminds of the visit at 09:00 on the day before its first day (28 April) in each calendar, and west of the host before the visit has begun', () => {
    // The visit begins at Auckland's midnight, 12:00Z on 27 April: 08:00 on the 27th in Port-au-Prince, whose
    // reminder comes at the end of its working day before (17:00 on the 26th) instead of after that start.
    expect(plan.events.find((event) => event.id === 'visit')?.start).toBe('2027-04-27T12:00:00.000Z');
    expect(byZone('visit')).toEqual({
      'America/Port-au-Prince': ['2027-04-26T21:00:00.000Z'],
      'Asia/Kathmandu': ['2027-04-27T03:15:00.000Z'],
      'Pacific/Auckland': ['2027-04-26T21:00:00.000Z'],
      'Pacific/Fiji': ['2027-04-26T21:00:00.000Z'],
    });
  });

  it('reminds of an evening debrief at 17:00 the day before in Auckland instead of 18:00, and only once the visit has begun', () => {
    // debrief-2 at 18:00 on 29 April in Auckland (06:00Z): 02:00 that day in Port-au-Prince, 11:45 in Kathmandu.
    expect(byZone('debrief-2')).toEqual({
      'America/Port-au-Prince': ['2027-04-28T13:00:00.000Z'], // 09:00 on the 28th
      'Asia/Kathmandu': ['2027-04-28T06:00:00.000Z'], // 11:45 on the 28th
      'Pacific/Auckland': ['2027-04-28T05:00:00.000Z'], // 17:00 on the 28th
      'Pacific/Fiji': ['2027-04-28T05:00:00.000Z'],
    });
    // The day before debrief-1 precedes the visit's start everywhere but in Port-au-Prince, where the visit
    // began at 08:00 on the 27th and the reminder comes at 09:00 that day.
    expect(byZone('debrief-1')).toEqual({
      'America/Port-au-Prince': ['2027-04-27T13:00:00.000Z'],
      'Asia/Kathmandu': [],
      'Pacific/Auckland': [],
      'Pacific/Fiji': [],
    });
  });
});

describe('rescheduling an event', () => {
  it('moves the visit and everything that hangs on it when the order still holds', async () => {
    const round = await validRound(join(EXAMPLES, 'fr-2027-r1.yaml'));
    const moved = rescheduleRound(round, 'visit', { start: '2027-04-26', end: '2027-04-30' });
    if (!moved.ok) throw new Error(JSON.stringify(moved.problems));
    expect(moved.round.schedule.visit).toMatchObject({
      start: '2027-04-26',
      end: '2027-04-30',
      city: "N'Djamena",
    });
    expect(round.schedule.visit.start).toBe('2027-04-19'); // the original is untouched
    const plan = buildPlan(moved.round, LAUNCH);
    expect(deliverable(plan, 'TD/visa-invitation-letters').dueAt).toBe('2027-03-27T16:00:00.000Z');
    expect(plan.events.filter((e) => e.kind === 'debrief').map((e) => e.start)[0]).toBe(
      '2027-04-26T17:00:00.000Z',
    );
  });

  it('moves a visit given its first day alone as a whole, keeping its length; a last day given makes it shorter or longer', async () => {
    const round = await validRound(join(EXAMPLES, 'fr-2027-r1.yaml'));
    expect(round.schedule.visit).toMatchObject({ start: '2027-04-19', end: '2027-04-23' });
    // Two weeks later: past the old last day, which a first day moved alone used to be refused for.
    const later = rescheduleRound(round, 'visit', { start: '2027-05-03' });
    expect(later.ok ? later.round.schedule.visit : later.problems).toMatchObject({ start: '2027-05-03', end: '2027-05-07' });
    // A day later: still five days, not four.
    const nextDay = rescheduleRound(round, 'visit', { start: '2027-04-20' });
    expect(nextDay.ok ? nextDay.round.schedule.visit : nextDay.problems).toMatchObject({ start: '2027-04-20', end: '2027-04-24' });
    // Across the end of a month, and earlier.
    const earlier = rescheduleRound(round, 'visit', { start: '2027-03-29' });
    expect(earlier.ok ? earlier.round.schedule.visit : earlier.problems).toMatchObject({ start: '2027-03-29', end: '2027-04-02' });
    const shorter = rescheduleRound(round, 'visit', { start: '2027-05-03', end: '2027-05-05' });
    expect(shorter.ok ? shorter.round.schedule.visit : shorter.problems).toMatchObject({ start: '2027-05-03', end: '2027-05-05' });
    const garbled = rescheduleRound(round, 'visit', { start: '3 May' });
    expect(garbled.ok ? [] : paths(garbled.problems)).toEqual(['schedule.visit.start']);
  });

  it('refuses a move that breaks the order of events, saying where', async () => {
    const round = await validRound(join(EXAMPLES, 'fr-2027-r1.yaml'));
    const moved = rescheduleRound(round, 'vc2', { start: '2027-04-20T13:00:00Z' });
    expect(moved.ok).toBe(false);
    if (moved.ok) return;
    expect(paths(moved.problems)).toEqual(['schedule.visit.start']);
  });

  it('refuses a move that leaves a file deadline after the event it prepares', async () => {
    const round = await validRound(join(EXAMPLES, 'fr-2027-r1.yaml'));
    const withDate = { ...round, deadlines: { 'jsr-documents': '2027-03-10' } };
    const moved = rescheduleRound(withDate, 'vc2', { start: '2027-03-08T13:00:00Z' });
    expect(moved.ok ? [] : paths(moved.problems)).toEqual(['deadlines.jsr-documents']);
  });
});

describe('checking a launch against the plan', () => {
  it('accepts the example launched today', async () => {
    const plan = buildPlan(await validRound(join(EXAMPLES, 'fr-2027-r1.yaml')), LAUNCH);
    expect(validateLaunch(plan)).toEqual({ errors: [], warnings: [] });
  });

  it('refuses a launch after vc1, and flags what is already due', async () => {
    const plan = buildPlan(await validRound(join(EXAMPLES, 'fr-2027-r1.yaml')), '2027-02-12T00:00:00Z');
    const { errors, warnings } = validateLaunch(plan);
    expect(errors).toEqual([
      {
        path: 'schedule.vc1.start',
        message:
          'vc1 (2027-02-10T13:00:00.000Z) is not after the launch (2027-02-12T00:00:00.000Z): move the schedule later',
      },
    ]);
    expect(warnings.map((w) => w.path)).toEqual([
      'TD/learning-objectives',
      'CI/learning-objectives',
      'SN/learning-objectives',
    ]);
  });

  it('flags a deliverable that falls due before its phase opens, when it would be requested', async () => {
    const round = await validRound(join(EXAMPLES, 'fr-2027-r1.yaml'));
    // prep-3 opens after VC2 (17 March); visa letters due on the 15th would be chased before anyone asked.
    const early = buildPlan({ ...round, deadlines: { 'visa-invitation-letters': '2027-03-15' } }, LAUNCH);
    expect(validateLaunch(early).warnings).toEqual([
      {
        path: 'TD/visa-invitation-letters',
        message: expect.stringMatching(
          /^falls due \(2027-03-15T16:00:00\.000Z\) by the time it is requested, when prep-3 opens \(2027-03-17T15:00:00\.000Z\): give it a later deadline \(deadlines\.visa-invitation-letters\)/,
        ),
      },
    ]);
    const inTime = buildPlan({ ...round, deadlines: { 'visa-invitation-letters': '2027-03-19' } }, LAUNCH);
    expect(validateLaunch(inTime).warnings).toEqual([]);
  });

  it('chases a deliverable requested after its due date from its request, at its due hour: no overdue notice or escalation before anyone asked for it', async () => {
    const round = await validRound(join(EXAMPLES, 'fr-2027-r1.yaml'));
    // Visa letters due 5 March (17:00 N'Djamena) are requested when prep-3 opens, at VC2's end on 17 March (16:00).
    const late = buildPlan({ ...round, deadlines: { 'visa-invitation-letters': '2027-03-05' } }, LAUNCH);
    const requestedAt = late.phases.find((phase) => phase.phase === 'prep-3')?.startsAt;
    expect(requestedAt).toBe('2027-03-17T15:00:00.000Z');
    expect(reminderLines(deliverable(late, 'TD/visa-invitation-letters'))).toEqual([
      'before 7 2027-02-26T16:00:00.000Z',
      'before 2 2027-03-03T16:00:00.000Z',
      // From 17:00 on the 17th, the first 17:00 after the request.
      'overdue 3 2027-03-20T16:00:00.000Z',
      'overdue 6 2027-03-23T16:00:00.000Z',
      'escalation 7 2027-03-24T16:00:00.000Z',
    ]);
    // One due after its request is chased from its due date, as before.
    const onTime = buildPlan(round, LAUNCH);
    expect(reminderLines(deliverable(onTime, 'TD/visa-invitation-letters')).filter((line) => !line.startsWith('before'))).toEqual([
      'overdue 3 2027-03-23T16:00:00.000Z',
      'overdue 6 2027-03-26T16:00:00.000Z',
      'escalation 7 2027-03-27T16:00:00.000Z',
    ]);
  });
});

describe('the Secretariat’s notes of a video conference come before the step that works from them', () => {
  // The anglophone example: host Nairobi (UTC+3 all year); vc1 on 16 February 2027, 11:00Z, for 120 minutes.
  const notesDue = async (schedule: object, deadlines?: Record<string, string>) => {
    const plan = buildPlan(await variant({ schedule, ...(deadlines ? { deadlines } : {}) }), LAUNCH);
    return { vc1: deliverable(plan, 'secretariat/vc1-notes').dueAt, vc2: deliverable(plan, 'secretariat/vc2-notes').dueAt };
  };

  it('keeps three days after the conference when the next step is further off', async () => {
    expect(await notesDue({})).toEqual({ vc1: '2027-02-19T11:00:00.000Z', vc2: '2027-03-26T11:00:00.000Z' });
  });

  it('in a compressed round, due the day before the next step at the same hour, not after it has begun', async () => {
    // vc2 two days after vc1: vc1 + 3 d would be the day after vc2.
    const vc1 = (await notesDue({ vc2: { start: '2027-02-18T09:00:00Z' } })).vc1;
    expect(vc1).toBe('2027-02-17T09:00:00.000Z');
    // The visit (Nairobi midnight of 26 March, 25 March 21:00Z) two days after vc2: its notes are due the midnight before.
    const vc2 = (await notesDue({ vc2: { start: '2027-03-24T11:00:00Z' }, visit: { start: '2027-03-26', end: '2027-03-30' } })).vc2;
    expect(vc2).toBe('2027-03-24T21:00:00.000Z');
  });

  it('due at the next step’s start when it begins less than a day after the conference ends', async () => {
    // vc1 ends 13:00Z on 16 February; vc2 at 08:00Z the next morning: the day before is before vc1 ended.
    expect((await notesDue({ vc2: { start: '2027-02-17T08:00:00Z' } })).vc1).toBe('2027-02-17T08:00:00.000Z');
  });

  it('keeps a deadline the file sets, as written', async () => {
    expect((await notesDue({ vc2: { start: '2027-02-18T09:00:00Z' } }, { 'vc1-notes': 'vc1+4d' })).vc1).toBe('2027-02-20T11:00:00.000Z');
  });
});
