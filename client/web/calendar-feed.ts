/**
 * A participant's live calendar feed: the round's events as they are now, and their delegation's due
 * dates. Events keep the UIDs of the emailed invitations (workflows/ids.ts, scoped to the round's first
 * run) and their current SEQUENCE, so a client holding both the invitation and the subscription sees one
 * event, and a reschedule moves it at the next refresh. Times in UTC, the visit as all-day dates, as in
 * activities/invitation.ts. Due dates are all-day events on the participant's local day: calendar
 * subscriptions show VEVENTs everywhere, VTODOs in few clients.
 */
import { DateTime } from 'luxon';
import ical, { ICalCalendarMethod, ICalEventStatus, ICalEventTransparency, type ICalEventData } from 'ical-generator';
import { invitationUid, runTag } from '../../workflows/ids';
import { calendarText } from '../../activities/calendar-text';
import { capitalise, deliverableName, eventName } from '../../activities/vocabulary';
import { eventCalledOff } from './called-off';
import { isOptional, optionalWord, ownDeliverables, readerStatus } from './participant-page';
import { eventsFor, type Visitor } from './tokens';
import type { RoundProgress } from '../../workflows/messages';
import type { Language } from '../../domain/round-file';

/** How often clients that honour it should refetch (REFRESH-INTERVAL / X-PUBLISHED-TTL). */
const REFRESH_SECONDS = 3600;

export function participantFeed(visitor: Visitor, options: { pageUrl: string; now: Date }): string {
  const { progress, delegation, participant } = visitor;
  const language = participant.language;
  const calendar = ical({
    prodId: { company: 'JSR Exchange', product: 'jsr-exchange', language: language.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    name: progress.title,
    ttl: REFRESH_SECONDS,
  });
  const cancelled = progress.status === 'cancelled';
  for (const event of eventsFor(visitor))
    calendar.createEvent(feedEvent(event, progress, { language, now: options.now }));
  for (const deliverable of ownDeliverables(progress.deliverables, delegation.country, participant.email)) {
    const day = DateTime.fromISO(deliverable.dueAt, { zone: 'utc' }).setZone(participant.timezone);
    calendar.createEvent({
      id: dueDateUid(deliverable.id, progress.roundId, progress.runId),
      stamp: options.now,
      allDay: true,
      start: day.toISODate()!,
      end: day.plus({ days: 1 }).toISODate()!,
      // Worded as the participant's page words it: an optional item says so, a cancelled round's open item is no longer due.
      summary: `${capitalise(deliverableName(deliverable.key, language))} (${[
        ...(isOptional(deliverable) ? [optionalWord(language)] : []),
        readerStatus(deliverable, progress, language).text,
      ].join(', ')}) – ${progress.title}`,
      description: options.pageUrl,
      url: options.pageUrl,
      // What was handed in before the cancellation stays handed in.
      status:
        (cancelled && !deliverable.submittedAt) || deliverable.status === 'waived'
          ? ICalEventStatus.CANCELLED
          : ICalEventStatus.CONFIRMED,
      // Shown as free time: a due date is a deadline, not a meeting.
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }
  return calendarText(calendar);
}

/**
 * A round event as a feed entry, for a participant's feed and the staff feed alike: the invitation's UID
 * and current SEQUENCE, times in UTC, the visit as all-day dates (DTEND is the day after the last).
 */
export function feedEvent(
  event: RoundProgress['events'][number],
  progress: RoundProgress,
  options: { language: Language; now: Date },
): ICalEventData {
  const place = [event.venue, event.city].filter(Boolean).join(', ');
  return {
    id: invitationUid(event.id, progress.roundId, progress.runId),
    sequence: event.sequence,
    stamp: options.now,
    ...(event.allDay
      ? {
          allDay: true,
          start: event.allDay.firstDay,
          end: DateTime.fromISO(event.allDay.lastDay, { zone: 'utc' }).plus({ days: 1 }).toISODate()!,
        }
      : { start: new Date(event.start), end: new Date(event.end) }),
    summary: `${capitalise(eventName(event, options.language))} – ${progress.title}`,
    location: event.joinUrl ?? (place || null),
    url: event.joinUrl ?? null,
    status: eventCalledOff(event, progress) ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  };
}

/** One UID per deliverable for the round's run: a moved due date moves the event, never duplicates it. */
export function dueDateUid(deliverableId: string, roundId: string, runId: string): string {
  return `due.${deliverableId.toLowerCase().replace(/[^a-z0-9.@-]+/g, '-')}.${roundId}.${runTag(runId)}@jsr-exchange`;
}
