/**
 * Bad input at scale, for the round file: thousands of files made from a valid example by one or a few
 * mutations (a wrong type, a missing field, a huge number, a long string, a bad date, an unknown zone, a
 * duplicate email, an extra field, deeply nested junk), and valid files made by moving the example's
 * dates and people, thrown at `validateRound` and `planRound`. Validation is cheap, planning is not (a
 * whole plan with its reminders, about 80 ms here): 1,000 mutated files (a quarter get far enough to be
 * planned) take about 12 s, 100 valid files about 10 s, the file about 30 s on two shared cores. More
 * runs found nothing new while these were written; fast-check's seed is printed on a failure to replay it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { ROUND_LIMITS } from '../../domain/limits';
import { planRound } from '../../domain/revise';
import type { Problem } from '../../domain/round-file';
import { validateRound } from '../../domain/validate';
import { mutatedRound, validRound, type Mutation } from './round-arbitraries';

const repoRoot = path.join(__dirname, '..', '..');
const example = parse(readFileSync(path.join(repoRoot, 'examples', 'en-2027-r1.yaml'), 'utf8')) as Record<
  string,
  unknown
>;
/** Well before the example's first video conference, within the two-year horizon of every date. */
const LAUNCH = '2026-11-02T09:00:00.000Z';

/** A problem a coordinator can act on: where (a field's path) and what to do (a sentence with its fix). */
function expectActionable(problem: Problem): void {
  expect(problem.path).toMatch(/^([A-Za-z][\w-]*(\[\d+\])*)(\.[A-Za-z][\w-]*(\[\d+\])*)*$|^\(round file\)$/);
  expect(problem.message.trim().length).toBeGreaterThan(0);
  // Every refusal says what is wrong, then how to fix it after a colon, or what to write instead.
  expect(problem.message).toMatch(/\S.*:\s*\S|^expected .+, found .+|^must be one of .+/);
}

describe('what the generators found, kept as examples', () => {
  it('a field named constructor is an unknown field (a warning), not a crash', () => {
    const result = validateRound({ ...example, constructor: [] });
    expect(result.ok).toBe(true);
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ path: 'constructor', message: expect.stringMatching(/^unknown field/) }),
    );
  });

  it('a missing community is called missing, and a list where the city goes gets one problem', () => {
    const { community: _community, ...withoutCommunity } = example;
    const schedule = example.schedule as Record<string, Record<string, unknown>>;
    const result = validateRound({
      ...withoutCommunity,
      schedule: { ...schedule, visit: { ...schedule.visit, city: [] } },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { path: 'community', message: 'missing: add community (one of francophone, anglophone)' },
      { path: 'schedule.visit.city', message: 'expected string, found a list' },
    ]);
  });
});

describe('round files at scale', () => {
  it('1,000 mutated files: validation and planning never throw, and every refusal names a field and a fix', () => {
    fc.assert(
      fc.property(mutatedRound(example), ({ file }) => {
        const validation = validateRound(file, { now: LAUNCH });
        if (!validation.ok) {
          expect(validation.errors.length).toBeGreaterThan(0);
          validation.errors.forEach(expectActionable);
          return;
        }
        // Planning costs ~80 ms a file: only the files that passed validation (about one in four) get it.
        const planned = planRound(file, LAUNCH);
        if (!planned.ok) {
          expect(planned.problems.length).toBeGreaterThan(0);
          planned.problems.forEach(expectActionable);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('a text past its ceiling, a number out of range or a list too long is refused at that very field', () => {
    const limited = (mutation: Mutation) =>
      mutation.kind === 'long-string' || mutation.kind === 'huge-number' || mutation.kind === 'long-list';
    fc.assert(
      fc.property(
        mutatedRound(example, 1).filter(({ mutations }) => mutations.every(limited)),
        ({ file, mutations }) => {
          const validation = validateRound(file, { now: LAUNCH });
          expect(validation.ok).toBe(false);
          if (validation.ok) return;
          for (const mutation of mutations) {
            const refusal = validation.errors.find((problem) => problem.path === mutation.path);
            expect(refusal).toBeDefined();
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a duplicate email and an unknown zone are refused, each at its field', () => {
    fc.assert(
      fc.property(
        mutatedRound(example, 1).filter(({ mutations }) =>
          mutations.every((m) => m.kind === 'duplicate-email' || m.kind === 'unknown-zone'),
        ),
        ({ file, mutations }) => {
          const validation = validateRound(file, { now: LAUNCH });
          expect(validation.ok).toBe(false);
          if (validation.ok) return;
          for (const mutation of mutations) {
            expect(validation.errors.map((problem) => problem.path)).toContain(mutation.path);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('100 valid files (dates, people, zones and reminders moved within the rules) always plan, within the limits', () => {
    fc.assert(
      fc.property(validRound(example), (file) => {
        const validation = validateRound(file, { now: LAUNCH });
        if (!validation.ok) throw new Error(`generated file refused: ${JSON.stringify(validation.errors)}`);
        const planned = planRound(file, LAUNCH);
        if (!planned.ok) throw new Error(`valid file not planned: ${JSON.stringify(planned.problems)}`);
        const horizon = Date.parse(LAUNCH) + ROUND_LIMITS.horizonYears * 366 * 24 * 60 * 60 * 1000;
        for (const deliverable of planned.plan.deliverables)
          expect(Date.parse(deliverable.dueAt)).toBeLessThanOrEqual(horizon);
        for (const event of planned.plan.events) expect(Date.parse(event.end)).toBeLessThanOrEqual(horizon);
        expect(planned.round.delegations.length).toBeLessThanOrEqual(ROUND_LIMITS.lists.delegations);
      }),
      { numRuns: 100 },
    );
  });
});
