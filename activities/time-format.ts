/**
 * Every instant in a message is written in the reader's zone and language, with UTC beside it, so
 * that participants in different countries never have to convert a time themselves.
 */
import { DateTime } from 'luxon';
import { remembered } from '../domain/remembered';
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
  'America/St_Johns': "St. John's",
  'America/St_Barthelemy': 'Saint-Barthélemy',
  // The tz database writes its ids in ASCII: the accents are the cities' own.
  'Africa/Lome': 'Lomé',
  'America/Araguaina': 'Araguaína',
  // Intl names it by its first id, America/Cordoba (see RENAMED_ZONES).
  'America/Cordoba': 'Córdoba',
  'America/Argentina/Tucuman': 'Tucumán',
  'America/Asuncion': 'Asunción',
  'America/Bahia_Banderas': 'Bahía de Banderas',
  'America/Belem': 'Belém',
  'America/Bogota': 'Bogotá',
  'America/Cancun': 'Cancún',
  'America/Ciudad_Juarez': 'Ciudad Juárez',
  'America/Cuiaba': 'Cuiabá',
  'America/Curacao': 'Curaçao',
  'America/Eirunepe': 'Eirunepé',
  'America/Maceio': 'Maceió',
  'America/Mazatlan': 'Mazatlán',
  'America/Merida': 'Mérida',
  'America/Santarem': 'Santarém',
  'America/Sao_Paulo': 'São Paulo',
  'Europe/Chisinau': 'Chișinău',
  'Indian/Reunion': 'Réunion',
  'Pacific/Galapagos': 'Galápagos',
  'Pacific/Noumea': 'Nouméa',
};

/**
 * Zones that Node's ICU still names by an id the tz database has since renamed: Intl canonicalises
 * `Asia/Kathmandu` to `Asia/Katmandu` (CLDR keeps its first id of a zone stable), so the city would be
 * printed in a spelling its inhabitants dropped, or as another place altogether (`Enderbury` for Kanton).
 * Each old id maps to the tz database's current one; ids whose city reads the same either way
 * (`America/Buenos_Aires`, `America/Indianapolis`) need no entry.
 */
const RENAMED_ZONES: Record<string, string> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Godthab': 'America/Nuuk',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

/**
 * The zone's city as a reader recognises it: `Africa/Nairobi` → `Nairobi`. A round file may spell a zone
 * in any case or by an alias (`pacific/kiritimati`, `US/Pacific`, `EST5EDT`), which every date library
 * accepts: the name shown is the canonical one's city. `Etc/GMT+12` is twelve hours *behind* UTC (POSIX
 * signs), so it is shown as `UTC−12`, never as its misleading name.
 */
export const zoneCity = remembered(function zoneCityOnce(timezone: string): string {
  const canonical = canonicalZone(timezone);
  const zone = RENAMED_ZONES[canonical] ?? canonical;
  if (zone === 'UTC' || zone === 'Etc/UTC') return 'UTC';
  const posix = /^Etc\/GMT([+-])(\d{1,2})$/.exec(zone);
  if (posix) return `UTC${posix[1] === '+' ? '−' : '+'}${posix[2]}`;
  const known = CITY_NAMES[zone];
  if (known) return known;
  const city = zone.split('/').pop() ?? zone;
  return city.replace(/_/g, ' ');
});

/**
 * French names of zone cities where French writes them otherwise and ICU does not say so (below): mostly
 * capitals of single-zone countries, for which ICU names the country rather than the city. A French
 * letter read in Algiers says `14:00 (Alger)`, not the English `Algiers`.
 */
const FRENCH_CITY_NAMES: Record<string, string> = {
  'Africa/Addis_Ababa': 'Addis-Abeba',
  'Africa/Algiers': 'Alger',
  'Africa/Cairo': 'Le Caire',
  'Africa/Mogadishu': 'Mogadiscio',
  'America/Havana': 'La Havane',
  'America/Mexico_City': 'Mexico',
  'Asia/Baghdad': 'Bagdad',
  'Asia/Beirut': 'Beyrouth',
  'Asia/Damascus': 'Damas',
  'Asia/Dhaka': 'Dacca',
  'Asia/Ho_Chi_Minh': 'Hô-Chi-Minh-Ville',
  'Asia/Jerusalem': 'Jérusalem',
  'Asia/Kabul': 'Kaboul',
  'Asia/Riyadh': 'Riyad',
  'Asia/Seoul': 'Séoul',
  'Asia/Tehran': 'Téhéran',
  'Atlantic/Canary': 'Canaries',
  'Europe/Athens': 'Athènes',
  'Europe/Brussels': 'Bruxelles',
  'Europe/Bucharest': 'Bucarest',
  'Europe/Copenhagen': 'Copenhague',
  'Europe/Lisbon': 'Lisbonne',
  'Europe/London': 'Londres',
  'Europe/Vienna': 'Vienne',
  'Europe/Warsaw': 'Varsovie',
  'Indian/Comoro': 'Comores',
  'Indian/Mahe': 'Mahé',
  'Indian/Reunion': 'La Réunion',
};

/** Any instant: a generic zone name does not change with the season. */
const NAMING_DAY = new Date(Date.UTC(2027, 0, 1));

function genericZoneName(locale: string, zone: string): string | undefined {
  return new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'shortGeneric' })
    .formatToParts(NAMING_DAY)
    .find((part) => part.type === 'timeZoneName')?.value;
}

/**
 * ICU's French name of the zone's city, where ICU names the zone by its city (`Moscow Time`, `heure :
 * Moscou`) and French spells it otherwise; undefined where it names the country or a region instead.
 */
function icuFrenchCity(zone: string): string | undefined {
  try {
    const english = /^(.*) Time$/.exec(genericZoneName('en', zone) ?? '')?.[1];
    const french = /^heure : (.*)$/.exec(genericZoneName('fr', zone) ?? '')?.[1];
    const idCity = (zone.split('/').pop() ?? zone).replace(/_/g, ' ');
    return english === idCity && french !== undefined && french !== english ? french : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The zone's city in the reader's language, as letters write it beside a local time. English (and any
 * city French writes the same) reads as `zoneCity`.
 */
export const zoneCityIn = remembered(function zoneCityInOnce(timezone: string, language: Language): string {
  const city = zoneCity(timezone);
  if (language !== 'fr') return city;
  const canonical = canonicalZone(timezone);
  const zone = RENAMED_ZONES[canonical] ?? canonical;
  return FRENCH_CITY_NAMES[zone] ?? icuFrenchCity(zone) ?? city;
});

/** The zone as Intl names it (`pacific/kiritimati` → `Pacific/Kiritimati`), or as given when Intl does not know it. */
function canonicalZone(timezone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: timezone }).resolvedOptions().timeZone;
  } catch {
    return timezone;
  }
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

const formatKept = remembered(formatInstantOnce);

/** An instant as a reader sees it: a copy of the kept answer, as a view is its caller's to change. */
export function formatInstant(iso: string, timezone: string, language: Language): FormattedInstant {
  return { ...formatKept(iso, timezone, language) };
}

function formatInstantOnce(iso: string, timezone: string, language: Language): FormattedInstant {
  const local = inZone(iso, timezone, language);
  const utc = inZone(iso, 'UTC', language);
  const date = dateText(local, LONG_DATE, language);
  const time = `${local.toLocaleString(CLOCK)} (${zoneCityIn(timezone, language)})`;
  const sameDay = local.toISODate() === utc.toISODate();
  const utcText = sameDay
    ? `${utc.toLocaleString(CLOCK)} UTC`
    : `${utc.toLocaleString(CLOCK)} UTC, ${dateText(utc, SHORT_DATE, language)}`;
  return Object.freeze({
    date,
    time,
    utc: utcText,
    full: `${date}, ${time} – ${utcText}`,
    shortDate: dateText(local, SHORT_DATE, language),
  });
}

/** A calendar date (`2027-04-19`) that belongs to no zone, such as a day of the visit. */
export const formatCalendarDate = remembered(function formatCalendarDateOnce(
  isoDate: string,
  language: Language,
): string {
  const day = DateTime.fromISO(isoDate, { zone: 'utc' });
  if (!day.isValid) throw new Error(`not an ISO date: ${isoDate}`);
  return dateText(day.setLocale(LOCALES[language]), LONG_DATE, language);
});

/** A due date as a reader sees it: the day in their zone (a deadline is a day, not an hour). */
export const formatDueDate = remembered(function formatDueDateOnce(
  iso: string,
  timezone: string,
  language: Language,
): string {
  return dateText(inZone(iso, timezone, language), LONG_DATE, language);
});

/**
 * Days from one instant to another as the reader's calendar counts them: the days between their dates in
 * `timezone`, never below zero. Letters name a due date by its day in the reader's zone, so the count
 * beside it must agree with that day: a notice six host days after the due date is `6 days` though a
 * daylight-saving change made it 143 hours, and a digest at 08:00 names a reminder due on next week's
 * same weekday `in 7 days`, whatever the hour of either.
 */
export function calendarDaysBetween(fromIso: string, toIso: string, timezone: string): number {
  const ms = Date.parse(localDate(toIso, timezone)) - Date.parse(localDate(fromIso, timezone));
  return Math.max(0, Math.round(ms / 86_400_000));
}

/**
 * Days from an instant to a calendar day (`2027-04-19`, the visit's first day in the host's calendar), as
 * the reader's calendar counts them from that instant's date in `timezone`; never below zero.
 */
export function calendarDaysUntil(fromIso: string, day: string, timezone: string): number {
  const ms = Date.parse(day) - Date.parse(localDate(fromIso, timezone));
  return Math.max(0, Math.round(ms / 86_400_000));
}

const localDate = remembered((iso: string, timezone: string): string => {
  const date = DateTime.fromISO(iso, { zone: 'utc' }).setZone(timezone).toISODate();
  if (date === null) throw new Error(`not an ISO instant: ${iso}`);
  return date;
});

/** `20270210T130000Z`: sorts like the instant itself, safe in a file name. */
export function compactInstant(iso: string): string {
  // Every outbox file is named by it: the ISO form in UTC with its separators and milliseconds dropped
  // costs a tenth of luxon's formatter.
  const ms = instantMs(iso);
  return new Date(ms).toISOString().replace(/\.\d{3}/, '').replace(/[-:]/g, '');
}

/** An ISO instant (the plan's `…Z` or with an offset) in epoch milliseconds. */
function instantMs(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not an instant: ${iso}`);
  return ms;
}
