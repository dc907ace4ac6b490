import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowFailedError } from '@temporalio/client';
import { DateTime } from 'luxon';
import { deliverablesWorkflowId, letters, progress, type LetterLogEntry } from '../../workflows/messages';
import { REMINDER_KINDS, type Letter, type LetterBatch } from '../../workflows/dispatch';
import { DAY_MS, closedResult, exampleRound, inOrder, openRoundEnv, recordingActivities, runRound, scheduledActivities, submitOnTime, type Sent } from './round-fixture';

const shift = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY_MS).toISOString();

describe('a round keeps its promises to every reader', () => {
  let env: TestWorkflowEnvironment;
  beforeEach(async () => {
    env = await openRoundEnv();
  });
  afterEach(async () => {
    await env?.teardown();
  });

  it('a mailbox that says "try later" delays only its own reader: the round moves on, and after the retry window only that reader is marked failed', async () => {
    const round = await exampleRound('fr-2027-r1', await env.currentTimeMs());
    const slow = round.delegations[1]?.participants[0]?.email ?? '';
    const sent: Sent[] = [];
    const recorder = recordingActivities(sent);
    const attempts: Record<string, number> = {};
    const greylisting = {
      async deliverLetter(letter: Letter) {
        if (letter.to.email === slow) {
          attempts[letter.message.kind] = (attempts[letter.message.kind] ?? 0) + 1;
          throw ApplicationFailure.retryable('451 4.7.1 greylisted, try again later', 'SmtpTransientError');
        }
        return recorder.deliverLetter(letter);
      },
    };
    let whileRetrying: Awaited<ReturnType<typeof queryProgress>> | undefined;
    let logWhileRetrying: LetterLogEntry[] = [];
    let logAfterWindow: LetterLogEntry[] = [];
    let childLog: LetterLogEntry[] = [];
    let afterWindow: Awaited<ReturnType<typeof queryProgress>> | undefined;
    let activities: ReturnType<typeof scheduledActivities> = [];
    const queryProgress = (run: Parameters<Parameters<typeof runRound>[2]>[0]) => run.handle.query(progress);
    await runRound(
      env,
      round,
      async (r) => {
        await r.sleepUntil(shift(r.plan.launchedAt, 0.5));
        whileRetrying = await queryProgress(r);
        logWhileRetrying = await r.handle.query(letters);
        await r.sleepUntil(shift(r.plan.launchedAt, 2));
        afterWindow = await queryProgress(r);
        logAfterWindow = await r.handle.query(letters);
        const child = r.env.client.workflow.getHandle(deliverablesWorkflowId(round.id, round.delegations[1]!.country));
        childLog = await child.query(letters);
        activities = scheduledActivities(await r.handle.fetchHistory());
        await r.handle.terminate('the story is told');
      },
      greylisting,
    );
    const launch = inOrder(sent).filter((m) => m.decidedAt === sent[0]?.decidedAt);
    // Everyone else had the welcome, the three invitations and the first requests at launch.
    expect(launch.map((m) => m.kind)).toEqual(expect.arrayContaining(['welcome', 'invitation', 'deliverable-request']));
    expect(sent.find((m) => m.kind === 'welcome')?.recipients).not.toContain(slow);
    expect(sent.find((m) => m.kind === 'welcome')?.recipients.length).toBeGreaterThan(10);
    expect(attempts.welcome).toBeGreaterThan(3);
    expect(whileRetrying?.letters.inFlight).toBeGreaterThan(0);
    expect(whileRetrying?.deliveryFailures).toEqual([]);
    const failed = afterWindow?.deliveryFailures ?? [];
    expect(new Set(failed.map((f) => f.email))).toEqual(new Set([slow]));
    expect(failed.find((f) => f.kind === 'welcome')?.reason).toMatch(/36 hours retry window.*greylisted/);
    // The letter log says the same reader by reader: the round's own letters, and the child's requests.
    const welcomeOf = (log: LetterLogEntry[], email: string) => log.find((entry) => entry.kind === 'welcome' && entry.to === email);
    expect(welcomeOf(logWhileRetrying, slow)?.outcome).toBe('sending');
    expect(welcomeOf(logAfterWindow, slow)).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/greylisted/) });
    const others = logAfterWindow.filter((entry) => entry.kind === 'welcome' && entry.to !== slow);
    expect(others.length).toBeGreaterThan(10);
    expect(others.every((entry) => entry.outcome === 'delivered')).toBe(true);
    expect(childLog.find((entry) => entry.kind === 'deliverable-request' && entry.to === slow)?.outcome).toBe('failed');
    expect(childLog.some((entry) => entry.kind === 'deliverable-request' && entry.to !== slow && entry.outcome === 'delivered')).toBe(true);
    // The launch's letters travelled as one batch; only the slow reader's were then tried one by one.
    const batches = activities.filter((activity) => activity.type === 'deliverLetters').map((activity) => activity.input as LetterBatch);
    expect(batches[0]?.letters.length).toBeGreaterThan(10);
    expect(batches[0]?.letters.map((letter) => letter.to.email)).toContain(slow);
    // (A letter that has no companion at its instant, such as the coordinator's first Monday digest, goes alone too.)
    const launchedAt = sent[0]?.decidedAt;
    const alone = activities
      .filter((activity) => activity.type === 'deliverLetter')
      .map((activity) => activity.input as Letter)
      .filter((letter) => letter.message.decidedAt === launchedAt)
      .map((letter) => letter.to.email);
    expect(alone.length).toBeGreaterThan(0);
    expect(new Set(alone)).toEqual(new Set([slow]));
  });

  it('a round cancelled from Temporal itself (Web UI, temporal workflow cancel) stops chasing, then tells everyone and cancels every invitation', async () => {
    const round = await exampleRound('en-2027-r1', await env.currentTimeMs());
    let cancelledAt = '';
    let runPlan!: Parameters<Parameters<typeof runRound>[2]>[0]['plan'];
    const sent = await runRound(env, round, async (r) => {
      runPlan = r.plan;
      const vc1End = r.plan.events.find((e) => e.id === 'vc1')?.end ?? '';
      await r.sleepUntil(shift(vc1End, 2));
      cancelledAt = new Date(await env.currentTimeMs()).toISOString();
      await r.handle.cancel();
      const failure = await closedResult(r.handle).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      expect((failure as WorkflowFailedError).cause?.name).toBe('CancelledFailure');
      await r.sleepUntil(shift(cancelledAt, 30));
    });
    const after = inOrder(sent).filter((m) => m.decidedAt >= cancelledAt);
    const everyone = [
      ...round.delegations.flatMap((d) => [...d.participants.map((p) => p.email), ...d.coordinatingAgency.map((c) => c.email)]),
      round.secretariat.coordinator.email,
      ...round.secretariat.staff.map((s) => s.email),
    ].sort();
    expect(after.find((m) => m.kind === 'round-cancelled')?.recipients.slice().sort()).toEqual(everyone);
    // The VCs still ahead were in everyone's calendar: each gets a CANCEL with the same UID and a higher SEQUENCE.
    const cancels = after.filter((m) => m.kind === 'invitation-cancelled');
    expect(cancels.map((m) => [m.about, m.method])).toEqual([
      ['vc2#1', 'CANCEL'],
      ['vc3#1', 'CANCEL'],
    ]);
    const requestUid = sent.find((m) => m.about === 'vc2#0')?.uid;
    expect(cancels[0]?.uid).toBe(requestUid);
    expect(after.every((m) => m.kind === 'round-cancelled' || m.kind === 'invitation-cancelled')).toBe(true);
    expect((runPlan.events.find((e) => e.id === 'vc2')?.start ?? '') > cancelledAt).toBe(true);
  });

  it('a silent round writes each reader at most one reminder-type email a local day, folding the day’s items into one digest', async () => {
    const round = await exampleRound('en-2027-r1', await env.currentTimeMs());
    const letters: Letter[] = [];
    const sent: Sent[] = [];
    const recorder = recordingActivities(sent);
    await runRound(
      env,
      round,
      async (r) => {
        await r.sleepUntil(shift(r.plan.completesAt, 1));
        expect((await r.handle.result()).status).toBe('completed');
      },
      {
        async deliverLetter(letter: Letter) {
          letters.push(letter);
          return recorder.deliverLetter(letter);
        },
      },
    );
    const reminderType = [...REMINDER_KINDS, 'reminder-digest'] as string[];
    const perReaderDay = new Map<string, string[]>();
    for (const { message, to } of letters) {
      if (!reminderType.includes(message.kind)) continue;
      const day = DateTime.fromISO(message.decidedAt, { zone: to.timezone }).toISODate();
      const key = `${to.email} ${day}`;
      perReaderDay.set(key, [...(perReaderDay.get(key) ?? []), message.about]);
    }
    const crowded = [...perReaderDay].filter(([, abouts]) => abouts.length > 1);
    expect(crowded).toEqual([]);
    const digests = letters.filter((letter) => letter.message.kind === 'reminder-digest');
    expect(digests.length).toBeGreaterThan(0);
    for (const { message } of digests) expect(message.kind === 'reminder-digest' && message.items.length).toBeGreaterThan(1);
    // The coordinator hears of each silent delegation's item once, by escalation, and no overdue notice follows it.
    const overdueAfterEscalation = letters.filter(
      ({ message }) =>
        message.kind === 'overdue-notice' &&
        letters.some((other) => other.message.kind === 'escalation' && other.message.deliverable.id === message.deliverable.id && other.message.decidedAt <= message.decidedAt),
    );
    expect(overdueAfterEscalation).toEqual([]);
  });

  it('a round that completes lets the children finish and says so once to everyone', async () => {
    const round = await exampleRound('fr-2027-r1', await env.currentTimeMs());
    const sent = await runRound(env, round, async (r) => {
      await submitOnTime(r);
      expect((await r.handle.result()).status).toBe('completed');
    });
    const completed = sent.filter((m) => m.kind === 'round-completed');
    expect(completed).toHaveLength(1);
    expect(new Set(completed[0]?.recipients).size).toBe(completed[0]?.recipients.length);
  });
});
