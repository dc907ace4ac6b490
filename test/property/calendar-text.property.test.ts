import fc from 'fast-check';
import ical, { ICalAttendeeRole, ICalCalendarMethod, ICalEventStatus, foldLines as libraryFold } from 'ical-generator';
import { calendarText, foldLines } from '../../activities/calendar-text';
import { readCalendar } from '../messages/read-calendar';

/** Text in every script, with line breaks, and with the lone surrogates a truncated name can leave. */
// `size: 'large'`: fast-check's default keeps strings short, and a fold needs lines past 74 octets.
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300, size: 'large' }),
  fc.string({ unit: 'binary', maxLength: 300, size: 'large' }),
  fc
    .array(fc.constantFrom('é', 'ß', '€', '中', '😀', 'a', ' ', '\r\n', ';', ',', '"', '\ud83d', '\ude00'), { maxLength: 200, size: 'large' })
    .map((parts) => parts.join('')),
);

describe('calendar text: the library’s own output, folded without a TextEncoder per character', () => {
  it('folds every line exactly as ical-generator does', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(foldLines(text)).toBe(libraryFold(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('writes the same calendar as toString(), byte for byte, whatever the names and texts', () => {
    const person = fc.record({ name: anyText.filter((name) => name.length > 0), email: fc.emailAddress() });
    fc.assert(
      fc.property(
        fc.record({
          method: fc.constantFrom(ICalCalendarMethod.REQUEST, ICalCalendarMethod.CANCEL, ICalCalendarMethod.PUBLISH),
          name: fc.option(anyText, { nil: undefined }),
          summary: anyText,
          description: anyText,
          location: fc.option(anyText, { nil: null }),
          attendees: fc.array(person, { maxLength: 8 }),
          sequence: fc.nat(50),
          events: fc.integer({ min: 1, max: 3 }),
        }),
        (drawn) => {
          const calendar = ical({
            prodId: { company: 'JSR Exchange', product: 'jsr-exchange', language: 'EN' },
            method: drawn.method,
            ...(drawn.name === undefined ? {} : { name: drawn.name }),
          });
          for (let index = 0; index < drawn.events; index++) {
            calendar.createEvent({
              id: `event-${index}@jsr-exchange`,
              sequence: drawn.sequence,
              stamp: new Date('2027-01-05T09:00:00Z'),
              start: new Date('2027-02-01T09:00:00Z'),
              end: new Date('2027-02-01T11:00:00Z'),
              summary: drawn.summary,
              description: drawn.description,
              location: drawn.location,
              organizer: { name: 'JSR Secretariat', email: 'secretariat@example.org' },
              attendees: drawn.attendees.map((attendee) => ({ ...attendee, rsvp: true, role: ICalAttendeeRole.REQ })),
              status: ICalEventStatus.CONFIRMED,
            });
          }
          expect(calendarText(calendar)).toBe(calendar.toString());
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps every line within 75 octets, and an independent parser reads the long text back whole', () => {
    const description = `Rendez-vous à Antananarivo – 会议 😀 ${'é'.repeat(120)} end`;
    const calendar = ical({ method: ICalCalendarMethod.REQUEST });
    calendar.createEvent({
      id: 'vc1@jsr-exchange',
      start: new Date('2027-02-01T09:00:00Z'),
      end: new Date('2027-02-01T11:00:00Z'),
      stamp: new Date('2027-01-05T09:00:00Z'),
      summary: 'VC1',
      description,
      organizer: { name: 'JSR Secretariat', email: 'secretariat@example.org' },
    });
    const text = calendarText(calendar);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(text).toContain('\r\n ');
    expect(readCalendar(text).description).toBe(description);
  });
});
