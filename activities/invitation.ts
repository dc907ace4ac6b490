/**
 * The calendar file of an invitation or a cancellation (RFC 5545 / iTIP), built with ical-generator.
 * Choices that keep real clients from duplicating or shifting events (DESIGN.md §6):
 * - one UID per event for the whole round, SEQUENCE raised by the workflow on every change;
 * - a cancellation is METHOD:CANCEL with the same UID, never a REQUEST with STATUS:CANCELLED alone;
 * - times in UTC (`…Z`): a bare TZID without its VTIMEZONE shifts events by an hour in Outlook;
 * - the visit as all-day dates, DTEND the day after the last day (DTEND is exclusive);
 * - a CANCEL lists as ATTENDEE exactly the invite's attendees: everyone for a cancelled event, the one
 *   person who left for a leaver's cancellation (RFC 5546 §3.2.5), and asks nobody to reply.
 */
import { DateTime } from 'luxon';
import ical, {
  ICalCalendarMethod,
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalEventStatus,
} from 'ical-generator';
import type { CalendarInvite, Message, Person } from '../workflows/dispatch';
import { calendarText } from './calendar-text';
import type { RenderedMessage } from './render';
import { TemplateError } from './template-error';
import type { MessageView } from './message-view';

export interface CalendarText {
  summary: string;
  description: string;
}

export interface CalendarFile {
  method: CalendarInvite['method'];
  /** The whole VCALENDAR, CRLF line endings. */
  content: string;
}

/**
 * A name as a CN parameter value. RFC 5545 §3.1 lets a quoted parameter value hold anything but a
 * DQUOTE and has no escape for one (ical-generator writes `\"`, which ends the value early for strict
 * parsers), so a name written with double quotes shows them as single quotes in the calendar.
 */
export function parameterText(name: string): string {
  return name.replaceAll('"', "'");
}

export interface CalendarRequest {
  invite: CalendarInvite;
  organizer: Person;
  text: CalendarText;
  /** DTSTAMP: the workflow time the message was decided, so the same dispatch builds the same file. */
  stampedAt: string;
}

export function buildCalendar(options: CalendarRequest): CalendarFile {
  const { invite, organizer, text } = options;
  const { event } = invite;
  const method = invite.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST;
  const calendar = ical({
    prodId: { company: 'JSR Exchange', product: 'jsr-exchange', language: 'EN' },
    method,
  });
  const timing = event.allDay
    ? {
        allDay: true,
        start: event.allDay.firstDay,
        end: DateTime.fromISO(event.allDay.lastDay, { zone: 'utc' }).plus({ days: 1 }).toISODate()!,
      }
    : { start: new Date(event.start), end: new Date(event.end) };
  const place = [event.venue, event.city].filter(Boolean).join(', ');
  calendar.createEvent({
    id: invite.uid,
    sequence: invite.sequence,
    stamp: new Date(options.stampedAt),
    ...timing,
    summary: text.summary,
    description: text.description,
    // A join link as the location is what Outlook and Google show as clickable on a phone.
    location: event.joinUrl ?? (place || null),
    url: event.joinUrl ?? null,
    organizer: { name: parameterText(organizer.name), email: organizer.email },
    attendees: invite.attendees.map((attendee) =>
      invite.method === 'CANCEL'
        ? { name: parameterText(attendee.name), email: attendee.email }
        : {
            name: parameterText(attendee.name),
            email: attendee.email,
            rsvp: true,
            role: ICalAttendeeRole.REQ,
            status: ICalAttendeeStatus.NEEDSACTION,
          },
    ),
    status: invite.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return { method: invite.method, content: calendarText(calendar) };
}

/**
 * The calendar part of a letter, in its reader's language, or undefined for a kind that carries none
 * (only invitations and their cancellations do: a reminder names the event without re-sending it). The
 * summary names the event and the round; the description is the template's `calendar` part, which
 * carries the coordinator's reason for a change or a cancellation when there is one (calendar clients
 * show the description, not the email, when the reader opens the event).
 */
export function invitationCalendar(options: {
  message: Message;
  view: MessageView;
  rendered: RenderedMessage;
  organizer: Person;
}): CalendarFile | undefined {
  const { message, view, rendered } = options;
  if (message.kind !== 'invitation' && message.kind !== 'invitation-cancelled') return undefined;
  if (view.kind !== 'invitation' && view.kind !== 'invitation-cancelled')
    throw new TemplateError({
      kind: message.kind,
      language: view.language,
      detail: `the view is of ${view.kind}`,
    });
  if (rendered.calendar === undefined)
    throw new TemplateError({
      kind: message.kind,
      language: view.language,
      part: 'calendar',
      detail: 'the rendered message has no calendar description',
    });
  return buildCalendar({
    invite: message.invite,
    organizer: options.organizer,
    stampedAt: message.decidedAt,
    text: { summary: `${view.event.Name} – ${view.round.title}`, description: rendered.calendar },
  });
}
