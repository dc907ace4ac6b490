import { buildCalendar } from '../../activities';
import { events, invite, people, SECRETARIAT } from './fixtures';
import { readCalendar } from './read-calendar';

const text = {
  summary: 'First video conference – Échange JSR francophone 2027',
  description: 'Join: https://meet.example.org/vc1',
};
const build = (calendarInvite: ReturnType<typeof invite>) =>
  buildCalendar({ invite: calendarInvite, organizer: SECRETARIAT, text, stampedAt: '2027-01-11T08:00:00Z' });

describe('calendar invitations, read back by ical.js', () => {
  it('a video conference is a REQUEST in UTC from the Secretariat, every attendee asked to reply', () => {
    const file = build(invite(events.vc1));
    const calendar = readCalendar(file.content);
    expect(file.method).toBe('REQUEST');
    expect(calendar.method).toBe('REQUEST');
    expect(calendar.uid).toBe('fr-2027-r1-vc1@jsr-exchange.example.org');
    expect(calendar.sequence).toBe(0);
    expect(calendar.rawStart).toBe('20270210T130000Z');
    expect(calendar.start).toBe('2027-02-10T13:00:00Z');
    expect(calendar.end).toBe('2027-02-10T15:00:00Z');
    expect(calendar.organizer).toBe(`mailto:${SECRETARIAT.email}`);
    expect(calendar.attendees.map((attendee) => attendee.email)).toEqual([
      people.mahamat.email,
      people.fatime.email,
      people.wanjiru.email,
      people.otieno.email,
      people.aminata.email,
      people.awa.email,
    ]);
    expect(calendar.attendees.every((attendee) => attendee.rsvp === 'TRUE')).toBe(true);
    expect(calendar.location).toBe('https://meet.example.org/vc1');
    expect(calendar.url).toBe('https://meet.example.org/vc1');
    expect(calendar.description).toContain('https://meet.example.org/vc1');
  });

  it('the visit is all-day dates in the host country, the end date exclusive', () => {
    const calendar = readCalendar(build(invite(events.visit)).content);
    expect(calendar.startIsDate).toBe(true);
    expect(calendar.start).toBe('2027-04-19');
    // The visit's last day is Friday 23 April: DTEND is the day after (RFC 5545 §3.6.1).
    expect(calendar.end).toBe('2027-04-24');
    expect(calendar.location).toBe("Ministère de l'Éducation nationale, N'Djamena");
  });

  it('a reschedule keeps the UID and raises the sequence', () => {
    const first = readCalendar(build(invite(events.vc2)).content);
    const moved = readCalendar(
      build(
        invite(
          { ...events.vc2, start: '2027-03-24T13:00:00Z', end: '2027-03-24T15:00:00Z' },
          { sequence: 1 },
        ),
      ).content,
    );
    expect(moved.method).toBe('REQUEST');
    expect(moved.uid).toBe(first.uid);
    expect(moved.sequence).toBe(first.sequence + 1);
    expect(moved.start).toBe('2027-03-24T13:00:00Z');
  });

  it('a cancellation is METHOD:CANCEL with the same UID, not a REQUEST marked cancelled', () => {
    const calendar = readCalendar(build(invite(events.vc2, { method: 'CANCEL', sequence: 2 })).content);
    expect(calendar.method).toBe('CANCEL');
    expect(calendar.uid).toBe('fr-2027-r1-vc2@jsr-exchange.example.org');
    expect(calendar.sequence).toBe(2);
    expect(calendar.status).toBe('CANCELLED');
  });
});
