/**
 * Bad input at scale, for what is not a round file: generated scenario files at the rehearsal's
 * parser, and generated update payloads at the checks a running round applies before it changes
 * anything. Pure code; the run counts keep the file at a few seconds.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { InputError } from '../../client/exit';
import { parseScenario, timedActions } from '../../client/simulation/scenario';
import { buildPlan } from '../../domain/plan';
import { validateRound } from '../../domain/validate';
import type { RoundContext } from '../../workflows/dispatch';
import type {
  ExtendDeadlineInput,
  ReplaceParticipantInput,
  SubmitDeliverableInput,
  WaiveDeliverableInput,
} from '../../workflows/messages';
import {
  checkExtension,
  checkReplacement,
  checkSubmission,
  checkWaiver,
  type RoundState,
} from '../../workflows/round-state';
import {
  checkCancelLimits,
  checkExtendLimits,
  checkReplaceLimits,
  checkRescheduleLimits,
  checkSubmitLimits,
  checkWaiveLimits,
} from '../../workflows/update-limits';
import { updatePayload, type RoundFacts, type UpdateKind } from './update-arbitraries';

const repoRoot = path.join(__dirname, '..', '..');
const LAUNCH = '2026-11-02T09:00:00.000Z';
const validation = validateRound(
  parse(readFileSync(path.join(repoRoot, 'examples', 'fr-2027-r1.yaml'), 'utf8')),
);
if (!validation.ok) throw new Error('examples/fr-2027-r1.yaml should be valid');
const round = validation.round;
const plan = buildPlan(round, LAUNCH);
const scenarioExample = parse(
  readFileSync(path.join(repoRoot, 'examples', 'scenario-fr-changes.yaml'), 'utf8'),
) as { actions: unknown[] };

const facts: RoundFacts = {
  countries: round.delegations.map((d) => d.country),
  emails: [
    round.secretariat.coordinator.email,
    ...round.delegations.flatMap((d) => d.participants.map((p) => p.email)),
  ],
  keys: [...new Set(plan.deliverables.map((d) => d.key))],
};

/** A sentence a coordinator can act on: names a field (or the update) and says what to do. */
function expectRefusalSentence(refusal: string): void {
  expect(refusal.trim().length).toBeGreaterThan(5);
  expect(refusal).not.toMatch(/undefined|\[object Object\]|TypeError/);
}

describe('what the generators found, kept as examples', () => {
  it('an offset past any calendar, or an instant that is no real day, is an InputError naming `at`', () => {
    const actions = parseScenario(
      '- { at: launch-999999999d, action: cancel, reason: test }\n',
      'scenario.yaml',
    );
    expect(() => timedActions(actions, plan)).toThrow(InputError);
    expect(() => timedActions(actions, plan)).toThrow(/^at: launch-999999999d: not a real instant/);
    const february30 = parseScenario(
      '- { at: 2027-02-30T09:00:00Z, action: cancel, reason: test }\n',
      'scenario.yaml',
    );
    expect(() => timedActions(february30, plan)).toThrow(/^at: 2027-02-30T09:00:00Z: not a real instant/);
  });
});

describe('scenario files at scale', () => {
  const junkValue = fc.oneof(
    fc.constantFrom(null, true, 0, '', [], {}, 'vc9+3d', 'launch-999999999d'),
    fc.string({ maxLength: 20 }),
    fc.integer(),
  );
  /** The example's actions with fields replaced, dropped or added, in any order. */
  const mutatedActions = fc
    .array(
      fc.record({
        index: fc.nat(),
        field: fc.constantFrom(
          'at',
          'action',
          'deliverable',
          'by',
          'reason',
          'event',
          'start',
          'newcomer',
          'country',
          'extra',
        ),
        value: fc.option(junkValue),
      }),
      { maxLength: 4 },
    )
    .map((changes) => {
      const actions = structuredClone(scenarioExample.actions) as Array<Record<string, unknown>>;
      for (const { index, field, value } of changes) {
        const action = actions[index % actions.length];
        if (!action) continue;
        if (value === null) delete action[field];
        else action[field] = value;
      }
      return stringify({ actions });
    });
  const brokenText = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.constantFrom(
      'actions: [',
      '- at: vc1\n  action: submit\n - bad indent',
      '{{{',
      'actions:\n  - *undefinedAlias',
      '\t- tab',
      '%YAML 9.9\n---',
      'a: &x [*x]',
    ),
    mutatedActions.map((text) => text.slice(0, Math.max(1, Math.floor(text.length / 2)))),
  );

  it('1,000 generated scenario files: parsed, or refused with an InputError naming the file and each field', () => {
    fc.assert(
      fc.property(fc.oneof(mutatedActions, brokenText), (text) => {
        let actions;
        try {
          actions = parseScenario(text, 'scenario.yaml');
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as Error).message).toMatch(
            /^scenario\.yaml: (YAML syntax error|not a valid scenario):?\s*\S/,
          );
          return;
        }
        // A file that parses may still name an instant before the launch: refused the same way.
        try {
          timedActions(actions, plan);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as Error).message.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('update payloads at the round’s checks', () => {
  const LIMIT_CHECKS: Record<UpdateKind, (input: unknown) => string | undefined> = {
    submit: checkSubmitLimits,
    waive: checkWaiveLimits,
    extend: checkExtendLimits,
    reschedule: checkRescheduleLimits,
    replace: checkReplaceLimits,
    cancel: checkCancelLimits,
  };

  it('3,000 generated payloads: each form check accepts or answers with a sentence naming the field, never throws', () => {
    fc.assert(
      fc.property(updatePayload(facts), ({ kind, payload }) => {
        const refusal = LIMIT_CHECKS[kind](payload);
        if (refusal === undefined) return;
        expectRefusalSentence(refusal);
        // Problems are `field: what to do`, joined by '; ' (a value quoted in one may itself hold '; '),
        // or one sentence about the whole update's shape.
        expect(refusal).toMatch(/^([\w.]+: \S|an? [a-z]+ is a mapping of fields)/);
      }),
      { numRuns: 3000 },
    );
  });

  it('2,000 generated payloads: the round’s own checks (owed? settled? a participant?) accept or refuse, never throw', () => {
    const state = {
      context: {} as RoundContext,
      round,
      plan,
      warnings: [],
      status: 'running',
      phase: 'prep-1',
      phaseSince: LAUNCH,
      records: { [plan.deliverables[0]!.id]: { status: 'submitted', at: LAUNCH, by: facts.emails[1] } },
      invitations: {},
      done: [],
      failures: [],
      revision: 0,
    } as unknown as RoundState;
    const ended = { ...state, status: 'cancelled' } as RoundState;
    fc.assert(
      fc.property(
        updatePayload(facts, ['submit', 'waive', 'extend', 'replace']),
        fc.boolean(),
        ({ kind, payload }, running) => {
          const on = running ? state : ended;
          // The handlers receive whatever the client sent: the types below are what a well-behaved client sends.
          const checked =
            kind === 'submit'
              ? checkSubmission(on, payload as SubmitDeliverableInput)
              : kind === 'waive'
                ? checkWaiver(on, payload as WaiveDeliverableInput)
                : kind === 'extend'
                  ? checkExtension(on, payload as ExtendDeadlineInput)
                  : checkReplacement(on, payload as ReplaceParticipantInput);
          if ('refusal' in checked) expectRefusalSentence(checked.refusal);
          else expect(running).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
