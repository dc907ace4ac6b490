import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { deliverablesWorkflowId, letters, progress, type RoundProgress } from '../../workflows/messages';
import { ROUND_BATCH_LIMIT } from '../../workflows/mailroom';
import {
  DAY_MS,
  about,
  brief,
  deliverableMessages,
  exampleRound,
  inOrder,
  openRoundEnv,
  runRound,
  sameMinute,
  scheduledActivities,
  submitOnTime,
  type RoundRun,
} from './round-fixture';

const shift = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY_MS).toISOString();

describe('a round where everyone delivers on time', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await openRoundEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('a round file that is not valid is refused at launch with InvalidRoundError, and nothing is sent', async () => {
    const round = await exampleRound('fr-2027-r1', await env.currentTimeMs());
    const broken = { ...round, delegations: round.delegations.map((d) => ({ ...d, host: false })) };
    const sent = await runRound(env, broken as typeof round, async (run) => {
      await expect(run.handle.result()).rejects.toMatchObject({
        cause: expect.objectContaining({ type: 'InvalidRoundError', message: expect.stringMatching(/host/) }),
      });
    });
    expect(sent).toEqual([]);
  });

  it('a francophone round of three runs from launch to completed: each task requested at its phase, reminded at −7 and −2 days, receipted, never chased', async () => {
    const round = await exampleRound('fr-2027-r1', await env.currentTimeMs());
    let run!: RoundRun;
    let outcome: Awaited<ReturnType<RoundRun['handle']['result']>> | undefined;
    let queried: RoundProgress | undefined;
    const sent = await runRound(env, round, async (r) => {
      run = r;
      await submitOnTime(r);
      outcome = await r.handle.result();
      queried = await r.handle.query(progress);
    });
    const { plan } = run;
    expect(outcome?.status).toBe('completed');
    expect(outcome?.deliverables.every((d) => d.status === 'submitted')).toBe(true);
    // The result carries the progress a query of the closed round answers (a replay of its whole history).
    expect(queried?.status).toBe('completed');
    expect(outcome?.progress).toEqual(queried);

    const launch = plan.launchedAt;
    const first = inOrder(sent).filter((m) => m.decidedAt === launch);
    expect(first.map((m) => m.kind)).toEqual(expect.arrayContaining(['welcome', 'invitation', 'deliverable-request']));
    expect(first.filter((m) => m.kind === 'invitation').map((m) => [m.about, m.method, m.sequence])).toEqual([
      ['vc1#0', 'REQUEST', 0],
      ['vc2#0', 'REQUEST', 0],
      ['vc3#0', 'REQUEST', 0],
    ]);

    const phaseStart = (phase: string) => plan.phases.find((p) => p.phase === phase)?.startsAt ?? '';
    for (const deliverable of plan.deliverables) {
      const requestAt = phaseStart(deliverable.phase);
      const request = deliverable.key === 'exchange-feedback' ? 'feedback-request' : 'deliverable-request';
      const expected: Array<[string, string, unknown]> = [[request, `${deliverable.id}#request`, requestAt]];
      for (const days of [7, 2]) {
        const at = shift(deliverable.dueAt, -days);
        if (at >= requestAt && at >= launch) expected.push(['deliverable-reminder', `${deliverable.id}#before-${days}`, at]);
      }
      // Updates land while the test server's clock runs at wall speed: the receipt is within the same minute.
      expected.push(['submission-receipt', deliverable.id, sameMinute(shift(deliverable.dueAt, -1))]);
      expect(brief(deliverableMessages(sent, deliverable.id))).toEqual(expected);
    }
    expect(sent.filter((m) => m.kind === 'overdue-notice' || m.kind === 'escalation')).toEqual([]);

    const td = round.delegations.find((d) => d.country === 'TD');
    const tdRequest = about(sent, 'TD/learning-objectives#request')[0];
    expect(tdRequest?.recipients.slice().sort()).toEqual(td?.participants.map((p) => p.email).sort());

    // The close-out feedback is asked once, of each participant, naming its own due date.
    const feedback = sent.filter((m) => m.kind === 'feedback-request');
    const participants = round.delegations.flatMap((d) => d.participants.map((p) => p.email)).sort();
    expect(feedback.flatMap((m) => m.recipients).sort()).toEqual(participants);
    for (const m of feedback) expect(m.dispatch.deliverable?.participant).toBe(m.recipients[0]);

    const last = inOrder(sent).at(-1);
    expect(last?.kind).toBe('round-completed');
    expect(last?.decidedAt).toBe(plan.completesAt);
    expect(last?.dispatch.progress?.length).toBe(plan.deliverables.length);

    // The weekly digest lands on Monday at 08:00 in N'Djamena (UTC+1 all year), week after week, each
    // listing what came in since the one before.
    const digests = inOrder(sent).filter((m) => m.kind === 'progress-digest');
    expect(digests.length).toBeGreaterThan(10);
    expect(digests.map((m) => m.decidedAt)).toEqual(plan.digestsAt);
    for (const m of digests) {
      expect(new Date(m.decidedAt).getUTCDay()).toBe(1);
      expect(m.decidedAt.slice(11, 16)).toBe('07:00');
      expect(m.recipients).toContain(round.secretariat.coordinator.email);
    }
    for (const [week, m] of digests.entries()) expect(m.about).toBe(`week-${week + 1}`);
    expect((digests[0]?.decidedAt ?? '').slice(0, 10) > launch.slice(0, 10)).toBe(true);

    const peers = sent.filter((m) => m.kind === 'peer-documents');
    expect(peers).toHaveLength(1);
    expect(peers[0]?.dispatch.documents?.map((d) => d.owner).sort()).toEqual(round.delegations.map((d) => d.country).sort());
  });

  it('the round chases the Secretariat itself: one child per delegation, its letters in the round’s own batches and log, told of settlements without a signal', async () => {
    const example = await exampleRound('en-2027-r1', await env.currentTimeMs());
    // Seven participants a delegation: the launch's welcome and invitations (four letters a reader) need two batches.
    const round = {
      ...example,
      delegations: example.delegations.map((d) => ({
        ...d,
        participants: [
          ...d.participants,
          ...Array.from({ length: 7 - d.participants.length }, (_, i) => ({ name: `Extra ${d.country} ${i + 1}`, email: `extra${i + 1}@example.${d.country.toLowerCase()}` })),
        ],
      })),
    };
    const coordinator = round.secretariat.coordinator.email;
    let children: string[] | undefined;
    let secretariatChild: unknown;
    let batches: Array<Array<{ kind: string; to: string }>> = [];
    let signalled: string[] = [];
    let patchMarkers = 0;
    let roundLog: Array<{ kind: string; to: string }> = [];
    const sent = await runRound(env, round, async (run) => {
      await submitOnTime(run);
      await run.handle.result();
      children = (await run.handle.query(progress)).chasingChildren;
      roundLog = await run.handle.query(letters);
      secretariatChild = await env.client.workflow
        .getHandle(deliverablesWorkflowId(round.id, 'secretariat'))
        .describe()
        .catch((error: Error) => error.name);
      const history = await run.handle.fetchHistory();
      batches = scheduledActivities(history)
        .filter((activity) => activity.type === 'deliverLetters')
        .map(({ input }) => {
          const batch = input as { messages: Array<{ kind: string }>; letters: Array<{ message: number; to: { email: string } }> };
          return batch.letters.map((letter) => ({ kind: batch.messages[letter.message]!.kind, to: letter.to.email }));
        });
      patchMarkers = (history.events ?? []).filter((event) => event.markerRecordedEventAttributes?.markerName === 'core_patch').length;
      signalled = (history.events ?? []).flatMap((event) => {
        const id = event.signalExternalWorkflowExecutionInitiatedEventAttributes?.workflowExecution?.workflowId;
        return id ? [id] : [];
      });
    });
    expect(children).toEqual(round.delegations.map((d) => d.country));
    expect(secretariatChild).toBe('WorkflowNotFoundError');
    // One patch asked, which implies letters in batches: one marker and one change-version upsert, not two.
    expect(patchMarkers).toBe(1);
    // The Secretariat's first requests travel with the welcome letters, in the round's first batch.
    // The launch's letters, posted in one go, fill as few batches as the round's limit allows.
    const [first, second] = batches;
    const welcomes = batches.flat().filter((letter) => letter.kind === 'welcome').length;
    expect(first).toHaveLength(ROUND_BATCH_LIMIT);
    expect([...first!, ...second!].every((letter) => letter.kind === 'welcome' || letter.kind === 'invitation')).toBe(true);
    // Each reader's welcome and three video-conference invitations.
    expect(first!.length + second!.length).toBe(4 * welcomes);
    // The round's own activities carry the Secretariat's requests and reminders.
    const toCoordinator = batches.flat().filter((letter) => letter.to === coordinator).map((letter) => letter.kind);
    expect(toCoordinator).toEqual(expect.arrayContaining(['deliverable-request', 'deliverable-reminder', 'event-reminder', 'welcome']));
    // Every settlement went to the owning delegation's child alone.
    expect(signalled.length).toBeGreaterThan(0);
    expect(signalled.filter((id) => id.endsWith('-secretariat'))).toEqual([]);
    // The Secretariat's own reminders went out, and the round's log has them.
    const secretariatReminders = sent.filter((m) => m.kind === 'deliverable-reminder' && m.recipients.includes(coordinator));
    expect(secretariatReminders.length).toBeGreaterThan(0);
    expect(roundLog).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'deliverable-reminder', to: coordinator })]));
  }, 300_000);
  it('the children send as the round does, told at their start: no patch marker or change-version upsert of their own', async () => {
    const round = await exampleRound('en-2027-r1', await env.currentTimeMs());
    const owners = round.delegations.map((d) => d.country);
    const children: Array<{ owner: string; events: string[]; activities: string[] }> = [];
    await runRound(env, round, async (run) => {
      // A week in: every child has sent its first letters.
      await run.sleepUntil(new Date(Date.parse(run.plan.launchedAt) + 7 * DAY_MS).toISOString());
      for (const owner of owners) {
        const history = await env.client.workflow.getHandle(deliverablesWorkflowId(round.id, owner)).fetchHistory();
        children.push({
          owner,
          events: (history.events ?? []).flatMap((event) => Object.keys(event).filter((key) => key.endsWith('EventAttributes'))),
          activities: scheduledActivities(history).map((activity) => activity.type),
        });
      }
      await run.handle.terminate('the children were seen');
    });
    expect(children.map((child) => child.owner)).toEqual(owners);
    for (const child of children) {
      expect(child.events).not.toContain('markerRecordedEventAttributes');
      expect(child.events).not.toContain('upsertWorkflowSearchAttributesEventAttributes');
      expect(child.activities).not.toContain('deliverLetter');
    }
    // Letters went, and in batches.
    expect(children.flatMap((child) => child.activities)).toContain('deliverLetters');
  });

});
