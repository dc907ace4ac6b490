import type { PlanEvent } from '../../domain/plan-types';
import { describeEvent } from '../../activities/view-parts';
import { reading } from './reading';

/** How far ahead an event is, as a reminder says it: counted in days of the reader's own calendar. */
describe('how far away an event is', () => {
  const vc: PlanEvent = {
    id: 'vc2',
    kind: 'video-conference',
    phase: 'vc-2',
    start: '2027-03-12T02:00:00.000Z',
    end: '2027-03-12T04:00:00.000Z',
    timezone: 'UTC',
    joinUrl: 'https://meet.example.org/vc2',
    audience: 'everyone',
    remindersAt: [],
  };
  const visit: PlanEvent = {
    id: 'visit',
    kind: 'visit',
    phase: 'visit',
    start: '2027-03-28T22:00:00.000Z',
    end: '2027-04-01T22:00:00.000Z',
    allDay: { firstDay: '2027-03-29', lastDay: '2027-04-01' },
    timezone: 'Europe/Paris',
    city: 'Paris',
    audience: 'everyone',
    remindersAt: [],
  };

  it('counts the days between the reader’s dates, not 24-hour spans', () => {
    // 28 hours ahead: two dates away in UTC, the next evening in New York.
    const decidedAt = '2027-03-10T22:00:00.000Z';
    expect(describeEvent(vc, reading('UTC', decidedAt)).startsIn).toBe('in 2 days');
    expect(describeEvent(vc, reading('America/New_York', decidedAt)).startsIn).toBe('tomorrow');
    expect(describeEvent(vc, reading('UTC', decidedAt, 'fr')).startsIn).toBe('dans 2 jours');
    expect(describeEvent(vc, reading('America/New_York', decidedAt, 'fr')).startsIn).toBe('demain');
    expect(describeEvent(vc, reading('UTC', '2027-03-12T00:30:00.000Z', 'fr')).startsIn).toBe("aujourd'hui");
  });

  it('counts to the visit’s first day in the host’s calendar, whose midnight is the day before west of the host', () => {
    // 08:00 in Paris, two days before the visit: still the evening before that in Honolulu.
    const decidedAt = '2027-03-27T07:00:00.000Z';
    expect(describeEvent(visit, reading('Europe/Paris', decidedAt, 'fr')).startsIn).toBe('dans 2 jours');
    expect(describeEvent(visit, reading('Asia/Tokyo', decidedAt)).startsIn).toBe('in 2 days');
    expect(describeEvent(visit, reading('Pacific/Honolulu', decidedAt)).startsIn).toBe('in 3 days');
  });
});
