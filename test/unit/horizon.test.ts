/**
 * The horizon (domain/horizon.ts): every date of a round within two years of its launch, counted in
 * calendar days of the host's zone. Checked on the file when the launch is known (`jsrx validate`,
 * `jsrx launch`, a reschedule), and on the plan at launch; both say the same thing.
 */
import { join } from 'node:path';
import { readRoundFile } from '../../client/round-file-io';
import { buildPlan, checkHorizon, rescheduleRound } from '../../domain/plan';
import type { Problem, Round, ValidationResult } from '../../domain/round-file';
import { validateLaunch, validateRound } from '../../domain/validate';
import { EXAMPLES, paths } from './round-fixtures';

// 16:40 in Nairobi, the host's zone of the anglophone example: the launch day is 2026-11-23 and the last
// day a date of the round may fall on is 2028-11-23.
const NOW = '2026-11-23T13:40:00Z';
const AFTER = 'more than two years after launch (2026-11-23): a round lasts three to five months';

type RoundFileShape = {
  schedule: Record<'vc1' | 'vc2' | 'vc3' | 'visit', Record<string, unknown>>;
  deadlines?: Record<string, string>;
};

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

function roundOf(result: ValidationResult): Round {
  if (!result.ok) throw new Error(`expected the round file to pass: ${JSON.stringify(result.errors)}`);
  return result.round;
}

/** The example moved to the end of the horizon: vc3 on its last day, 14:00 in Nairobi. */
function lateRound(file: RoundFileShape, vc3 = '2028-11-23T11:00:00Z'): void {
  file.schedule.vc1.start = '2028-07-04T11:00:00Z';
  file.schedule.vc2.start = '2028-08-15T11:00:00Z';
  file.schedule.visit.start = '2028-09-18';
  file.schedule.visit.end = '2028-09-22';
  file.schedule.vc3.start = vc3;
}

describe('every date of a round falls within two years of its launch', () => {
  it('refuses a vc3 in 2207 once, not again for each deadline that hangs on it', () => {
    const file = withChange((f) => (f.schedule.vc3.start = '2207-06-02T13:00:00Z'));
    expect(errorsOf(validateRound(file, { now: NOW }))).toEqual([
      { path: 'schedule.vc3.start', message: `2207-06-02 is ${AFTER}; choose a date up to 2028-11-23` },
    ]);
  });

  it('refuses a deadline written in 2207', () => {
    const file = withChange((f) => (f.deadlines = { communications: '2207-01-15' }));
    expect(errorsOf(validateRound(file, { now: NOW }))).toEqual([
      {
        path: 'deadlines.communications',
        message: `due 2207-01-15, ${AFTER}; choose a due date up to 2028-11-23`,
      },
    ]);
  });

  it('accepts dates on the last day of the horizon and refuses the day after', () => {
    const lastDay = {
      'vc3-notes': '2028-11-23',
      'exchange-feedback': '2028-11-23',
      communications: '2028-11-23',
    };
    roundOf(
      validateRound(
        withChange((f) => (lateRound(f), (f.deadlines = lastDay))),
        { now: NOW },
      ),
    );
    const dayAfter = withChange(
      (f) => (lateRound(f), (f.deadlines = { ...lastDay, communications: '2028-11-24' })),
    );
    expect(errorsOf(validateRound(dayAfter, { now: NOW }))).toEqual([
      {
        path: 'deadlines.communications',
        message: `due 2028-11-24, ${AFTER}; choose a due date up to 2028-11-23`,
      },
    ]);
    // vc3 a day late: its own problem only, not one more for each due date that follows it.
    const vc3DayAfter = withChange((f) => lateRound(f, '2028-11-24T11:00:00Z'));
    expect(paths(errorsOf(validateRound(vc3DayAfter, { now: NOW })))).toEqual(['schedule.vc3.start']);
  });

  it('holds the due dates computed from the catalogue to it too, naming the event to move', () => {
    // vc3 ten days before the end: its notes (vc3 + 3 d) fit, the feedback (+14 d) and communications (+30 d) do not.
    const file = withChange((f) => lateRound(f, '2028-11-13T11:00:00Z'));
    expect(errorsOf(validateRound(file, { now: NOW }))).toEqual([
      {
        path: 'deadlines.exchange-feedback',
        message: `due 2028-11-27, ${AFTER}; choose a due date up to 2028-11-23 or move vc3 earlier`,
      },
      {
        path: 'deadlines.communications',
        message: `due 2028-12-13, ${AFTER}; choose a due date up to 2028-11-23 or move vc3 earlier`,
      },
    ]);
  });

  it('without a launch the file is not held to it, but the plan at launch is, with the same words', () => {
    const file = withChange((f) => (f.schedule.vc3.start = '2207-06-02T13:00:00Z'));
    const round = roundOf(validateRound(file));
    const plan = buildPlan(round, NOW);
    expect(validateLaunch(plan).errors).toEqual(errorsOf(validateRound(file, { now: NOW })));
    expect(checkHorizon(plan)).toEqual(validateLaunch(plan).errors);
  });

  it('the file and the plan agree at the edge: both accept the last day, both refuse the next', () => {
    const lastDay = {
      'vc3-notes': '2028-11-23',
      'exchange-feedback': '2028-11-23',
      communications: '2028-11-23',
    };
    const atEdge = roundOf(validateRound(withChange((f) => (lateRound(f), (f.deadlines = lastDay)))));
    expect(validateLaunch(buildPlan(atEdge, NOW)).errors).toEqual([]);
    const past = withChange((f) => (lateRound(f), (f.deadlines = { ...lastDay, 'vc3-notes': '2028-11-24' })));
    expect(validateLaunch(buildPlan(roundOf(validateRound(past)), NOW)).errors).toEqual(
      errorsOf(validateRound(past, { now: NOW })),
    );
  });
});

describe('a reschedule given the launch', () => {
  it('refuses to move vc3 more than two years after the launch, and accepts a move within', () => {
    const round = roundOf(validateRound(example));
    const tooFar = rescheduleRound(round, 'vc3', { start: '2207-06-02T13:00:00Z' }, { launchedAt: NOW });
    expect(tooFar).toEqual({
      ok: false,
      problems: [
        { path: 'schedule.vc3.start', message: `2207-06-02 is ${AFTER}; choose a date up to 2028-11-23` },
      ],
    });
    const later = rescheduleRound(round, 'vc3', { start: '2027-07-01T11:00:00Z' }, { launchedAt: NOW });
    if (!later.ok) throw new Error(JSON.stringify(later.problems));
    expect(checkHorizon(buildPlan(later.round, NOW))).toEqual([]);
  });

  it('refuses to stretch the visit beyond two weeks', () => {
    const round = roundOf(validateRound(example));
    const moved = rescheduleRound(
      round,
      'visit',
      { start: '2027-04-26', end: '2027-06-10' },
      { launchedAt: NOW },
    );
    expect(moved.ok ? [] : paths(moved.problems)).toEqual(['schedule.visit.end']);
  });
});
