/**
 * Bad input at scale: thousands of generated round files thrown at the validator. Each is an example
 * round with one to three fields deleted or replaced by arbitrary JSON (wrong types, huge lists, odd
 * strings), or arbitrary input altogether. The validator never throws, never accepts a file whose
 * shape is broken, and every problem it reports names a field and says something about it.
 */
import path from 'node:path';
import fc from 'fast-check';
import { readRoundFile } from '../../client/round-file-io';
import { validateRound } from '../../domain/validate';
import { projectRoot } from '../cli/run-jsrx';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Segment = string | number;

/** Every path into a JSON value, the value itself excluded. */
function pathsOf(value: Json, prefix: Segment[] = []): Segment[][] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => [[...prefix, index], ...pathsOf(item, [...prefix, index])]);
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => [
      [...prefix, key],
      ...pathsOf(item, [...prefix, key]),
    ]);
  return [];
}

type Mutation = { path: Segment[]; replacement?: Json };

function mutate(original: Json, mutations: Mutation[]): Json {
  const copy = structuredClone(original);
  for (const { path: at, replacement } of mutations) {
    let parent: Json = copy;
    for (const segment of at.slice(0, -1)) {
      if (parent === null || typeof parent !== 'object') break;
      parent = (parent as Record<string, Json>)[segment as string] ?? null;
    }
    if (parent === null || typeof parent !== 'object') continue;
    const last = at[at.length - 1]!;
    if (replacement === undefined) {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete (parent as Record<string, Json>)[last];
    } else {
      (parent as Record<string, Json>)[last as string] = replacement;
    }
  }
  return copy;
}

const oddValue: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.constantFrom<Json>(
    '',
    ' ',
    '2027-02-30T13:00:00Z',
    'vc9-3d',
    'Mars/Olympus',
    'not@an@address',
    -1,
    1e308,
    'ZZ',
  ),
  fc.array(fc.constant<Json>({ name: 'x' }), { minLength: 30, maxLength: 60 }),
);

function expectProblemsNameFields(result: ReturnType<typeof validateRound>): void {
  for (const problem of [...(result.ok ? [] : result.errors), ...result.warnings]) {
    expect(typeof problem.path).toBe('string');
    expect(problem.message.trim().length).toBeGreaterThan(5);
  }
}

describe('the round-file validator under generated bad input', () => {
  let examples: Json[];
  beforeAll(async () => {
    examples = (await Promise.all(
      ['fr-2027-r1.yaml', 'en-2027-r1.yaml'].map((file) =>
        readRoundFile(path.join(projectRoot, 'examples', file)),
      ),
    )) as Json[];
  });

  it('never throws on an example with fields deleted or replaced, and names a field for each problem', () => {
    const mutationsOf = (example: Json) =>
      fc.array(
        fc.record({
          path: fc.constantFrom(...pathsOf(example)),
          replacement: fc.option(oddValue, { nil: undefined }),
        }),
        { minLength: 1, maxLength: 3 },
      );
    fc.assert(
      fc.property(
        fc.nat({ max: 1 }).chain((index) => fc.tuple(fc.constant(index), mutationsOf(examples[index]!))),
        ([index, mutations]) => {
          const input = mutate(examples[index]!, mutations);
          const result = validateRound(input);
          expectProblemsNameFields(result);
          if (!result.ok) {
            expect(result.errors.length).toBeGreaterThan(0);
            // An object with a broken field is refused at a path, not as a whole.
            expect(result.errors.some((problem) => problem.path !== '')).toBe(true);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('refuses a field of the wrong type, at that field', () => {
    const leaves = (example: Json) =>
      pathsOf(example).filter(
        (at) => typeof at[at.length - 1] === 'string' && at[0] !== 'deadlines' && at[0] !== 'reminders',
      );
    fc.assert(
      fc.property(
        fc
          .nat({ max: 1 })
          .chain((index) => fc.tuple(fc.constant(index), fc.constantFrom(...leaves(examples[index]!)))),
        ([index, at]) => {
          // A list of numbers fits no field of a round file.
          const result = validateRound(mutate(examples[index]!, [{ path: at, replacement: [1, 2, 3] }]));
          expect(result.ok).toBe(false);
          const field = at.reduce<string>(
            (out, segment) =>
              typeof segment === 'number' ? `${out}[${segment}]` : out ? `${out}.${segment}` : segment,
            '',
          );
          if (!result.ok)
            expect(
              result.errors
                .map((problem) => problem.path)
                .some((problemPath) => problemPath.startsWith(field) || field.startsWith(problemPath)),
            ).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary input, and never accepts it', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const result = validateRound(input);
        expect(result.ok).toBe(false);
        expectProblemsNameFields(result);
      }),
      { numRuns: 2000 },
    );
  });
});
