/**
 * Generators of round files for the property tests: a valid example broken by a few mutations, each
 * remembering the field it touched, and valid files moved within the rules.
 */
import fc from 'fast-check';
import { ROUND_LIMITS } from '../../domain/limits';
import { CONTROL_CHARACTER } from '../../workflows/update-limits';

type Segment = string | number;
type Json = unknown;

export type MutationKind =
  | 'wrong-type'
  | 'missing'
  | 'huge-number'
  | 'long-string'
  | 'long-list'
  | 'bad-date'
  | 'unknown-zone'
  | 'duplicate-email'
  | 'extra-field'
  | 'nested-junk';

export interface Mutation {
  kind: MutationKind;
  /** The field touched, written as a refusal writes it (`delegations[1].participants[0].email`). */
  path: string;
}

const KINDS: MutationKind[] = [
  'wrong-type',
  'missing',
  'huge-number',
  'long-string',
  'long-list',
  'bad-date',
  'unknown-zone',
  'duplicate-email',
  'extra-field',
  'nested-junk',
];

export function formatPath(path: Segment[]): string {
  return path.reduce<string>(
    (out, s) => (typeof s === 'number' ? `${out}[${s}]` : out === '' ? s : `${out}.${s}`),
    '',
  );
}

/**
 * Every field of `value` (objects' keys and lists' entries) with the value found there, down to the
 * depth of a round file's deepest field: junk nested deeper by an earlier mutation is not walked.
 */
function fields(value: Json, at: Segment[] = []): Array<{ path: Segment[]; value: Json }> {
  if (!value || typeof value !== 'object' || at.length >= 6) return [];
  const entries: Array<[Segment, Json]> = Array.isArray(value)
    ? value.map((v, i): [Segment, Json] => [i, v])
    : Object.entries(value as Record<string, Json>);
  return entries.flatMap(([key, v]) => [{ path: [...at, key], value: v }, ...fields(v, [...at, key])]);
}

function setAt(root: Json, path: Segment[], value: Json | typeof REMOVE): Json {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const copy = (Array.isArray(root) ? [...root] : { ...(root as Record<string, Json>) }) as Record<
    Segment,
    Json
  >;
  if (rest.length === 0 && value === REMOVE) {
    if (Array.isArray(copy) && typeof head === 'number') (copy as unknown as Json[]).splice(head, 1);
    else delete copy[head];
  } else copy[head] = setAt(copy[head], rest, value);
  return copy;
}
const REMOVE = Symbol('remove');

const LIMIT_OF_LIST: Record<string, number> = {
  delegations: ROUND_LIMITS.lists.delegations,
  participants: ROUND_LIMITS.lists.participants,
  coordinatingAgency: ROUND_LIMITS.lists.coordinatingAgency,
  staff: ROUND_LIMITS.lists.staff,
  beforeDays: ROUND_LIMITS.lists['reminders.beforeDays'],
  eventBeforeDays: ROUND_LIMITS.lists['reminders.eventBeforeDays'],
};
const DATE_FIELDS = new Set(['start', 'end']);

const junk: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    3.5,
    '',
    ' ',
    '\u0000',
    '[]',
    '{}',
    'null',
    Number.NaN,
    Number.POSITIVE_INFINITY,
  ),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 30 }),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), {
    maxKeys: 4,
  }),
);
const hugeNumber = fc.oneof(
  fc.constantFrom(
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER + 2,
    2 ** 64,
    -(2 ** 31),
    0.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -0.0001,
  ),
  fc.integer({ min: 100_000, max: Number.MAX_SAFE_INTEGER }),
);
const badDate = fc.oneof(
  fc.constantFrom(
    '2027-02-30T11:00:00Z',
    '2027-13-01',
    '2027-02-16T25:00:00Z',
    'tomorrow',
    '16/02/2027',
    '2027-02-16T11:00:00',
    '99999-01-01',
    '0000-00-00',
    '',
    '2027-02-16T11:00:00+25:00',
    '1970-01-01T00:00:00Z',
    '2999-12-31',
  ),
  fc.string({ maxLength: 40 }),
  fc
    .date({ noInvalidDate: false })
    .map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString())),
);
const unknownZone = fc.constantFrom(
  'Mars/Olympus_Mons',
  'Africa/Atlantis',
  'GMT+25',
  'Europe/Pariss',
  'Local',
  'africa nairobi',
  'UTC+3',
);
const longText = fc
  .tuple(fc.integer({ min: 2049, max: 8000 }), fc.constantFrom('x', 'é', '字', '😀', 'ab '))
  .map(
    ([length, unit]) =>
      unit
        .repeat(Math.ceil(length / unit.length))
        .slice(0, length)
        .trim() + 'z',
  );
/** Junk nested up to a few thousand levels: a parser or a walker that recurses would fall over here. */
const nested = fc.tuple(fc.integer({ min: 10, max: 3000 }), fc.boolean()).map(([depth, asList]) => {
  let value: Json = 'bottom';
  for (let i = 0; i < depth; i += 1) value = asList ? [value] : { deeper: value };
  return value;
});

interface Draft {
  kind: MutationKind;
  pick: number;
  value: Json;
  key: string;
}

const draft: fc.Arbitrary<Draft> = fc.constantFrom(...KINDS).chain((kind) =>
  fc.record({
    kind: fc.constant(kind),
    pick: fc.nat(),
    value:
      kind === 'huge-number'
        ? hugeNumber
        : kind === 'long-string'
          ? longText
          : kind === 'bad-date'
            ? badDate
            : kind === 'unknown-zone'
              ? unknownZone
              : kind === 'nested-junk'
                ? nested
                : kind === 'long-list'
                  ? fc.integer({ min: 1, max: 300 })
                  : junk,
    key: fc.oneof(
      fc.constantFrom('hosts', 'Host', 'participant', '__proto__', 'constructor', 'extra'),
      fc.string({ minLength: 1, maxLength: 12 }),
    ),
  }),
);

/** One mutation applied to `file`, or none when the file has no field of that kind left. */
function apply(file: Json, d: Draft): { file: Json; mutation?: Mutation } {
  const all = fields(file);
  const last = (path: Segment[]) => path[path.length - 1];
  const candidates = (test: (f: { path: Segment[]; value: Json }) => boolean) => all.filter(test);
  const pick = <T>(list: T[]): T | undefined => list[d.pick % Math.max(list.length, 1)];
  const done = (path: Segment[], value: Json | typeof REMOVE) => ({
    file: setAt(file, path, value),
    mutation: { kind: d.kind, path: formatPath(path) },
  });
  switch (d.kind) {
    case 'wrong-type': {
      const target = pick(all);
      return target ? done(target.path, d.value) : { file };
    }
    case 'missing': {
      const target = pick(candidates((f) => typeof last(f.path) === 'string'));
      return target ? done(target.path, REMOVE) : { file };
    }
    case 'huge-number': {
      const target = pick(candidates((f) => typeof f.value === 'number'));
      return target ? done(target.path, d.value) : { file };
    }
    case 'long-string': {
      const target = pick(candidates((f) => typeof f.value === 'string'));
      return target ? done(target.path, d.value) : { file };
    }
    case 'long-list': {
      const target = pick(
        candidates(
          (f) =>
            Array.isArray(f.value) && (f.value as Json[]).length > 0 && String(last(f.path)) in LIMIT_OF_LIST,
        ),
      );
      if (!target) return { file };
      const list = target.value as Json[];
      const length = LIMIT_OF_LIST[String(last(target.path))]! + (d.value as number);
      return done(
        target.path,
        Array.from({ length }, (_, i) => list[i % list.length]),
      );
    }
    case 'bad-date': {
      const target = pick(
        candidates((f) => DATE_FIELDS.has(String(last(f.path))) && typeof f.value === 'string'),
      );
      return target ? done(target.path, d.value) : { file };
    }
    case 'unknown-zone': {
      const target = pick(candidates((f) => last(f.path) === 'timezone' && typeof f.value === 'string'));
      return target ? done(target.path, d.value) : { file };
    }
    case 'duplicate-email': {
      const emails = candidates((f) => last(f.path) === 'email' && typeof f.value === 'string');
      if (emails.length < 2) return { file };
      // A later address copies an earlier one (in another case): the later one is refused.
      const later = 1 + (d.pick % (emails.length - 1));
      const earlier = emails[d.pick % later]!;
      return done(emails[later]!.path, ` ${String(earlier.value).toUpperCase()} `);
    }
    case 'extra-field': {
      const objects = candidates((f) => !!f.value && typeof f.value === 'object' && !Array.isArray(f.value));
      const target = pick([{ path: [] as Segment[], value: file }, ...objects]);
      return target ? done([...target.path, d.key], d.value) : { file };
    }
    case 'nested-junk': {
      const target = pick([...all, { path: [d.key], value: undefined }]);
      return target ? done(target.path, d.value) : { file };
    }
  }
}

/** A valid example broken by 1 to `most` mutations, with what each touched. */
export function mutatedRound(
  example: Record<string, Json>,
  most = 4,
): fc.Arbitrary<{ file: Json; mutations: Mutation[] }> {
  return fc.array(draft, { minLength: 1, maxLength: most }).map((drafts) =>
    drafts.reduce<{ file: Json; mutations: Mutation[] }>(
      (state, d) => {
        const next = apply(state.file, d);
        return {
          file: next.file,
          mutations: next.mutation ? [...state.mutations, next.mutation] : state.mutations,
        };
      },
      { file: structuredClone(example), mutations: [] },
    ),
  );
}

const ZONES = [
  'Africa/Nairobi',
  'Africa/Accra',
  'Africa/Ndjamena',
  'Europe/Paris',
  'America/Port-au-Prince',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'UTC',
];
const COUNTRIES = ['KE', 'GH', 'ZM', 'SL', 'TD', 'SN', 'ML', 'BF', 'NE', 'HT', 'NP', 'RW'];
const DAY_MS = 24 * 60 * 60 * 1000;

// Names are one line: a control character is refused (CONTROL_CHARACTER), so a valid round holds none.
const name = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
  .filter((s) => s.trim().length > 0 && !CONTROL_CHARACTER.test(s));
const localPart = fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,15}$/);

/**
 * A valid round: the example's events moved together by -60 to +200 days and spaced out a little more,
 * with other delegations, people, zones, lengths and reminders, all within the rules and the limits.
 */
export function validRound(example: Record<string, Json>): fc.Arbitrary<Json> {
  return fc
    .record({
      shiftDays: fc.integer({ min: -60, max: 200 }),
      gaps: fc.tuple(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
      ),
      visitDays: fc.integer({ min: 1, max: ROUND_LIMITS.visitDays }),
      countries: fc.shuffledSubarray(COUNTRIES, { minLength: 1, maxLength: ROUND_LIMITS.lists.delegations }),
      hostPick: fc.nat(),
      delegations: fc.array(
        fc.record({
          timezone: fc.constantFrom(...ZONES),
          language: fc.constantFrom(undefined, 'en', 'fr'),
          participants: fc.array(fc.tuple(name, localPart), { minLength: 1, maxLength: 4 }),
          ca: fc.array(fc.tuple(name, localPart, name), { maxLength: 2 }),
        }),
        { minLength: ROUND_LIMITS.lists.delegations, maxLength: ROUND_LIMITS.lists.delegations },
      ),
      staff: fc.array(fc.tuple(name, localPart), { maxLength: 5 }),
      durations: fc.tuple(
        fc.integer({ min: 15, max: 720 }),
        fc.integer({ min: 15, max: 720 }),
        fc.integer({ min: 15, max: 720 }),
      ),
      beforeDays: fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 5 }),
      overdueEveryDays: fc.integer({ min: 1, max: 30 }),
      escalateAfterDays: fc.integer({ min: 1, max: 60 }),
      community: fc.constantFrom('anglophone', 'francophone'),
    })
    .map((g) => {
      const schedule = example.schedule as Record<string, Record<string, Json>>;
      let serial = 0;
      const email = (local: string) => `${local}.${(serial += 1)}@example.org`;
      const instant = (iso: string, extraDays: number) =>
        new Date(Date.parse(iso) + (g.shiftDays + extraDays) * DAY_MS).toISOString();
      const day = (iso: string, extraDays: number) => instant(`${iso}T00:00:00Z`, extraDays).slice(0, 10);
      const [gap1, gap2, gap3] = g.gaps;
      const visitStart = String(schedule.visit!.start);
      const host = g.hostPick % g.countries.length;
      return {
        ...example,
        community: g.community,
        secretariat: {
          coordinator: { name: 'Grace Wanjiru', email: email('coordinator') },
          staff: g.staff.map(([n, l]) => ({ name: n, email: email(l) })),
        },
        delegations: g.countries.map((country, i) => {
          const d = g.delegations[i]!;
          return {
            country,
            timezone: d.timezone,
            ...(d.language ? { language: d.language } : {}),
            host: i === host,
            participants: d.participants.map(([n, l]) => ({ name: n, email: email(l) })),
            coordinatingAgency: d.ca.map(([n, l, organization]) => ({
              name: n,
              email: email(l),
              organization,
            })),
          };
        }),
        schedule: {
          vc1: {
            ...schedule.vc1,
            start: instant(String(schedule.vc1!.start), 0),
            durationMinutes: g.durations[0],
          },
          vc2: {
            ...schedule.vc2,
            start: instant(String(schedule.vc2!.start), gap1),
            durationMinutes: g.durations[1],
          },
          visit: {
            ...schedule.visit,
            start: day(visitStart, gap1 + gap2),
            end: day(visitStart, gap1 + gap2 + g.visitDays - 1),
          },
          vc3: {
            ...schedule.vc3,
            start: instant(String(schedule.vc3!.start), gap1 + gap2 + gap3 + g.visitDays),
            durationMinutes: g.durations[2],
          },
        },
        reminders: {
          beforeDays: g.beforeDays,
          overdueEveryDays: g.overdueEveryDays,
          escalateAfterDays: g.escalateAfterDays,
        },
      };
    });
}
