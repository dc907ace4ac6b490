/**
 * The round file (DESIGN.md §3): the one zod schema that defines its shape. The TypeScript types are
 * inferred from it. Pure and deterministic, so the client and the workflow validate with the same code.
 */
import { z } from 'zod';

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

export const COMMUNITIES = ['francophone', 'anglophone'] as const;
export type Community = (typeof COMMUNITIES)[number];

export const personSchema = z.object({
  name: z.string().trim().min(1, 'a name is required'),
  email: z.string().trim(),
});

export const coordinatingAgencySchema = personSchema.extend({
  organization: z.string().trim().min(1, 'the organization is required'),
});

export const delegationSchema = z.object({
  country: z.string().trim(),
  timezone: z.string().trim(),
  language: z.enum(LANGUAGES).optional(),
  host: z.boolean().default(false),
  participants: z.array(personSchema),
  coordinatingAgency: z.array(coordinatingAgencySchema).default([]),
});

export const videoConferenceSchema = z.object({
  start: z.string(),
  durationMinutes: z.number().int().positive().default(120),
  joinUrl: z.string().url(),
});

export const visitSchema = z.object({
  start: z.string(),
  end: z.string(),
  city: z.string().trim().min(1),
  venue: z.string().trim().optional(),
});

export const remindersSchema = z.object({
  beforeDays: z.array(z.number().int().positive()).default([7, 2]),
  overdueEveryDays: z.number().int().positive().default(3),
  escalateAfterDays: z.number().int().positive().default(7),
  /** Overdue notices stop after this many; the escalation hands the follow-up to the coordinator. */
  maxOverdueNotices: z.number().int().nonnegative().default(5),
  /** Reminders of a video conference or the visit, in days before it starts. */
  eventBeforeDays: z.array(z.number().int().positive()).default([1]),
});

export const roundFileSchema = z.object({
  id: z.string(),
  title: z.string().trim().min(1),
  community: z.enum(COMMUNITIES),
  secretariat: z.object({
    coordinator: personSchema,
    staff: z.array(personSchema).default([]),
  }),
  delegations: z.array(delegationSchema),
  schedule: z.object({
    vc1: videoConferenceSchema,
    vc2: videoConferenceSchema,
    visit: visitSchema,
    vc3: videoConferenceSchema,
  }),
  deadlines: z.record(z.string(), z.string()).default({}),
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
