import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { buildPlan } from '../../domain/plan';
import { validateRound } from '../../domain/validate';
import { resolveAt, timedActions } from '../../client/simulation/scenario';
import { projectRoot } from './run-jsrx';

function examplePlan() {
  const result = validateRound(parse(readFileSync(path.join(projectRoot, 'examples', 'en-2027-r1.yaml'), 'utf8')));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return buildPlan(result.round, '2027-01-04T09:00:00Z');
}

describe('rehearsal scenarios', () => {
  const plan = examplePlan();

  it('reads times as event offsets, in days or hours, or as instants', () => {
    expect(resolveAt('vc2-3d', plan)).toBe('2027-03-20T11:00:00.000Z');
    expect(resolveAt('launch+36h', plan)).toBe('2027-01-05T21:00:00.000Z');
    expect(resolveAt('visit-end+2d', plan)).toBe(new Date(Date.parse(plan.events.find((event) => event.id === 'visit')!.end) + 2 * 86_400_000).toISOString());
    expect(resolveAt('2027-02-01T10:00:00+01:00', plan)).toBe('2027-02-01T09:00:00.000Z');
  });

  it('on time: every deliverable is submitted once, a day before it is due, in time order', () => {
    const actions = timedActions({ kind: 'on-time' }, plan);

    expect(actions).toHaveLength(plan.deliverables.length);
    expect(new Set(actions.map((action) => (action.action === 'submit' ? action.deliverable : ''))).size).toBe(plan.deliverables.length);
    const objectives = actions.find((action) => action.action === 'submit' && action.deliverable === 'GH/learning-objectives');
    expect(Date.parse(plan.deliverables.find((d) => d.id === 'GH/learning-objectives')!.dueAt) - Date.parse(objectives!.atInstant)).toBe(86_400_000);
    expect(actions.map((action) => action.atInstant)).toEqual([...actions.map((action) => action.atInstant)].sort());
  });

  it('silent: nothing happens; a scripted action before the launch is refused', () => {
    expect(timedActions({ kind: 'silent' }, plan)).toEqual([]);
    expect(() => timedActions({ kind: 'file', file: 'x.yaml', actions: [{ at: '2026-12-01T00:00:00Z', action: 'cancel', reason: 'too early' }] }, plan)).toThrow(
      /cancel at 2026-12-01T00:00:00Z falls before the launch/,
    );
  });
});
