/**
 * The ceilings of a round file (domain/limits.ts): for every number, text and list, the value at the
 * limit passes and the next one is refused, at its field, with the limit and the fix. The numbers are
 * read from ROUND_LIMITS, so the test follows the limits the help and the README print.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readRoundFile } from '../../client/round-file-io';
import { DELIVERABLE_CATALOGUE } from '../../domain/deliverables';
import { ROUND_LIMITS, limitRows } from '../../domain/limits';
import type { Problem, ValidationResult } from '../../domain/round-file';
import { validateRound } from '../../domain/validate';
import { EXAMPLES, paths } from './round-fixtures';

// The anglophone example: Kenya hosts (Africa/Nairobi), Ghana, Zambia and Sierra Leone visit.
type RoundFileShape = {
  id: string;
  title: string;
  secretariat: { coordinator: Person; staff: Person[] };
  delegations: Array<Record<string, unknown> & { participants: Person[]; coordinatingAgency?: Rep[] }>;
  schedule: Record<'vc1' | 'vc2' | 'vc3', Record<string, unknown>> & { visit: Record<string, unknown> };
  deadlines?: Record<string, unknown>;
  reminders: Record<string, unknown>;
};
type Person = { name: string; email: string };
type Rep = Person & { organization: string };

let example: RoundFileShape;
beforeAll(async () => {
  example = (await readRoundFile(join(EXAMPLES, 'en-2027-r1.yaml'))) as RoundFileShape;
});

function withChange(change: (file: RoundFileShape) => void): RoundFileShape {
  const file = structuredClone(example);
  change(file);
  return file;
}

function errorsOf(result: ValidationResult): Problem[] {
  if (result.ok) throw new Error('expected the round file to be refused');
  return result.errors;
}

function accepted(result: ValidationResult): void {
  if (!result.ok) throw new Error(`expected the round file to pass: ${JSON.stringify(result.errors)}`);
}

/** Milliseconds `run` takes, after one warm-up call (the first call pays for loading zod and luxon). */
function timed<T>(run: () => T): { result: T; ms: number } {
  run();
  const start = performance.now();
  const result = run();
  return { result, ms: performance.now() - start };
}

const { numbers, text, lists } = ROUND_LIMITS;

describe('every number of the round file has a floor and a ceiling', () => {
  const cases: Array<[string, { min: number; max: number }, (file: RoundFileShape, value: number) => void]> =
    [
      [
        'schedule.vc2.durationMinutes',
        numbers.durationMinutes,
        (f, v) => (f.schedule.vc2.durationMinutes = v),
      ],
      ['reminders.beforeDays[0]', numbers['reminders.beforeDays'], (f, v) => (f.reminders.beforeDays = [v])],
      [
        'reminders.overdueEveryDays',
        numbers['reminders.overdueEveryDays'],
        (f, v) => (f.reminders.overdueEveryDays = v),
      ],
      [
        'reminders.escalateAfterDays',
        numbers['reminders.escalateAfterDays'],
        (f, v) => (f.reminders.escalateAfterDays = v),
      ],
      [
        'reminders.maxOverdueNotices',
        numbers['reminders.maxOverdueNotices'],
        (f, v) => (f.reminders.maxOverdueNotices = v),
      ],
      [
        'reminders.eventBeforeDays[0]',
        numbers['reminders.eventBeforeDays'],
        (f, v) => (f.reminders.eventBeforeDays = [v]),
      ],
    ];

  it.each(cases)('%s: both ends pass, one past either end is refused with the range', (path, range, set) => {
    accepted(validateRound(withChange((f) => set(f, range.min))));
    accepted(validateRound(withChange((f) => set(f, range.max))));
    const write = `write a number from ${range.min} to ${range.max}`;
    expect(errorsOf(validateRound(withChange((f) => set(f, range.max + 1))))).toEqual([
      { path, message: `${range.max + 1} is more than the ${range.max} allowed: ${write}` },
    ]);
    expect(errorsOf(validateRound(withChange((f) => set(f, range.min - 1))))).toEqual([
      { path, message: `${range.min - 1} is less than the ${range.min} allowed: ${write}` },
    ]);
    expect(errorsOf(validateRound(withChange((f) => set(f, range.min + 0.5))))).toEqual([
      { path, message: `${range.min + 0.5} is not a whole number: ${write}` },
    ]);
  });

  it('refuses 5,000,000 overdue notices in milliseconds, before any plan is built', () => {
    const file = withChange((f) => (f.reminders.maxOverdueNotices = 5_000_000));
    const { result, ms } = timed(() => validateRound(file));
    expect(errorsOf(result)).toEqual([
      {
        path: 'reminders.maxOverdueNotices',
        message: '5000000 is more than the 10 allowed: write a number from 0 to 10',
      },
    ]);
    expect(ms).toBeLessThan(100); // building the plan would take minutes: 60 deliverables × 5,000,000 instants
  });

  it('deadline offsets reach a year from their event at most', () => {
    const max = ROUND_LIMITS.deadlineOffsetDays;
    accepted(validateRound(withChange((f) => (f.deadlines = { 'vc1-notes': `vc1+${max}d` }))));
    accepted(validateRound(withChange((f) => (f.deadlines = { 'jsr-documents': `vc2-${max}d` }))));
    expect(
      errorsOf(validateRound(withChange((f) => (f.deadlines = { 'jsr-documents': `vc2-${max + 1}d` })))),
    ).toEqual([
      {
        path: 'deadlines.jsr-documents',
        message: `vc2-${max + 1}d is ${max + 1} days from vc2, more than the ${max} allowed: write an offset of at most ${max} days, or an ISO date`,
      },
    ]);
  });

  it('a visit lasts two weeks at most (one evening debrief per day)', () => {
    // The visit starts on 2027-04-26; vc3 is on 2027-06-15.
    accepted(validateRound(withChange((f) => (f.schedule.visit.end = '2027-05-09'))));
    expect(errorsOf(validateRound(withChange((f) => (f.schedule.visit.end = '2027-05-10'))))).toEqual([
      {
        path: 'schedule.visit.end',
        message:
          'the visit lasts 15 days, more than the 14 allowed: a JSR visit lasts about a week; make its last day 2027-05-09 at the latest',
      },
    ]);
  });
});

describe('every text of the round file has a ceiling', () => {
  const padded = (prefix: string, length: number, suffix = '') =>
    prefix + 'a'.repeat(length - prefix.length - suffix.length) + suffix;
  const cases: Array<
    [string, number, (length: number) => string, (file: RoundFileShape, value: string) => void]
  > = [
    ['id', text.id, (n) => padded('', n), (f, v) => (f.id = v)],
    ['title', text.title, (n) => padded('Title ', n), (f, v) => (f.title = v)],
    [
      'secretariat.coordinator.name',
      text.name,
      (n) => padded('Grace ', n),
      (f, v) => (f.secretariat.coordinator.name = v),
    ],
    [
      'secretariat.coordinator.email',
      text.email,
      (n) => padded('', n, '@example.org'),
      (f, v) => (f.secretariat.coordinator.email = v),
    ],
    [
      'delegations[0].coordinatingAgency[0].organization',
      text.organization,
      (n) => padded('GIZ ', n),
      (f, v) => ((f.delegations[0]?.coordinatingAgency as Rep[])[0]!.organization = v),
    ],
    [
      'schedule.vc1.joinUrl',
      text.joinUrl,
      (n) => padded('https://meet.example.org/', n),
      (f, v) => (f.schedule.vc1.joinUrl = v),
    ],
    ['schedule.visit.city', text.city, (n) => padded('Nairobi ', n), (f, v) => (f.schedule.visit.city = v)],
    [
      'schedule.visit.venue',
      text.venue,
      (n) => padded('Jogoo House ', n),
      (f, v) => (f.schedule.visit.venue = v),
    ],
  ];

  it.each(cases)('%s: %d characters pass, one more is refused with the limit', (path, max, value, set) => {
    accepted(validateRound(withChange((f) => set(f, value(max)))));
    const errors = errorsOf(validateRound(withChange((f) => set(f, value(max + 1)))));
    expect(paths(errors)).toEqual([path]);
    expect(errors[0]?.message).toMatch(
      new RegExp(`^${max + 1} characters is more than the ${max} allowed: `),
    );
  });

  it('a long email gets one problem, its length, not also "not an address"', () => {
    const errors = errorsOf(
      validateRound(withChange((f) => (f.secretariat.coordinator.email = `${'a'.repeat(300)}@example.org`))),
    );
    expect(errors).toEqual([
      {
        path: 'secretariat.coordinator.email',
        message:
          '312 characters is more than the 254 allowed: an email address has at most 254 characters (RFC 5321)',
      },
    ]);
  });

  it('codes, zones and dates that cannot be right are refused for their length, once', () => {
    const errors = errorsOf(
      validateRound(
        withChange((f) => {
          f.delegations[1]!.country = 'GHA';
          f.delegations[2]!.timezone = `Africa/${'Lusaka'.repeat(12)}`;
          f.schedule.vc2.start = `2027-03-23T11:00:00Z${' '.repeat(30)}`;
          f.schedule.visit.end = `2027-04-30${'0'.repeat(40)}`;
          f.deadlines = { 'jsr-documents': `vc2-${'1'.repeat(40)}d` };
        }),
      ),
    );
    expect(errors).toEqual([
      {
        path: 'delegations[1].country',
        message: `3 characters is more than the ${text.country} allowed: write the two-letter ISO 3166-1 code, e.g. TD or KE`,
      },
      {
        path: 'delegations[2].timezone',
        message: `79 characters is more than the ${text.timezone} allowed: write it as Region/City, e.g. Africa/Ndjamena`,
      },
      {
        path: 'schedule.vc2.start',
        message: `50 characters is more than the ${text.date} allowed: write it as 2027-02-10T13:00:00Z`,
      },
      {
        path: 'schedule.visit.end',
        message: `50 characters is more than the ${text.date} allowed: write it as YYYY-MM-DD, e.g. 2027-04-19`,
      },
      {
        path: 'deadlines.jsr-documents',
        message: `45 characters is more than the ${text.date} allowed: write an ISO date (2027-03-01) or an offset from an event (vc2-14d)`,
      },
    ]);
  });
});

describe('every list of the round file has a ceiling', () => {
  const countries: Array<[string, string]> = [
    ['KE', 'Africa/Nairobi'],
    ['GH', 'Africa/Accra'],
    ['ZM', 'Africa/Lusaka'],
    ['SL', 'Africa/Freetown'],
    ['TZ', 'Africa/Dar_es_Salaam'],
    ['UG', 'Africa/Kampala'],
    ['RW', 'Africa/Kigali'],
    ['NG', 'Africa/Lagos'],
    ['ET', 'Africa/Addis_Ababa'],
  ];
  const people = (count: number, domain: string): Person[] =>
    Array.from({ length: count }, (_, i) => ({ name: `Person ${i + 1}`, email: `p${i + 1}@${domain}` }));
  const delegations = (count: number) =>
    countries.slice(0, count).map(([country, timezone], i) => ({
      country,
      timezone,
      host: i === 0,
      participants: people(2, `example.${country.toLowerCase()}`),
    }));
  const catalogueDeadlines = () =>
    Object.fromEntries(
      DELIVERABLE_CATALOGUE.map(({ key, anchor }) => {
        const event = anchor.event === 'visit-start' ? 'visit' : anchor.event;
        return [key, `${event}${anchor.offsetDays < 0 ? '-' : '+'}${Math.abs(anchor.offsetDays)}d`];
      }),
    );

  const cases: Array<[string, number, (file: RoundFileShape, count: number) => void, string]> = [
    ['delegations', lists.delegations, (f, n) => (f.delegations = delegations(n)), 'delegations'],
    [
      'delegations[1].participants',
      lists.participants,
      (f, n) => (f.delegations[1]!.participants = people(n, 'example.gh')),
      'participants',
    ],
    [
      'delegations[1].coordinatingAgency',
      lists.coordinatingAgency,
      (f, n) =>
        (f.delegations[1]!.coordinatingAgency = people(n, 'agency.example.org').map((p) => ({
          ...p,
          organization: 'UNICEF',
        }))),
      'representatives',
    ],
    ['secretariat.staff', lists.staff, (f, n) => (f.secretariat.staff = people(n, 'example.org')), 'staff'],
    [
      'reminders.beforeDays',
      lists['reminders.beforeDays'],
      (f, n) => (f.reminders.beforeDays = Array.from({ length: n }, (_, i) => i + 1)),
      'reminders',
    ],
    [
      'reminders.eventBeforeDays',
      lists['reminders.eventBeforeDays'],
      (f, n) => (f.reminders.eventBeforeDays = Array.from({ length: n }, (_, i) => i + 1)),
      'reminders',
    ],
    [
      'deadlines',
      lists.deadlines,
      (f, n) => {
        const all: Record<string, string> = catalogueDeadlines();
        if (n > Object.keys(all).length) all['country-report'] = 'vc2-7d';
        f.deadlines = all;
      },
      'deadlines',
    ],
  ];

  it.each(cases)('%s: %d entries pass, one more is refused in one problem', (path, max, set, noun) => {
    accepted(validateRound(withChange((f) => set(f, max))));
    const errors = errorsOf(validateRound(withChange((f) => set(f, max + 1))));
    expect(paths(errors)).toEqual([path]);
    expect(errors[0]?.message).toMatch(new RegExp(`^${max + 1} ${noun} is more than the ${max} allowed: `));
  });

  it('a thousand delegations are refused at once, in one problem and no warnings about them', () => {
    const file = withChange((f) => {
      const host = f.delegations[0]!;
      f.delegations = Array.from({ length: 1000 }, () => structuredClone(host));
    });
    const { result, ms } = timed(() => validateRound(file));
    expect(errorsOf(result)).toEqual([
      {
        path: 'delegations',
        message:
          '1000 delegations is more than the 8 allowed: the concept note plans 3–4 countries per round; list at most 8',
      },
    ]);
    expect(result.warnings).toEqual([]);
    expect(ms).toBeLessThan(100);
  });

  it('every overflowing list gets its own problem, and the rest of the file is still checked', () => {
    const errors = errorsOf(
      validateRound(
        withChange((f) => {
          f.title = '';
          f.delegations[0]!.participants = people(1000, 'example.ke');
          f.delegations[2]!.participants = people(500, 'example.ke'); // the same addresses again: not looked at
          f.secretariat.staff = people(1000, 'example.org');
          f.reminders.beforeDays = Array.from({ length: 1000 }, () => 7);
          f.deadlines = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`key-${i}`, 'vc2-1d']));
        }),
      ),
    );
    expect(paths(errors)).toEqual([
      'title',
      'secretariat.staff',
      'delegations[0].participants',
      'delegations[2].participants',
      'deadlines',
      'reminders.beforeDays',
    ]);
  });
});

describe('the limits as the README and the help show them', () => {
  it('the README has a row for each limit, with the numbers of ROUND_LIMITS', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    for (const [what, limit] of limitRows()) expect(readme).toContain(`| ${what} | ${limit} |`);
  });
});
