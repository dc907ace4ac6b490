import type { PlanEvent } from '../../domain/plan-types';
import { describeEvent, timeline } from '../../activities/view-parts';
import { reading } from './reading';

describe('a visit of one day', () => {
  const visit: PlanEvent = {
    id: 'visit',
    kind: 'visit',
    phase: 'visit',
    start: '2027-03-28T22:00:00.000Z',
    end: '2027-03-29T22:00:00.000Z',
    allDay: { firstDay: '2027-03-29', lastDay: '2027-03-29' },
    timezone: 'Europe/Paris',
    city: 'Paris',
    audience: 'everyone',
    remindersAt: [],
  };

  it('is named by its one day, not as a span from that day to itself', () => {
    const view = describeEvent(visit, reading('America/New_York', '2027-03-20T12:00:00.000Z'));
    expect(view.firstDay).toBe('Monday, 29 March 2027');
    expect(view.lastDay).toBeNull();
    expect(timeline([visit], reading('Europe/Paris', '2027-03-20T12:00:00.000Z', 'fr'))).toEqual([
      { name: 'Visite pays', when: 'lundi 29 mars 2027' },
    ]);
  });
});
