import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { buildPlan, rescheduleRound } from '../../domain/plan';
import {
  cancelRound,
  progress,
  replaceParticipant,
  waiveDeliverable,
  type RoundProgress,
  rescheduleEvent,
  submitDeliverable,
} from '../../workflows/messages';
import {
  DAY_MS,
  brief,
  deliverableMessages,
  exampleRound,
  expandDigests,
  inOrder,
  openRoundEnv,
  recordingActivities,
  refusedWith,
  runRound,
  scheduledActivities,
  sameMinute,
  submission,
  submitOnTime,
  type RoundRun,
  type Sent,
} from './round-fixture';
import { ApplicationFailure } from '@temporalio/common';
import { createRenderer, defaultTemplatesDir } from '../../activities/render';
import { renderLetter } from '../messages/fixtures';
import type { Letter, LetterBatch } from '../../workflows/dispatch';
import { ROUND_BATCH_LIMIT } from '../../workflows/mailroom';

const shift = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY_MS).toISOString();

describe('a round that does not go to plan', () => {
  // A fresh server per story: each round moves the shared clock months ahead.
  let env: TestWorkflowEnvironment;
  beforeEach(async () => {
    env = await openRoundEnv();
  });
  afterEach(async () => {
    await env?.teardown();
  });

  it('a silent delegation is reminded twice, nudged every three days, escalated on day seven with its CA in copy, and left alone once it submits late', async () => {
    const round = await exampleRound('en-2027-r1', await env.currentTimeMs());
    let run!: RoundRun;
    let statusWhileOverdue: string | undefined;
    const silent = (id: string) => id === 'ZM/jsr-documents';
    const sent = await runRound(env, round, async (r) => {
      run = r;
      const late = r.plan.deliverables.find((d) => silent(d.id));
      if (!late) throw new Error('ZM owes jsr-documents');
      await submitOnTime(r, { late: (d) => silent(d.id), until: shift(late.dueAt, 4) });
      await r.sleepUntil(shift(late.dueAt, 4));
      statusWhileOverdue = (await r.handle.query(progress)).deliverables.find((d) => silent(d.id))?.status;
      await expect(
        r.handle.executeUpdate(submitDeliverable, { args: [{ ...submission(round, late), key: 'jsr-documents', delegation: 'FR' }] }),
      ).rejects.toMatchObject(refusedWith(/no delegation "FR"/));
      await r.sleepUntil(shift(late.dueAt, 8));
      await r.submit(late);
      await expect(r.submit(late)).rejects.toMatchObject(
        refusedWith(/^ZM\/jsr-documents was already submitted on \d{4}-\d\d-\d\d at \d\d:\d\d UTC by \S+@/),
      );
      await submitOnTime(r);
      const outcome = await r.handle.result();
      expect(outcome.deliverables.find((d) => silent(d.id))?.status).toBe('submitted-late');
    });
    const late = run.plan.deliverables.find((d) => silent(d.id));
    if (!late) throw new Error('ZM owes jsr-documents');
    const prep2 = run.plan.phases.find((p) => p.phase === 'prep-2')?.startsAt;
    expect(statusWhileOverdue).toBe('overdue');
    expect(brief(deliverableMessages(sent, late.id))).toEqual([
      ['deliverable-request', 'ZM/jsr-documents#request', prep2],
      ['deliverable-reminder', 'ZM/jsr-documents#before-7', shift(late.dueAt, -7)],
      ['deliverable-reminder', 'ZM/jsr-documents#before-2', shift(late.dueAt, -2)],
      ['overdue-notice', 'ZM/jsr-documents#overdue-3', shift(late.dueAt, 3)],
      ['overdue-notice', 'ZM/jsr-documents#overdue-6', shift(late.dueAt, 6)],
      ['escalation', 'ZM/jsr-documents#escalation-7', shift(late.dueAt, 7)],
      ['submission-receipt', 'ZM/jsr-documents', sameMinute(shift(late.dueAt, 8))],
    ]);
    const zambia = round.delegations.find((d) => d.country === 'ZM');
    // The coordinator takes it over with the CA named in copy; the CA gets their own copy naming the coordinator.
    const escalation = deliverableMessages(sent, late.id).find((m) => m.kind === 'escalation');
    const coordinator = round.secretariat.coordinator.email;
    const agency = zambia?.coordinatingAgency.map((rep) => rep.email) ?? [];
    expect(escalation?.recipients.slice().sort()).toEqual([coordinator, ...agency].sort());
    const letterTo = (email: string) => escalation?.letters.find((letter) => letter.to.email === email)?.message;
    expect(letterTo(coordinator)?.cc?.map((person) => person.email)).toEqual(agency);
    for (const rep of agency) expect(letterTo(rep)?.cc?.map((person) => person.email)).toEqual([coordinator]);
    // Letters complete in any order: compare the readers as a set.
    expect(deliverableMessages(sent, late.id).find((m) => m.kind === 'overdue-notice')?.recipients.slice().sort()).toEqual(
      zambia?.participants.map((p) => p.email).sort(),
    );
    // The pack went out at its date with the three documents that were in, and only once.
    const pack = sent.filter((m) => m.kind === 'peer-documents');
    expect(pack.map((m) => m.decidedAt)).toEqual([run.plan.peerDocumentsPackAt]);
    expect(pack[0]?.dispatch.documents?.map((d) => d.owner)).toEqual(['KE', 'GH', 'SL']);
    // ZM's late documents reach the peers as an update of the pack: everyone but ZM's own participants.
    const update = sent.filter((m) => m.kind === 'peer-documents-update');
    expect(update.map((m) => m.dispatch.documents?.map((d) => d.owner))).toEqual([['ZM']]);
    expect(update[0]?.recipients).not.toEqual(expect.arrayContaining(zambia?.participants.map((p) => p.email) ?? []));
    expect(update[0]?.recipients).toEqual(expect.arrayContaining([round.secretariat.coordinator.email, 'p.kamau@example.ke']));
    expect(inOrder(sent).at(-1)?.kind).toBe('round-completed');
    expect(expandDigests(sent).filter((m) => m.kind === 'overdue-notice' || m.kind === 'escalation').map((m) => m.about)).toEqual([
      'ZM/jsr-documents#overdue-3',
      'ZM/jsr-documents#overdue-6',
      'ZM/jsr-documents#escalation-7',
    ]);
  });

  it('a video conference moved mid-round is re-sent with the same UID and SEQUENCE 1, and the deadlines that hang on it move with it', async () => {
    const round = await exampleRound('fr-2027-r1', await env.currentTimeMs());
    let run!: RoundRun;
    let movedAt = '';
    let oldPlanDue = '';
    const newStart = shift(round.schedule.vc2.start, 7);
    const sent = await runRound(env, round, async (r) => {
      run = r;
      oldPlanDue = r.plan.deliverables.find((d) => d.id === 'TD/jsr-documents')?.dueAt ?? '';
      await r.sleepUntil(shift(r.plan.launchedAt, 2));
      movedAt = new Date(await env.currentTimeMs()).toISOString();
      const result = await r.handle.executeUpdate(rescheduleEvent, {
        args: [{ event: 'vc2', start: newStart, reason: 'the steering committee meets that day' }],
      });
      expect(result.sequence).toBe(1);
      await expect(
        r.handle.executeUpdate(rescheduleEvent, { args: [{ event: 'vc2', start: shift(round.schedule.visit.start, 10) }] }),
      ).rejects.toMatchObject(refusedWith(/vc2/));
      // The same move again, its instant written in another zone: nothing to change, nothing re-sent.
      const sameInstant = new Date(Date.parse(newStart)).toISOString().replace('Z', '+00:00');
      await expect(r.handle.executeUpdate(rescheduleEvent, { args: [{ event: 'vc2', start: sameInstant }] })).rejects.toMatchObject(
        refusedWith(/vc2 is already at .*: nothing to change/),
      );
      const moved = rescheduleRound(round, 'vc2', { start: newStart });
      if (!moved.ok) throw new Error('the move should be valid');
      r.plan = buildPlan(moved.round, r.plan.launchedAt);
      await submitOnTime(r);
      expect((await r.handle.result()).status).toBe('completed');
    });
    const invitations = inOrder(sent).filter((m) => m.kind === 'invitation' && m.about.startsWith('vc2#'));
    expect(invitations.map((m) => [m.about, m.method, m.sequence])).toEqual([
      ['vc2#0', 'REQUEST', 0],
      ['vc2#1', 'REQUEST', 1],
    ]);
    expect(invitations[1]?.uid).toBe(invitations[0]?.uid);
    expect(invitations[1]?.decidedAt).toEqual(sameMinute(movedAt));
    expect(invitations[1]?.dispatch.invite?.event.start).toBe(new Date(newStart).toISOString());
    // The reason travels with the updated invitation (the templates put it in the email and the calendar).
    expect(invitations[1]?.dispatch.reason).toBe('the steering committee meets that day');
    expect(invitations[1]?.recipients.slice().sort()).toEqual(invitations[0]?.recipients.slice().sort());

    const due = run.plan.deliverables.find((d) => d.id === 'TD/jsr-documents')?.dueAt ?? '';
    expect(due).toBe(shift(oldPlanDue, 7));
    const reminders = deliverableMessages(sent, 'TD/jsr-documents').filter((m) => m.kind === 'deliverable-reminder');
    expect(brief(reminders)).toEqual([
      ['deliverable-reminder', `TD/jsr-documents#before-7@${due}`, shift(due, -7)],
      ['deliverable-reminder', `TD/jsr-documents#before-2@${due}`, shift(due, -2)],
    ]);
    const vc2Reminders = sent.filter((m) => m.kind === 'event-reminder' && m.about.startsWith('vc2#'));
    expect(vc2Reminders.map((m) => m.decidedAt)).toEqual([shift(new Date(newStart).toISOString(), -1)]);
  });

  it('a video conference moved once its documents are asked for tells each reader, in one letter, the due dates of theirs that move with it, except what they already sent', async () => {
    const round = await exampleRound('en-2027-r1', await env.currentTimeMs());
    let before: RoundRun['plan'] | undefined;
    let run!: RoundRun;
    let movedAt = '';
    const newStart = shift(round.schedule.vc2.start, 7);
    const sent = await runRound(env, round, async (r) => {
      run = r;
      before = r.plan;
      const vc1End = r.plan.events.find((e) => e.id === 'vc1')?.end ?? '';
      await submitOnTime(r, { until: vc1End });
      await r.sleepUntil(shift(vc1End, 1));
      for (const id of ['KE/self-assessment', 'KE/maturity-ladder']) {
        const early = r.plan.deliverables.find((d) => d.id === id);
        if (!early) throw new Error(`KE owes ${id}`);
        await r.submit(early);
      }
      movedAt = new Date(await env.currentTimeMs()).toISOString();
      const result = await r.handle.executeUpdate(rescheduleEvent, { args: [{ event: 'vc2', start: newStart }] });
      expect(result.moved.map((m) => m.id)).toEqual(expect.arrayContaining(['KE/jsr-documents', 'KE/self-assessment']));
      const moved = rescheduleRound(round, 'vc2', { start: newStart });
      if (!moved.ok) throw new Error('the move should be valid');
      r.plan = buildPlan(moved.round, r.plan.launchedAt);
      await submitOnTime(r);
      expect((await r.handle.result()).status).toBe('completed');
    });
    const told = inOrder(sent).filter((m) => m.kind === 'deadline-extended' || m.kind === 'due-dates-moved');
    const kenya = round.delegations.find((d) => d.country === 'KE')?.participants.map((p) => p.email).sort();
    const ghana = round.delegations.find((d) => d.country === 'GH')?.participants.map((p) => p.email).sort();
    const dueNow = (id: string) => run.plan.deliverables.find((d) => d.id === id)?.dueAt;
    const dueBefore = (id: string) => before?.deliverables.find((d) => d.id === id)?.dueAt;
    // One letter for each reader: before, moving vc2 sent Ghana three at once, one per deliverable.
    for (const reader of [...(kenya ?? []), ...(ghana ?? [])]) {
      expect({ reader, letters: told.filter((m) => m.recipients.includes(reader)).length }).toEqual({ reader, letters: 1 });
    }
    // Self-assessment, maturity ladder and documents hang on vc2: Ghana owes all three, listed soonest first.
    const forGhana = told.find((m) => m.recipients.includes(ghana?.[0] ?? ''));
    expect(forGhana?.kind).toBe('due-dates-moved');
    expect(forGhana?.recipients.slice().sort()).toEqual(ghana);
    expect(forGhana?.decidedAt).toEqual(sameMinute(movedAt));
    expect(forGhana?.dispatch.movedWith).toEqual({ id: 'vc2', kind: 'video-conference' });
    const ghanaMoves = ['GH/jsr-documents', 'GH/self-assessment', 'GH/maturity-ladder'];
    expect(forGhana?.dispatch.moves?.map((move) => [move.deliverable.id, move.previousDueAt, move.deliverable.dueAt])).toEqual(
      ghanaMoves.map((id) => [id, dueBefore(id), dueNow(id)]),
    );
    // Named after the move (vc2's new SEQUENCE) and every date it tells, so a date moved away and back again is a new letter.
    expect(forGhana?.about).toBe(`vc2#1:${ghanaMoves.map((id) => `${id}@${dueNow(id)}`).join('+')}`);
    const { rendered } = renderLetter(forGhana!.letters[0]!, createRenderer(defaultTemplatesDir()));
    for (const text of [rendered.text, rendered.html]) {
      expect(text).toContain('the second video conference');
      expect(text).toMatch(/JSR country documents[\s\S]*JSR self-assessment results[\s\S]*Maturity ladder/i);
    }
    expect(rendered.subject).toContain('3 new due dates');
    // Kenya sent its self-assessment and maturity ladder: its one moved date comes in the letter of one change.
    const documents = told.find((m) => m.recipients.includes(kenya?.[0] ?? ''));
    expect(documents?.kind).toBe('deadline-extended');
    expect(documents?.recipients.slice().sort()).toEqual(kenya);
    expect(documents?.dispatch.previousDueAt).toBe(dueBefore('KE/jsr-documents'));
    expect(documents?.dispatch.deliverable?.dueAt).toBe(dueNow('KE/jsr-documents'));
    expect(documents?.dispatch.movedWith).toEqual({ id: 'vc2', kind: 'video-conference' });
    expect(documents?.about).toBe(`KE/jsr-documents@${dueNow('KE/jsr-documents')}~vc2#1`);
    // vc2's notes are asked for only once vc2 begins: their request names the new date.
    expect(told.some((m) => m.about.includes('secretariat/'))).toBe(false);
  });

  it('a participant who leaves between VC1 and VC2 gets the cancellations only; the newcomer is onboarded, invited and reminded from then on', async () => {
    const round = await exampleRound('fr-2027-r1', await env.currentTimeMs());
    const senegal = round.delegations.find((d) => d.country === 'SN');
    const leaver = senegal?.participants[1]?.email ?? '';
    const newcomer = { name: 'Aminata Ndiaye', email: 'a.ndiaye@example.sn' };
    let run!: RoundRun;
    let replacedAt = '';
    const sent = await runRound(env, round, async (r) => {
      run = r;
      const vc1End = r.plan.events.find((e) => e.id === 'vc1')?.end ?? '';
      await submitOnTime(r, { until: shift(vc1End, 1) });
      await r.sleepUntil(shift(vc1End, 1));
      replacedAt = new Date(await env.currentTimeMs()).toISOString();
      // The leaver's own address, in other capitals, is no newcomer: refused before anything is sent.
      await expect(
        r.handle.executeUpdate(replaceParticipant, {
          args: [{ delegation: 'SN', leaving: leaver, newcomer: { name: 'Same Person', email: leaver.toUpperCase() } }],
        }),
      ).rejects.toMatchObject(refusedWith(/is the address of the participant who leaves/));
      const result = await r.handle.executeUpdate(replaceParticipant, {
        args: [{ delegation: 'SN', leaving: leaver, newcomer }],
      });
      expect(result.events).toEqual(['vc2', 'vc3']);
      await expect(
        r.handle.executeUpdate(replaceParticipant, { args: [{ delegation: 'SN', leaving: leaver, newcomer }] }),
      ).rejects.toMatchObject(refusedWith(/not a participant of SN/));
      const replaced = {
        ...round,
        delegations: round.delegations.map((d) =>
          d.country !== 'SN' ? d : { ...d, participants: d.participants.map((p) => (p.email === leaver ? newcomer : p)) },
        ),
      };
      r.plan = buildPlan(replaced, r.plan.launchedAt);
      await submitOnTime(r);
      expect((await r.handle.result()).status).toBe('completed');
    });
    const to = (email: string) => inOrder(expandDigests(sent)).filter((m) => m.recipients.includes(email));
    const after = (email: string) => to(email).filter((m) => m.decidedAt >= replacedAt);
    expect(after(leaver).map((m) => [m.kind, m.about, m.method, m.sequence])).toEqual([
      ['invitation-cancelled', 'vc2#1', 'CANCEL', 1],
      ['invitation-cancelled', 'vc3#1', 'CANCEL', 1],
    ]);
    const joined = to(newcomer.email);
    // All three decided by the replacement itself, at the same instant.
    expect(joined.slice(0, 3).map((m) => [m.kind, m.about, m.method ?? null])).toEqual([
      ['onboarding', `SN/${newcomer.email}`, null],
      ['invitation', 'vc2#1', 'REQUEST'],
      ['invitation', 'vc3#1', 'REQUEST'],
    ]);
    expect(joined[0]?.dispatch.replaces?.email).toBe(leaver);
    // SEQUENCE 1 for the calendars, but the newcomer's first word of these events: not called an update.
    expect(joined.slice(1, 3).map((m) => (m.dispatch as { firstForReader?: boolean }).firstForReader)).toEqual([true, true]);
    const prep3 = run.plan.phases.find((p) => p.phase === 'prep-3')?.startsAt;
    expect(joined.find((m) => m.about === 'visit#0')?.decidedAt).toBe(prep3);
    expect(joined.map((m) => m.about)).toEqual(
      expect.arrayContaining(['SN/self-assessment#before-2', `SN/exchange-feedback/${newcomer.email}#request`]),
    );
  });

  it('a waived task is no longer chased, and a mailbox that bounces is reported to the coordinator in the progress', async () => {
    const round = await exampleRound('fr-2027-r1', await env.currentTimeMs());
    const bouncing = round.delegations.find((d) => d.country === 'CI')?.participants[0]?.email ?? '';
    const sent: Sent[] = [];
    const recorder = recordingActivities(sent);
    const bouncingActivities = {
      async deliverLetter(letter: Letter) {
        if (letter.to.email === bouncing) throw ApplicationFailure.nonRetryable('550 mailbox unavailable', 'SmtpPermanentError');
        return recorder.deliverLetter(letter);
      },
    };
    const waived = 'TD/learning-objectives';
    let waivedAt = '';
    let seen: RoundProgress | undefined;
    await runRound(
      env,
      round,
      async (r) => {
        await r.sleepUntil(shift(r.plan.launchedAt, 1));
        await expect(
          r.handle.executeUpdate(waiveDeliverable, { args: [{ delegation: 'TD', key: 'learning-objectives', reason: ' ' }] }),
        ).rejects.toMatchObject(refusedWith(/reason/));
        waivedAt = new Date(await env.currentTimeMs()).toISOString();
        const view = await r.handle.executeUpdate(waiveDeliverable, {
          args: [{ delegation: 'TD', key: 'learning-objectives', reason: 'objectives agreed in the ToR' }],
        });
        expect(view.status).toBe('waived');
        await submitOnTime(r, { late: (d) => d.id === waived });
        await r.sleepUntil(r.plan.events.find((e) => e.id === 'vc2')?.start ?? '');
        seen = await r.handle.query(progress);
        expect((await r.handle.result()).deliverables.find((d) => d.id === waived)?.status).toBe('waived');
      },
      bouncingActivities,
    );
    // Told once, to the delegation and the coordinator; never chased afterwards.
    const afterWaiver = deliverableMessages(sent, waived).filter((m) => m.decidedAt >= waivedAt);
    expect(afterWaiver.map((m) => m.kind)).toEqual(['deliverable-waived']);
    const chad = round.delegations.find((d) => d.country === 'TD');
    expect(afterWaiver[0]?.recipients.slice().sort()).toEqual([...(chad?.participants.map((p) => p.email) ?? []), round.secretariat.coordinator.email].sort());
    expect(afterWaiver[0]?.dispatch.deliverable?.waivedReason).toBe('objectives agreed in the ToR');
    expect(seen?.deliverables.find((d) => d.id === waived)).toMatchObject({ status: 'waived', waivedReason: 'objectives agreed in the ToR' });
    expect(seen?.deliveryFailures.some((f) => f.email === bouncing && f.kind === 'welcome')).toBe(true);
    const request = seen?.deliverables.find((d) => d.id === 'CI/learning-objectives');
    expect(request?.deliveryFailures).toContainEqual({ email: bouncing, reason: '550 mailbox unavailable' });
    expect(request?.status).toBe('submitted');
  });

  it('a round cancelled during the visit tells everyone, cancels every invitation still ahead, and sends nothing afterwards', async () => {
    const round = await exampleRound('en-2027-r1', await env.currentTimeMs());
    let run!: RoundRun;
    let cancelledAt = '';
    let activities: ReturnType<typeof scheduledActivities> = [];
    const sent = await runRound(env, round, async (r) => {
      run = r;
      const visitStart = r.plan.events.find((e) => e.id === 'visit')?.start ?? '';
      await submitOnTime(r, { until: shift(visitStart, 1) });
      await r.sleepUntil(shift(visitStart, 1));
      expect((await r.handle.query(progress)).phase).toBe('visit');
      cancelledAt = new Date(await env.currentTimeMs()).toISOString();
      await r.handle.executeUpdate(cancelRound, { args: [{ reason: 'Security situation in the host city' }] });
      const outcome = await r.handle.result();
      expect(outcome.status).toBe('cancelled');
      await expect(r.handle.executeUpdate(cancelRound, { args: [{ reason: 'again' }] })).rejects.toThrow();
      // Asked of the round itself, not only through the service's clients: nothing is ahead any more.
      const after = await r.handle.query(progress);
      expect(after.nextEvents).toEqual([]);
      expect(after.deliverables.filter((d) => d.nextReminder)).toEqual([]);
      activities = scheduledActivities(await r.handle.fetchHistory());
    });
    const everyone = [
      ...round.delegations.flatMap((d) => [...d.participants.map((p) => p.email), ...d.coordinatingAgency.map((c) => c.email)]),
      round.secretariat.coordinator.email,
      ...round.secretariat.staff.map((s) => s.email),
    ].sort();
    const last = inOrder(sent).filter((m) => m.decidedAt >= cancelledAt);
    const cancelled = last.find((m) => m.kind === 'round-cancelled');
    expect(cancelled?.recipients.slice().sort()).toEqual(everyone);
    expect(cancelled?.dispatch.reason).toBe('Security situation in the host city');
    const ahead = run.plan.events.filter((e) => e.end > cancelledAt).map((e) => e.id);
    expect(ahead).toContain('vc3');
    expect(last.filter((m) => m.kind === 'invitation-cancelled').map((m) => [m.about.split('#')[0], m.method]).sort()).toEqual(
      ahead.map((id) => [id, 'CANCEL']).sort(),
    );
    expect(last.every((m) => m.kind === 'round-cancelled' || m.kind === 'invitation-cancelled')).toBe(true);
    expect(last.every((m) => m.decidedAt.slice(0, 16) === cancelledAt.slice(0, 16))).toBe(true);
    // The notice and the cancellations, some eighty letters posted at once, go out in as few batches as the round's limit allows.
    const batches = activities.filter((activity) => activity.type === 'deliverLetters').map((activity) => activity.input as LetterBatch);
    const closing = batches.filter((batch) => batch.messages.some((message) => message.kind === 'round-cancelled' || message.kind === 'invitation-cancelled'));
    const closingLetters = last.reduce((sum, m) => sum + m.recipients.length, 0);
    expect(closingLetters).toBeGreaterThan(50);
    expect(closing.length).toBe(Math.ceil(closingLetters / ROUND_BATCH_LIMIT));
    expect(closing.every((batch) => batch.letters.length <= ROUND_BATCH_LIMIT)).toBe(true);
    expect(closing.reduce((sum, batch) => sum + batch.letters.length, 0)).toBe(closingLetters);
  });
});
