/**
 * When the weekly progress digest goes out (domain/digests.ts), against instants written by hand.
 * N'Djamena is UTC+1 all year; Paris moves from UTC+1 to UTC+2 at 01:00Z on Sunday 28 March 2027.
 */
import { digestInstants } from '../../domain/digests';
import { buildPlan } from '../../domain/plan';
import { reviseRound } from '../../domain/revise';
import type { Plan } from '../../domain/plan-types';
import { join } from 'node:path';
import { EXAMPLES, validRound } from './round-fixtures';

const FR = join(EXAMPLES, 'fr-2027-r1.yaml');

describe('the weekly digest', () => {
  it('goes out on Monday at 08:00 host time, from the first Monday after the launch day', () => {
    // Launched on Saturday 5 December 2026 at 18:10 in N'Djamena.
    expect(digestInstants('2026-12-05T17:10:00Z', '2027-01-01T00:00:00Z', 'Africa/Ndjamena')).toEqual([
      '2026-12-07T07:00:00.000Z',
      '2026-12-14T07:00:00.000Z',
      '2026-12-21T07:00:00.000Z',
      '2026-12-28T07:00:00.000Z',
    ]);
  });

  it('never on the launch day itself, even when launched on a Monday before 08:00', () => {
    // Monday 7 December 2026, 06:30 in N'Djamena: that Monday's 08:00 is the welcome pack's day.
    expect(digestInstants('2026-12-07T05:30:00Z', '2026-12-22T00:00:00Z', 'Africa/Ndjamena')).toEqual([
      '2026-12-14T07:00:00.000Z',
      '2026-12-21T07:00:00.000Z',
    ]);
  });

  it('stops before the round completes, even at the very instant of a Monday digest', () => {
    expect(digestInstants('2026-12-05T17:10:00Z', '2026-12-14T07:00:00Z', 'Africa/Ndjamena')).toEqual([
      '2026-12-07T07:00:00.000Z',
    ]);
  });

  it('keeps 08:00 on the host’s clock across a change to summer time', () => {
    expect(digestInstants('2027-03-18T12:00:00Z', '2027-04-06T00:00:00Z', 'Europe/Paris')).toEqual([
      '2027-03-22T07:00:00.000Z',
      '2027-03-29T06:00:00.000Z',
      '2027-04-05T06:00:00.000Z',
    ]);
  });
});

describe('the digests of a plan', () => {
  const LAUNCH = '2026-11-22T22:40:00Z';
  const NOW = '2026-12-01T09:00:00Z';

  it('are planned with the round, up to its end', async () => {
    const plan = buildPlan(await validRound(FR), LAUNCH);
    // Sunday 22 November 23:40 in N'Djamena: the first is the next morning's.
    expect(plan.digestsAt?.[0]).toBe('2026-11-23T07:00:00.000Z');
    expect((plan.digestsAt?.at(-1) ?? '') < plan.completesAt).toBe(true);
    expect(Date.parse(plan.completesAt) - Date.parse(plan.digestsAt?.at(-1) ?? '')).toBeLessThanOrEqual(7 * 86_400_000);
  });

  it('follow the end of the round when an extension moves it', async () => {
    const round = await validRound(FR);
    const plan = buildPlan(round, LAUNCH);
    const last = plan.deliverables.reduce((a, b) => (b.dueAt > a.dueAt ? b : a));
    const later = new Date(Date.parse(plan.completesAt) + 21 * 86_400_000).toISOString();
    const revised = reviseRound(round, plan, { type: 'extend-deadline', deliverable: last.id, dueAt: later }, NOW);
    if (!revised.ok) throw new Error(JSON.stringify(revised.problems));
    expect(revised.plan.completesAt).toBe(later);
    expect(revised.plan.digestsAt?.length).toBe((plan.digestsAt?.length ?? 0) + 3);
    expect(revised.plan.digestsAt?.slice(0, plan.digestsAt?.length)).toEqual(plan.digestsAt);
  });

  it('stay absent from a round planned before Monday digests, through a reschedule and an extension', async () => {
    const round = await validRound(FR);
    const { digestsAt: _none, ...before }: Plan = buildPlan(round, LAUNCH);
    const moved = reviseRound(round, before, { type: 'reschedule', event: 'vc3', start: '2027-06-09T13:00:00Z' }, NOW);
    if (!moved.ok) throw new Error(JSON.stringify(moved.problems));
    expect(moved.plan.digestsAt).toBeUndefined();
    const last = moved.plan.deliverables.reduce((a, b) => (b.dueAt > a.dueAt ? b : a));
    const later = new Date(Date.parse(moved.plan.completesAt) + 7 * 86_400_000).toISOString();
    const extended = reviseRound(moved.round, moved.plan, { type: 'extend-deadline', deliverable: last.id, dueAt: later }, NOW);
    if (!extended.ok) throw new Error(JSON.stringify(extended.problems));
    expect(extended.plan.digestsAt).toBeUndefined();
  });
});
