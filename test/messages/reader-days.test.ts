import type { DeliverableStatusView } from '../../workflows/dispatch';
import { describeDeliverable } from '../../activities/view-parts';
import { reading } from './reading';

const owed = (dueAt: string): DeliverableStatusView => ({
  id: 'US/visa-invitation-letters',
  key: 'visa-invitation-letters',
  owner: 'US',
  dueAt,
  status: 'overdue',
});

describe('day counts read as the days on the reader’s calendar', () => {
  it('an overdue notice sent six host days after the due date says six days, though a DST change made it 143 hours', () => {
    // Due Saturday 13 March 2027, 17:00 on Adak (UTC−10); the notice goes six days later at 17:00 Adak
    // time, now UTC−9 since the 14th: 6 days less an hour.
    const view = describeDeliverable(
      owed('2027-03-14T03:00:00.000Z'),
      reading('America/Adak', '2027-03-20T02:00:00.000Z', 'fr'),
    );
    expect(view.due).toBe('samedi 13 mars 2027');
    expect(view.overdueBy).toBe('6 jours');
  });

  it('a reminder folded into a morning digest counts from the reader’s day, not from the hour of the digest', () => {
    // The digest goes out at 09:00 in Auckland on Saturday 14 August; the item is due Saturday 21 August at
    // 17:00 there: a week ahead, not eight days.
    const view = describeDeliverable(
      { ...owed('2027-08-21T05:00:00.000Z'), status: 'pending' },
      reading('Pacific/Auckland', '2027-08-13T21:00:00.000Z'),
    );
    expect(view.due).toBe('Saturday, 21 August 2027');
    expect(view.dueIn).toBe('7 days');
    // Due Monday 11 January, read on Thursday 14 January at 05:00 (Accra): three days ago.
    const late = describeDeliverable(owed('2027-01-11T09:00:00.000Z'), reading('Africa/Accra', '2027-01-14T05:00:00.000Z'));
    expect(late.overdueBy).toBe('3 days');
  });

  it('what falls on the reader’s own day reads as less than a day', () => {
    const view = describeDeliverable(
      { ...owed('2027-08-21T05:00:00.000Z'), status: 'pending' },
      reading('Pacific/Auckland', '2027-08-20T21:00:00.000Z'),
    );
    expect(view.dueIn).toBe('less than a day');
  });
});
