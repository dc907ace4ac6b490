/**
 * The round file (DESIGN.md §3): the one zod schema that defines its shape. The TypeScript types are
 * inferred from it. Pure and deterministic, so the client and the workflow validate with the same code.
 */
import { z } from 'zod';
import { ROUND_LIMITS, outOfRange, tooLong, tooMany } from './limits';
import { CONTROL_CHARACTER, ONE_LINE_FIX } from '../workflows/update-limits';

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

export const COMMUNITIES = ['francophone', 'anglophone'] as const;
export type Community = (typeof COMMUNITIES)[number];

const { text: TEXT, lists: LISTS, numbers: NUMBERS } = ROUND_LIMITS;

/** A string, trimmed, at most `max` characters; the refusal names the limit and how to fix it. */
function boundedText(max: number, fix = 'shorten it') {
  return z
    .string()
    .trim()
    .max(max, { error: (issue) => tooLong(String(issue.input).length, max, fix) })
    .refine((text) => !CONTROL_CHARACTER.test(text), ONE_LINE_FIX);
}

/** A whole number within `range`, both ends included. */
function wholeNumber(range: { min: number; max: number }) {
  const error = (issue: { input?: unknown }) => outOfRange(Number(issue.input), range);
  return z.number().int({ error }).min(range.min, { error }).max(range.max, { error });
}

/**
 * A list of at most `max` entries. zod checks the length before the entries, so an overflowing list is
 * refused in one problem, without looking at (or reporting on) each of its thousand entries.
 */
function boundedList<T extends z.ZodType>(entry: T, max: number, noun: string, fix: string) {
  return z
    .array(entry)
    .max(max, { error: (issue) => tooMany((issue.input as unknown[]).length, noun, max, fix) });
}

export const personSchema = z.object({
  name: boundedText(TEXT.name).min(1, 'a name is required'),
  email: boundedText(TEXT.email, `an email address has at most ${TEXT.email} characters (RFC 5321)`),
});

export const coordinatingAgencySchema = personSchema.extend({
  organization: boundedText(TEXT.organization).min(1, 'the organization is required'),
});

export const delegationSchema = z.object({
  country: boundedText(TEXT.country, 'write the two-letter ISO 3166-1 code, e.g. TD or KE'),
  timezone: boundedText(TEXT.timezone, 'write it as Region/City, e.g. Africa/Ndjamena'),
  language: z.enum(LANGUAGES).optional(),
  host: z.boolean().default(false),
  participants: boundedList(
    personSchema,
    LISTS.participants,
    'participants',
    `the concept note plans two officials per delegation; list at most ${LISTS.participants}`,
  ),
  coordinatingAgency: boundedList(
    coordinatingAgencySchema,
    LISTS.coordinatingAgency,
    'representatives',
    `list at most ${LISTS.coordinatingAgency} coordinating-agency representatives per delegation`,
  ).default([]),
});

/** A video conference's length when the file gives none. */
export const DEFAULT_VC_MINUTES = 120;

export const videoConferenceSchema = z.object({
  start: z.string().max(TEXT.date, {
    error: (issue) => tooLong(String(issue.input).length, TEXT.date, 'write it as 2027-02-10T13:00:00Z'),
  }),
  durationMinutes: wholeNumber(NUMBERS.durationMinutes).default(DEFAULT_VC_MINUTES),
  joinUrl: boundedText(TEXT.joinUrl, "give the meeting's short link").pipe(z.url()),
});

const visitDay = z.string().max(TEXT.date, {
  error: (issue) => tooLong(String(issue.input).length, TEXT.date, 'write it as YYYY-MM-DD, e.g. 2027-04-19'),
});

export const visitSchema = z.object({
  start: visitDay,
  end: visitDay,
  city: boundedText(TEXT.city).min(1, 'the city is required'),
  venue: boundedText(TEXT.venue).optional(),
});

export const remindersSchema = z.object({
  beforeDays: boundedList(
    wholeNumber(NUMBERS['reminders.beforeDays']),
    LISTS['reminders.beforeDays'],
    'reminders',
    `list at most ${LISTS['reminders.beforeDays']} days, e.g. [7, 2]`,
  ).default([7, 2]),
  overdueEveryDays: wholeNumber(NUMBERS['reminders.overdueEveryDays']).default(3),
  escalateAfterDays: wholeNumber(NUMBERS['reminders.escalateAfterDays']).default(7),
  /** Overdue notices stop after this many; the escalation hands the follow-up to the coordinator. */
  maxOverdueNotices: wholeNumber(NUMBERS['reminders.maxOverdueNotices']).default(5),
  /** Reminders of a video conference or the visit, in days before it starts. */
  eventBeforeDays: boundedList(
    wholeNumber(NUMBERS['reminders.eventBeforeDays']),
    LISTS['reminders.eventBeforeDays'],
    'reminders',
    `list at most ${LISTS['reminders.eventBeforeDays']} days, e.g. [1]`,
  ).default([1]),
});

/** Marks an issue that refuses a whole mapping for its size (validate.ts then ignores what is inside). */
export const OVERFLOW = 'overflow';

export const roundFileSchema = z.object({
  id: boundedText(TEXT.id, 'shorten it, e.g. fr-2027-r1'),
  title: boundedText(TEXT.title).min(1, 'a title is required'),
  community: z.enum(COMMUNITIES),
  secretariat: z.object({
    coordinator: personSchema,
    staff: boundedList(
      personSchema,
      LISTS.staff,
      'staff',
      `list at most ${LISTS.staff} Secretariat staff`,
    ).default([]),
  }),
  delegations: boundedList(
    delegationSchema,
    LISTS.delegations,
    'delegations',
    `the concept note plans 3–4 countries per round; list at most ${LISTS.delegations}`,
  ),
  schedule: z.object({
    vc1: videoConferenceSchema,
    vc2: videoConferenceSchema,
    visit: visitSchema,
    vc3: videoConferenceSchema,
  }),
  deadlines: z
    .record(
      z.string(),
      z.string().max(TEXT.date, {
        error: (issue) =>
          tooLong(
            String(issue.input).length,
            TEXT.date,
            'write an ISO date (2027-03-01) or an offset from an event (vc2-14d)',
          ),
      }),
    )
    .refine((deadlines) => Object.keys(deadlines).length <= LISTS.deadlines, {
      error: (issue) =>
        tooMany(
          Object.keys(issue.input as object).length,
          'deadlines',
          LISTS.deadlines,
          'set at most one per deliverable',
        ),
      params: { [OVERFLOW]: true },
      // Counted even when a value is mistyped: the count is what keeps the other checks small.
      when: () => true,
    })
    .default({}),
  reminders: remindersSchema.default({
    beforeDays: [7, 2],
    overdueEveryDays: 3,
    escalateAfterDays: 7,
    maxOverdueNotices: 5,
    eventBeforeDays: [1],
  }),
});

/** The file as written (before defaults). */
export type RoundFileInput = z.input<typeof roundFileSchema>;
/** A round that passed validation: defaults applied, emails lower-cased, languages resolved. */
// Omit first: intersecting two array types would leave `find`/`map` typed with the element lacking `language`.
export type Round = Omit<z.output<typeof roundFileSchema>, 'delegations'> & {
  delegations: Array<z.output<typeof delegationSchema> & { language: Language }>;
};
export type Delegation = Round['delegations'][number];
export type Person = z.output<typeof personSchema>;
export type CoordinatingAgencyRep = z.output<typeof coordinatingAgencySchema>;
export type VideoConference = z.output<typeof videoConferenceSchema>;
export type Visit = z.output<typeof visitSchema>;
export type Reminders = z.output<typeof remindersSchema>;

export interface Problem {
  /** The field, as `delegations[2].participants[0].email`. */
  path: string;
  message: string;
}

export type ValidationResult =
  | { ok: true; round: Round; warnings: Problem[] }
  | { ok: false; errors: Problem[]; warnings: Problem[] };
