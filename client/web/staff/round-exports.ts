/**
 * What staff take away from a round page: the delegation × deliverable matrix as CSV, and the whole
 * round as a calendar feed (every event with the invitations' UIDs and current SEQUENCE, every due date),
 * in English or French as the page it was taken from.
 * Both are served behind the staff session: a staff calendar client that cannot send the cookie gets
 * the file by download instead (README, Web).
 */
import { stringify } from 'csv-stringify/sync';
import ical, { ICalCalendarMethod, ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import { calendarText } from '../../../activities/calendar-text';
import {
  agreedWith,
  capitalise,
  deliverableName,
  ownerName,
  statusName,
} from '../../../activities/vocabulary';
import type { LetterLogEntry, RoundProgress } from '../../../workflows/messages';
import type { Language } from '../../../domain/round-file';
import { dueDateUid, feedEvent } from '../calendar-feed';
import { inertCell } from '../feedback';

/**
 * How a CSV separates its cells: a comma, or a semicolon for French spreadsheets (Excel set to French reads
 * a comma as the decimal mark and puts a whole comma-separated line in one cell).
 */
export interface CsvOptions {
  delimiter?: ',' | ';';
}

/** One row per deliverable (the matrix read row by row), instants in UTC as the round records them. */
export function matrixCsv(progress: RoundProgress, options: CsvOptions = {}): string {
  const header = [
    'round',
    'owner',
    'deliverable',
    'participant',
    'status',
    'due_at',
    'next_reminder_at',
    'submitted_at',
    'submitted_by',
    'reference',
    'waived_reason',
    'delivery_failures',
  ];
  const rows = progress.deliverables.map((d) => [
    progress.roundId,
    d.owner,
    d.key,
    d.participant ?? '',
    d.status,
    d.dueAt,
    d.nextReminder?.at ?? '',
    d.submittedAt ?? '',
    d.submittedBy ?? '',
    d.reference ?? '',
    d.waivedReason ?? '',
    d.deliveryFailures.map((failure) => `${failure.email}: ${failure.reason}`).join('; '),
  ]);
  return stringify([header, ...rows.map((row) => row.map(inertCell))], { delimiter: options.delimiter ?? ',' });
}

/** Every letter of the round: who was sent what, when it was decided, and how its delivery went. */
export function lettersCsv(roundId: string, letters: LetterLogEntry[], options: CsvOptions = {}): string {
  const header = ['round', 'decided_at', 'kind', 'about', 'reader', 'outcome', 'reason'];
  const rows = letters.map((letter) => [roundId, letter.decidedAt, letter.kind, letter.about, letter.to, letter.outcome, letter.reason ?? '']);
  return stringify([header, ...rows.map((row) => row.map(inertCell))], { delimiter: options.delimiter ?? ',' });
}

const OPEN: ReadonlyArray<RoundProgress['deliverables'][number]['status']> = ['pending', 'overdue', 'not-sent'];

const STAFF_FEED_WORDS: Record<Language, { staff: string; noLongerDue: string }> = {
  en: { staff: 'staff', noLongerDue: 'no longer due' },
  fr: { staff: 'personnel', noLongerDue: 'plus attendu' },
};

/** The whole round for staff: every event (all audiences) and every deliverable's due date, in the viewer's language. */
export function staffFeed(
  progress: RoundProgress,
  options: { now: Date; roundUrl: string; language?: Language },
): string {
  const language = options.language ?? 'en';
  const words = STAFF_FEED_WORDS[language];
  const calendar = ical({
    prodId: { company: 'JSR Exchange', product: 'jsr-exchange', language: language.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    name: `${progress.title} (${words.staff})`,
    ttl: 3600,
  });
  const cancelled = progress.status === 'cancelled';
  for (const event of progress.events)
    calendar.createEvent(feedEvent(event, progress, { language, now: options.now }));
  for (const d of progress.deliverables) {
    // As the round page says it: what a cancelled round left open is no longer due, not still overdue.
    const status = cancelled && OPEN.includes(d.status) ? agreedWith(words.noLongerDue, d.key, language) : statusName(d.status, language, d.key);
    calendar.createEvent({
      id: dueDateUid(d.id, progress.roundId, progress.runId),
      stamp: options.now,
      start: new Date(d.dueAt),
      end: new Date(d.dueAt),
      summary: `${capitalise(deliverableName(d.key, language))}, ${ownerName(d.owner, language)}${d.participant ? ` (${d.participant})` : ''}${language === 'fr' ? ' :' : ':'} ${status}`,
      url: options.roundUrl,
      // What was handed in before the cancellation stays handed in.
      status: (cancelled && !d.submittedAt) || d.status === 'waived' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }
  return calendarText(calendar);
}
