/** Reads a calendar file back with ical.js (Mozilla's parser), never with the library that wrote it. */
import ICAL from 'ical.js';

export interface ReadCalendar {
  method: string;
  uid: string;
  sequence: number;
  status?: string;
  start: string;
  end: string;
  startIsDate: boolean;
  organizer: string;
  /** `rsvp` is the RSVP parameter as written, or null when the line has none. */
  attendees: Array<{ email: string; rsvp: string | null; name: string }>;
  location?: string;
  url?: string;
  description?: string;
  /** The raw DTSTART line value as written (`20270210T130000Z`). */
  rawStart: string;
}

export function readCalendar(content: string): ReadCalendar {
  const calendar = new ICAL.Component(ICAL.parse(content));
  const events = calendar.getAllSubcomponents('vevent');
  if (events.length !== 1) throw new Error(`expected one VEVENT, found ${events.length}`);
  const vevent = events[0]!;
  const event = new ICAL.Event(vevent);
  const text = (name: string) => {
    const value = vevent.getFirstPropertyValue(name);
    return value === null || value === undefined ? undefined : String(value);
  };
  const rawStartLine = content.split(/\r?\n/).find((line) => line.startsWith('DTSTART')) ?? '';
  return {
    method: String(calendar.getFirstPropertyValue('method')),
    uid: event.uid,
    sequence: event.sequence,
    status: text('status'),
    start: event.startDate.toString(),
    end: event.endDate.toString(),
    startIsDate: event.startDate.isDate,
    organizer: String(vevent.getFirstPropertyValue('organizer')),
    attendees: vevent.getAllProperties('attendee').map((attendee) => ({
      email: String(attendee.getFirstValue())
        .replace(/^mailto:/i, '')
        .toLowerCase(),
      rsvp: attendee.getParameter('rsvp') === undefined ? null : String(attendee.getParameter('rsvp')),
      name: String(attendee.getParameter('cn')),
    })),
    location: text('location'),
    url: text('url'),
    description: text('description'),
    rawStart: rawStartLine.split(':').slice(1).join(':'),
  };
}
