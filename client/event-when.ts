/**
 * When an event takes place, as the CLI and the reports write it. A visit is planned in whole days of the
 * host's calendar: its instants fall at the host's midnight, which reads as a misleading hour (the evening
 * before, in UTC) anywhere else, so it is written as the host's dates. Every other event is an instant,
 * written in the reader's zone.
 */
import { DateTime } from 'luxon';
import { formatDateTime } from './output';

export interface EventTiming {
  id: string;
  start: string;
  allDay?: { firstDay: string; lastDay: string };
}

export function formatEventWhen(event: EventTiming, zone: string): string {
  if (!event.allDay) return formatDateTime(event.start, zone);
  return formatHostDates(event.allDay);
}

const HOST_DATES = {
  en: { to: 'to', note: 'host dates' },
  fr: { to: 'au', note: 'dates du pays hôte' },
};

/** The visit's days as the host's calendar has them, whatever the reader's zone (the staff pages speak French too). */
export function formatHostDates(allDay: NonNullable<EventTiming['allDay']>, language: 'en' | 'fr' = 'en'): string {
  const { firstDay, lastDay } = allDay;
  const words = HOST_DATES[language];
  const day = (date: string) => DateTime.fromISO(date, { zone: 'utc' }).setLocale(language).toFormat('ccc d LLL yyyy');
  return `${day(firstDay)}${firstDay === lastDay ? '' : ` ${words.to} ${day(lastDay)}`} (${words.note})`;
}

/** The round's next events, each with its host dates when it has them (the progress lists them apart). */
export function upcomingEvents(progress: {
  nextEvents: Array<{ id: string; start: string }>;
  events?: Array<{ id: string; allDay?: EventTiming['allDay'] }>;
}): EventTiming[] {
  return progress.nextEvents.map((event) => {
    const allDay = progress.events?.find((candidate) => candidate.id === event.id)?.allDay;
    return { id: event.id, start: event.start, ...(allDay ? { allDay } : {}) };
  });
}
