/**
 * Extending one deliverable's due date in a running round (issue 9): an update with a reason; the
 * reminders move with the date, the owners and the coordinator are told, the other deliverables keep
 * their dates, and a date past the event the deliverable prepares is refused.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { cancelRound, extendDeadline, progress, type RoundProgress } from '../../workflows/messages';
import {
  DAY_MS,
  brief,
  deliverableMessages,
  exampleRound,
  openRoundEnv,
  refusedWith,
  runRound,
  sameMinute,
  submitOnTime,
  type RoundRun,
} from './round-fixture';

const shift = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY_MS).toISOString();

describe('a deadline extended mid-round', () => {
  let env: TestWorkflowEnvironment;
  beforeEach(async () => {
    env = await openRoundEnv();
  });
  afterEach(async () => {
    await env?.teardown();
  });

  it('a deliverable extended by a week is reminded at the new −7 and −2 days and never at the old ones; its owners are told why; an extension past its event is refused naming the field', async () => {
    const round = await exampleRound('fr-2027-r1', await env.currentTimeMs());
    const extended = 'TD/jsr-documents';
    const reason = 'the ministry validates the annual report on the 12th';
    let run!: RoundRun;
    let oldDue = '';
    let newDue = '';
    let extendedAt = '';
    let seen: RoundProgress | undefined;
    const sent = await runRound(env, round, async (r) => {
      run = r;
      oldDue = r.plan.deliverables.find((d) => d.id === extended)?.dueAt ?? '';
      newDue = shift(oldDue, 7);
      const vc2 = r.plan.events.find((e) => e.id === 'vc2')?.start ?? '';
      await r.sleepUntil(shift(r.plan.launchedAt, 2));

      await expect(
        r.handle.executeUpdate(extendDeadline, {
          args: [{ delegation: 'TD', key: 'jsr-documents', dueAt: shift(vc2, 1), reason }],
        }),
      ).rejects.toMatchObject(refusedWith(/^dueAt: due .*, after vc2 .* that it prepares/));
      await expect(
        r.handle.executeUpdate(extendDeadline, {
          args: [{ delegation: 'TD', key: 'jsr-documents', dueAt: 'next week', reason }],
        }),
      ).rejects.toMatchObject(refusedWith(/dueAt: "next week" is neither a date nor an instant/));
      await expect(
        r.handle.executeUpdate(extendDeadline, {
          args: [{ delegation: 'TD', key: 'jsr-documents', dueAt: newDue, reason: ' ' }],
        }),
      ).rejects.toMatchObject(refusedWith(/reason: missing/));

      extendedAt = new Date(await env.currentTimeMs()).toISOString();
      const view = await r.handle.executeUpdate(extendDeadline, {
        args: [
          {
            delegation: 'TD',
            key: 'jsr-documents',
            dueAt: newDue,
            reason,
            by: round.secretariat.coordinator.email,
          },
        ],
      });
      expect(view).toMatchObject({ id: extended, dueAt: newDue, status: 'pending' });
      r.plan = {
        ...r.plan,
        deliverables: r.plan.deliverables.map((d) => (d.id === extended ? { ...d, dueAt: newDue } : d)),
      };
      seen = await r.handle.query(progress);

      await submitOnTime(r, { until: shift(newDue, 1) });
      await r.sleepUntil(shift(newDue, 1));
      await r.handle.executeUpdate(cancelRound, { args: [{ reason: 'end of the story' }] });
      expect((await r.handle.result()).status).toBe('cancelled');
    });

    const prep2 = run.plan.phases.find((p) => p.phase === 'prep-2')?.startsAt;
    expect(brief(deliverableMessages(sent, extended))).toEqual([
      ['deadline-extended', `${extended}@${newDue}`, sameMinute(extendedAt)],
      ['deliverable-request', `${extended}#request`, prep2],
      ['deliverable-reminder', `${extended}#before-7@${newDue}`, shift(newDue, -7)],
      ['deliverable-reminder', `${extended}#before-2@${newDue}`, shift(newDue, -2)],
      ['submission-receipt', extended, sameMinute(shift(newDue, -1))],
    ]);

    // The owners and the coordinator are told, once each, with the reason and both dates.
    const told = deliverableMessages(sent, extended).find((m) => m.kind === 'deadline-extended');
    const chad = round.delegations.find((d) => d.country === 'TD');
    expect(told?.recipients.slice().sort()).toEqual(
      [...(chad?.participants.map((p) => p.email) ?? []), round.secretariat.coordinator.email].sort(),
    );
    expect(told?.dispatch).toMatchObject({
      reason,
      previousDueAt: oldDue,
      deliverable: { id: extended, dueAt: newDue },
    });

    // The other delegations' documents keep their date and its reminders.
    expect(seen?.deliverables.find((d) => d.id === extended)?.dueAt).toBe(newDue);
    expect(seen?.deliverables.find((d) => d.id === 'SN/jsr-documents')?.dueAt).toBe(oldDue);
    expect(
      brief(deliverableMessages(sent, 'SN/jsr-documents').filter((m) => m.kind === 'deliverable-reminder')),
    ).toEqual([
      ['deliverable-reminder', 'SN/jsr-documents#before-7', shift(oldDue, -7)],
      ['deliverable-reminder', 'SN/jsr-documents#before-2', shift(oldDue, -2)],
    ]);
  });

  it('a due date given as a day falls at 17:00 host time, and a per-participant deliverable names its participant', async () => {
    const round = await exampleRound('en-2027-r1', await env.currentTimeMs());
    const ghana = round.delegations.find((d) => d.country === 'GH');
    const participant = ghana?.participants[1]?.email ?? '';
    const sent = await runRound(env, round, async (r) => {
      const vc1 = r.plan.events.find((e) => e.id === 'vc1')?.start ?? '';
      const objectives = r.plan.deliverables.find((d) => d.id === 'GH/learning-objectives');
      // Two days later than planned, still before vc1 (which it prepares): a day in the host's calendar.
      const day = shift(objectives?.dueAt ?? '', 2).slice(0, 10);
      await r.sleepUntil(shift(r.plan.launchedAt, 1));
      const view = await r.handle.executeUpdate(extendDeadline, {
        args: [
          {
            delegation: 'gh',
            key: 'learning-objectives',
            dueAt: day,
            reason: 'the new director starts on Monday',
          },
        ],
      });
      // Nairobi is UTC+3 all year: 17:00 there is 14:00Z.
      expect(view.dueAt).toBe(`${day}T14:00:00.000Z`);
      expect(view.dueAt < vc1).toBe(true);
      await expect(
        r.handle.executeUpdate(extendDeadline, {
          args: [{ delegation: 'GH', key: 'exchange-feedback', dueAt: day, reason: 'travel' }],
        }),
      ).rejects.toMatchObject(
        refusedWith(/exchange-feedback is owed by each participant of GH: name one of/),
      );
      const vc3 = r.plan.events.find((e) => e.id === 'vc3')?.end ?? '';
      const feedback = await r.handle.executeUpdate(extendDeadline, {
        args: [
          {
            delegation: 'GH',
            key: 'exchange-feedback',
            participant,
            dueAt: shift(vc3, 20),
            reason: 'on mission until then',
          },
        ],
      });
      expect(feedback).toMatchObject({ id: `GH/exchange-feedback/${participant}`, dueAt: shift(vc3, 20) });
      const seen = await r.handle.query(progress);
      expect(
        seen.deliverables
          .filter((d) => d.key === 'exchange-feedback' && d.dueAt === shift(vc3, 20))
          .map((d) => d.id),
      ).toEqual([`GH/exchange-feedback/${participant}`]);
      await r.handle.executeUpdate(cancelRound, { args: [{ reason: 'end of the story' }] });
    });
    const told = sent.filter((m) => m.kind === 'deadline-extended');
    expect(told.map((m) => m.recipients.slice().sort())).toEqual([
      [...(ghana?.participants.map((p) => p.email) ?? []), round.secretariat.coordinator.email].sort(),
      [participant, round.secretariat.coordinator.email].sort(),
    ]);
  });
});
