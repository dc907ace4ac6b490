import { DateTime } from 'luxon';
import { createRenderer } from '../../activities/render';
import { buildCalendar, type CalendarFile } from '../../activities/invitation';
import { findLetter, lettersOf, renderLetter, SECRETARIAT, type LetterOf } from './fixtures';
import { readCalendar } from './read-calendar';

const renderer = createRenderer();
const calendarOf = (letter: LetterOf<'invitation'> | LetterOf<'invitation-cancelled'>): CalendarFile => {
  const { calendar } = renderLetter(letter, renderer);
  if (!calendar) throw new Error(`${letter.message.kind} ${letter.message.about} has no calendar part`);
  return calendar;
};
const emails = (people: Array<{ email: string }>) => people.map((person) => person.email.toLowerCase());

describe('calendar invitations, read back by ical.js', () => {
  it('a video conference is a REQUEST in UTC from the Secretariat, every attendee asked to reply', () => {
    const letter = findLetter(
      'invitation',
      'for a video conference, first sent',
      (l) => l.message.invite.event.kind === 'video-conference' && l.message.invite.sequence === 0,
    );
    const { invite } = letter.message;
    const file = calendarOf(letter);
    const calendar = readCalendar(file.content);
    // The MIME method= parameter is taken from `file.method`: Outlook rejects a mismatch with METHOD.
    expect(file.method).toBe('REQUEST');
    expect(calendar.method).toBe('REQUEST');
    expect(calendar.uid).toBe(invite.uid);
    expect(calendar.sequence).toBe(0);
    expect(calendar.rawStart).toMatch(/^\d{8}T\d{6}Z$/);
    expect(calendar.start).toBe(
      DateTime.fromISO(invite.event.start, { zone: 'utc' }).toISO({ suppressMilliseconds: true }),
    );
    expect(calendar.end).toBe(
      DateTime.fromISO(invite.event.end, { zone: 'utc' }).toISO({ suppressMilliseconds: true }),
    );
    expect(calendar.organizer).toBe(`mailto:${SECRETARIAT.email}`);
    expect(calendar.attendees.map((attendee) => attendee.email)).toEqual(emails(invite.attendees));
    expect(calendar.attendees.every((attendee) => attendee.rsvp === 'TRUE')).toBe(true);
    expect(calendar.location).toBe(invite.event.joinUrl);
    expect(calendar.url).toBe(invite.event.joinUrl);
    expect(calendar.description).toContain(invite.event.joinUrl);
  });

  it('a name with double quotes stays one CN value that an independent parser reads back whole', () => {
    const letter = findLetter(
      'invitation',
      'for a video conference, first sent',
      (l) => l.message.invite.event.kind === 'video-conference' && l.message.invite.sequence === 0,
    );
    const [first, ...others] = letter.message.invite.attendees;
    const quoted = { ...first!, name: 'Marie "Mimi" Joseph' };
    const file = buildCalendar({
      invite: { ...letter.message.invite, attendees: [quoted, ...others] },
      organizer: { name: 'The "JSR" Secretariat', email: SECRETARIAT.email },
      text: { summary: 'VC1', description: 'first video conference' },
      stampedAt: '2027-01-05T09:00:00Z',
    });
    expect(file.content).not.toContain('\\"');
    const calendar = readCalendar(file.content);
    expect(calendar.attendees[0]).toMatchObject({ email: quoted.email.toLowerCase(), name: "Marie 'Mimi' Joseph" });
    expect(calendar.attendees.map((attendee) => attendee.email)).toEqual(emails([quoted, ...others]));
  });

  it('the visit is all-day dates in the host country, the end date exclusive', () => {
    const letter = findLetter('invitation', 'for the visit', (l) => l.message.invite.event.kind === 'visit');
    const { event } = letter.message.invite;
    const calendar = readCalendar(calendarOf(letter).content);
    expect(calendar.startIsDate).toBe(true);
    expect(calendar.start).toBe(event.allDay!.firstDay);
    // DTEND of an all-day event is the day after its last day (RFC 5545 §3.6.1).
    expect(calendar.end).toBe(DateTime.fromISO(event.allDay!.lastDay).plus({ days: 1 }).toISODate());
    expect(calendar.location).toBe([event.venue, event.city].filter(Boolean).join(', '));
  });

  it('a moved event keeps its UID, raises its sequence and carries the coordinator’s reason in its description', () => {
    for (const language of ['en', 'fr'] as const) {
      const moved = findLetter(
        'invitation',
        `in ${language}, moved with a reason`,
        (l) => l.to.language === language && l.message.invite.sequence > 0 && !!l.message.reason,
      );
      const calendar = readCalendar(calendarOf(moved).content);
      expect(calendar.method).toBe('REQUEST');
      expect(calendar.uid).toBe(moved.message.invite.uid);
      expect(calendar.sequence).toBe(moved.message.invite.sequence);
      expect(calendar.start).toBe(
        DateTime.fromISO(moved.message.invite.event.start, { zone: 'utc' }).toISO({
          suppressMilliseconds: true,
        }),
      );
      expect(calendar.description).toContain(moved.message.reason);
      const earlier = lettersOf('invitation').find(
        (l) =>
          l.message.invite.event.id === moved.message.invite.event.id &&
          l.message.round.runId === moved.message.round.runId &&
          l.message.invite.sequence < moved.message.invite.sequence,
      );
      if (earlier) expect(readCalendar(calendarOf(earlier).content).uid).toBe(calendar.uid);
    }
  });

  it('a cancellation is METHOD:CANCEL with the same UID, everyone invited listed, nobody asked to reply', () => {
    const letter = findLetter(
      'invitation-cancelled',
      'of a whole event',
      (l) => l.message.invite.attendees.length > 1,
    );
    const { invite } = letter.message;
    const file = calendarOf(letter);
    const calendar = readCalendar(file.content);
    expect(file.method).toBe('CANCEL');
    expect(calendar.method).toBe('CANCEL');
    expect(calendar.uid).toBe(invite.uid);
    expect(calendar.sequence).toBe(invite.sequence);
    expect(calendar.status).toBe('CANCELLED');
    expect(calendar.attendees.map((attendee) => attendee.email)).toEqual(emails(invite.attendees));
    expect(calendar.attendees.every((attendee) => attendee.rsvp === null)).toBe(true);
    if (letter.message.reason) expect(calendar.description).toContain(letter.message.reason);
  });

  it('the cancellation sent to someone who left names that person alone as ATTENDEE (RFC 5546 §3.2.5)', () => {
    const letter = findLetter(
      'invitation-cancelled',
      'to one person who left',
      (l) => l.message.invite.attendees.length === 1,
    );
    const calendar = readCalendar(calendarOf(letter).content);
    expect(calendar.method).toBe('CANCEL');
    expect(calendar.attendees.map((attendee) => attendee.email)).toEqual([letter.to.email.toLowerCase()]);
    expect(calendar.uid).toBe(letter.message.invite.uid);
    if (letter.message.reason) expect(calendar.description).toContain(letter.message.reason);
  });
});
