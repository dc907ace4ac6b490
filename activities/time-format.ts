/**
 * Every instant in a message is written in the reader's zone and language, with UTC beside it, so
 * that participants in different countries never have to convert a time themselves.
 */
import { DateTime } from 'luxon';
import type { Language } from '../domain/round-file';

/** Intl locales per language: British English writes `Wednesday 10 February 2027`, as Commonwealth ministries do. */
const LOCALES: Record<Language, string> = { en: 'en-GB', fr: 'fr-FR' };

/** Cities whose IANA spelling is not how their inhabitants write them. */
const CITY_NAMES: Record<string, string> = {
  'Africa/Ndjamena': "N'Djamena",
  'Africa/Dar_es_Salaam': 'Dar es Salaam',
  'Africa/Porto-Novo': 'Porto-Novo',
  'Africa/Sao_Tome': 'São Tomé',
  'Africa/El_Aaiun': 'El Aaiún',
  'America/Port-au-Prince': 'Port-au-Prince',
};

/** The zone's city as a reader recognises it: `Africa/Nairobi` → `Nairobi`. */
export function zoneCity(timezone: string): string {
  if (timezone === 'UTC' || timezone === 'Etc/UTC') return 'UTC';
  const known = CITY_NAMES[timezone];
  if (known) return known;
  const city = timezone.split('/').pop() ?? timezone;
  return city.replace(/_/g, ' ');
}

export interface FormattedInstant {
  /** `mercredi 10 février 2027` (the date in the reader's zone). */
  date: string;
  /** `14:00 (N'Djamena)`. */
  time: string;
  /** `13:00 UTC`, with the UTC date when it differs from the local one. */
  utc: string;
  /** `mercredi 10 février 2027, 14:00 (N'Djamena) – 13:00 UTC`. */
  full: string;
  /** `10 févr. 2027` for subjects and tables. */
  shortDate: string;
}

function inZone(iso: string, timezone: string, language: Language): DateTime {
  const instant = DateTime.fromISO(iso, { zone: 'utc' });
  if (!instant.isValid) throw new Error(`not an ISO instant: ${iso}`);
  return instant.setZone(timezone).setLocale(LOCALES[language]);
}

const LONG_DATE = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' } as const;

/** French writes the first day of a month as an ordinal (`lundi 1er mars`), which Intl does not. */
function dateText(day: DateTime, format: Intl.DateTimeFormatOptions, language: Language): string {
  const text = day.toLocaleString(format);
  return language === 'fr' ? text.replace(/(^|\s)1 (?=\p{L})/u, '$11er ') : text;
}
const SHORT_DATE = { day: 'numeric', month: 'short', year: 'numeric' } as const;
const CLOCK = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;

/**
 * Formatted instants, kept: the readers of one dispatch share its events and deadlines, and a welcome
 * lists every event, so the same instant is written in the same zone and language hundreds of times a
 * round, and each writing is several `Intl` calls. Bounded, as a worker runs for months.
 */
const formatted = new Map<string, FormattedInstant>();
const FORMATTED_KEPT = 5_000;

export function formatInstant(iso: string, timezone: string, language: Language): FormattedInstant {
  const key = `${iso} ${timezone} ${language}`;
  let instant = formatted.get(key);
  if (!instant) {
    instant = writeInstant(iso, timezone, language);
    if (formatted.size >= FORMATTED_KEPT) formatted.clear();
    formatted.set(key, instant);
  }
  // A copy: a view is the caller's to change.
  return { ...instant };
}

function writeInstant(iso: string, timezone: string, language: Language): FormattedInstant {
  const local = inZone(iso, timezone, language);
  const utc = inZone(iso, 'UTC', language);
  const date = dateText(local, LONG_DATE, language);
  const time = `${local.toLocaleString(CLOCK)} (${zoneCity(timezone)})`;
  const sameDay = local.toISODate() === utc.toISODate();
  const utcText = sameDay
    ? `${utc.toLocaleString(CLOCK)} UTC`
    : `${utc.toLocaleString(CLOCK)} UTC, ${dateText(utc, SHORT_DATE, language)}`;
  return {
    date,
    time,
    utc: utcText,
    full: `${date}, ${time} – ${utcText}`,
    shortDate: dateText(local, SHORT_DATE, language),
  };
}

/** A calendar date (`2027-04-19`) that belongs to no zone, such as a day of the visit. */
export function formatCalendarDate(isoDate: string, language: Language): string {
  const day = DateTime.fromISO(isoDate, { zone: 'utc' });
  if (!day.isValid) throw new Error(`not an ISO date: ${isoDate}`);
  return dateText(day.setLocale(LOCALES[language]), LONG_DATE, language);
}

/** A due date as a reader sees it: the day in their zone (a deadline is a day, not an hour). */
export function formatDueDate(iso: string, timezone: string, language: Language): string {
  return dateText(inZone(iso, timezone, language), LONG_DATE, language);
}

/** Whole days between two instants, rounded down (an overdue notice says `8 days`, never `7.6`). */
export function wholeDaysBetween(fromIso: string, toIso: string): number {
  const days = DateTime.fromISO(toIso, { zone: 'utc' }).diff(
    DateTime.fromISO(fromIso, { zone: 'utc' }),
    'days',
  ).days;
  return Math.max(0, Math.floor(days));
}

/** `20270210T130000Z`: sorts like the instant itself, safe in a file name. */
export function compactInstant(iso: string): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss'Z'");
}
