import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { MESSAGE_KINDS, type Letter } from '../../workflows/dispatch';
import { cancelRound, extendDeadline, replaceParticipant, rescheduleEvent, waiveDeliverable } from '../../workflows/messages';
import { DAY_MS, exampleRound, openRoundEnv, recordingActivities, runRound, type Sent } from './round-fixture';

const shift = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY_MS).toISOString();

/**
 * One story per language in which a round meets every kind of news it can tell: a moved video
 * conference (with the coordinator's reason), a waiver, a deadline extended, a participant who leaves, a silent delegation
 * that is reminded, nudged and escalated, documents that arrive after the peer pack, the Secretariat's
 * logistics and the host's aide-memoire, the close-out, and a cancellation. Every kind of letter must go
 * out in the round's language (its letters also feed the template tests: JSRX_RECORD_LETTERS=1).
 */
describe.each([
  ['fr-2027-r1', 'fr'],
  ['en-2027-r1', 'en'],
] as const)('a %s round that meets every kind of news', (example, language) => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await openRoundEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it(`tells all of it, each kind in ${language}`, async () => {
    const round = await exampleRound(example, await env.currentTimeMs());
    const letters: Letter[] = [];
    const sent: Sent[] = [];
    const recorder = recordingActivities(sent);
    const [host, firstVisitor, secondVisitor] = [round.delegations.find((d) => d.host)!, ...round.delegations.filter((d) => !d.host)];
    const leaving = secondVisitor!.participants[1]!.email;
    let replacedAt = '';
    await runRound(
      env,
      round,
      async (r) => {
        const at = (id: string, side: 'start' | 'end') => r.plan.events.find((e) => e.id === id)?.[side] ?? '';
        await r.sleepUntil(shift(r.plan.launchedAt, 1));
        await r.handle.executeUpdate(rescheduleEvent, {
          args: [{ event: 'vc3', start: shift(at('vc3', 'start'), 2), reason: language === 'fr' ? 'le comité de pilotage se réunit ce jour-là' : 'the steering committee meets that day' }],
        });
        await r.handle.executeUpdate(waiveDeliverable, {
          args: [{ delegation: host.country, key: 'learning-objectives', reason: language === 'fr' ? 'objectifs déjà fixés' : 'objectives already agreed' }],
        });
        const assessment = r.plan.deliverables.find((d) => d.owner === firstVisitor!.country && d.key === 'self-assessment')!;
        await r.handle.executeUpdate(extendDeadline, {
          args: [{ delegation: firstVisitor!.country, key: 'self-assessment', dueAt: shift(assessment.dueAt, 2), reason: language === 'fr' ? 'atelier national' : 'national workshop' }],
        });
        await r.sleepUntil(shift(at('vc1', 'end'), 1));
        replacedAt = new Date(await env.currentTimeMs()).toISOString();
        await r.handle.executeUpdate(replaceParticipant, {
          args: [{ delegation: secondVisitor!.country, leaving, newcomer: { name: 'Aminata Sow', email: `a.sow@example.${secondVisitor!.country.toLowerCase()}` } }],
        });
        // A day earlier, once its documents are asked for: each delegation is told its moved dates in one letter.
        await r.handle.executeUpdate(rescheduleEvent, { args: [{ event: 'vc2', start: shift(at('vc2', 'start'), -1) }] });
        // Nobody submits anything until the peer pack went out (a day earlier now); then one delegation's documents arrive late.
        await r.sleepUntil(shift(r.plan.peerDocumentsPackAt, 1));
        const late = r.plan.deliverables.find((d) => d.owner === firstVisitor!.country && d.key === 'jsr-documents')!;
        await r.submit(late);
        const logistics = r.plan.deliverables.find((d) => d.key === 'visit-logistics')!;
        await r.sleepUntil(shift(logistics.dueAt, -1));
        await r.submit(logistics, round.secretariat.coordinator.email);
        const memo = r.plan.deliverables.find((d) => d.key === 'aide-memoire')!;
        await r.sleepUntil(shift(memo.dueAt, -1));
        await r.submit(memo);
        // The close-out has begun (feedback requested) when the coordinator calls the round off.
        await r.sleepUntil(shift(at('vc3', 'end'), 4));
        await r.handle.executeUpdate(cancelRound, { args: [{ reason: language === 'fr' ? 'fin anticipée' : 'ended early' }] });
        expect((await r.handle.result()).status).toBe('cancelled');
      },
      {
        async deliverLetter(letter: Letter) {
          letters.push(letter);
          return recorder.deliverLetter(letter);
        },
      },
    );
    const told = new Set(letters.map((letter) => letter.message.kind));
    // A completed round's summary is the on-time story's; everything else happens in this one.
    expect(MESSAGE_KINDS.filter((kind) => kind !== 'round-completed' && !told.has(kind))).toEqual([]);
    const participants = new Set(round.delegations.flatMap((d) => d.participants.map((p) => p.email)));
    for (const letter of letters) {
      if (participants.has(letter.to.email) && round.delegations.find((d) => d.country === letter.to.country)?.language === language) {
        expect(letter.to.language).toBe(language);
      }
    }
    expect(letters.filter((letter) => letter.message.kind === 'escalation').map((letter) => letter.to.role)).toEqual(
      expect.arrayContaining(['coordinator', 'coordinating-agency']),
    );
    const moved = letters.find((letter) => letter.message.kind === 'invitation' && letter.message.invite.sequence > 0 && letter.message.reason);
    expect(moved).toBeDefined();
    // The leaver gets only the calendar cancellations from the replacement on.
    const leaverAfter = letters.filter((letter) => letter.to.email === leaving && letter.message.kind !== 'invitation-cancelled' && letter.message.decidedAt >= replacedAt.slice(0, 16));
    expect(leaverAfter.map((letter) => letter.message.kind)).toEqual([]);
    expect(letters.some((letter) => letter.to.email === leaving && letter.message.kind === 'invitation-cancelled' && letter.message.decidedAt >= replacedAt.slice(0, 16))).toBe(true);
  });
});
