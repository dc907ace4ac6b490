/**
 * A new worker build deployed while rounds run, on a real cluster, as an operator rolls it out: build v1
 * (today's code, built as `npm run build` builds it) serves the task queue and launches rounds; build v2,
 * whose round workflow makes one more decision at launch under `patched()`, starts beside it; v1 gets a
 * SIGTERM and drains. v2 replays the running rounds' histories and carries them on.
 *
 * The change v2 carries: before publishing its first phase, a round notes in its memo which build
 * launched it (`upsertMemo`, one more command in the launch task). Rounds launched by v1 had passed that
 * point, so on replay `patched()` is false there and they keep the old decision (no memo, no marker);
 * rounds launched after the deploy record the patch marker and the memo. The same change without
 * `patched()` is shown to fail replay of the histories v1 recorded.
 *
 * The relay is slowed so that v1 is stopped mid-send: within JSRX_SHUTDOWN_GRACE it finishes the letters
 * under way, then stops its batches between two letters with their progress recorded, and v2 sends the
 * launch letters v1 had not started. Counted at a loopback SMTP
 * server by reader and Message-ID against the letter activities in the rounds' histories: every letter
 * arrives once. A graceful stop records the sends it lets finish, so not even the crash window's
 * duplicate (a worker killed after the relay accepted a letter, before Temporal recorded it) can occur.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { startLoopbackSmtp, type LoopbackSmtp, type Received } from '../harness/loopback-smtp';
import { startWorkerProcess, type WorkerProcess } from '../harness/worker-process';
import { CLUSTER_SETUP_TIMEOUT_MS, openTestCluster, type TestCluster } from '../harness/cluster';
import {
  buildRelease,
  editedWorkflowSources,
  rebuildWithWorkflows,
  type WorkerBuild,
  type WorkflowEdit,
} from '../harness/worker-builds';
import { copyExampleRound } from '../cli/round-copy';
import { readRoundFile } from '../../client/round-file-io';
import { applyRoundAction, queryProgress, roundHandle, startRound } from '../../client/round-service';
import { quietBundlerLogger } from '../../client/simulation/workflow-bundle-cache';
import { validateRound } from '../../domain/validate';
import type { LetterBatch, LetterOutcome } from '../../workflows/dispatch';

const CHANGE_ID = 'launch-notes-its-build';
const ROUNDS_BEFORE = 6;
const ROUNDS_AFTER = 2;
// A relay taking 200 ms per message (5 pooled connections: about 25 letters a second per worker), so v1
// still has launch letters to send, some of them under way, when it is told to stop.
const SMTP_ACCEPT_DELAY_MS = 200;
const SHUTDOWN_GRACE = '3s';

/**
 * v2's change, applied to a copy of workflows/round.workflow.ts; `guarded: false` is the same change without
 * `patched()` (imported under a name of its own: the round may import it already).
 */
function launchNotesItsBuild(guarded: boolean): WorkflowEdit[] {
  const decision = `upsertMemo({ launchedBy: 'v2' });`;
  return [
    {
      file: 'round.workflow.ts',
      anchor: `import { recipientsFor, roundContext } from './audience';`,
      replacement: `import { patched as patchedInV2, upsertMemo } from '@temporalio/workflow';\nimport { recipientsFor, roundContext } from './audience';`,
    },
    {
      file: 'round.workflow.ts',
      anchor: `  publishPhase(state);\n  life.postEach(`,
      replacement: `  ${guarded ? `if (patchedInV2('${CHANGE_ID}')) ${decision}` : decision}\n  publishPhase(state);\n  life.postEach(`,
    },
  ];
}

/** Each example's second video conference, moved a week later (still before the visit). */
const VC2_MOVED: Record<string, string> = {
  'en-2027-r1.yaml': '2027-03-30T11:00:00Z',
  'fr-2027-r1.yaml': '2027-03-24T13:00:00Z',
};

type History = Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>;
type HistoryEvent = NonNullable<History['events']>[number];

/** The ids of the `patched()` markers a history recorded (core writes each as a JSON payload naming the patch). */
function patchesIn(history: History): string[] {
  return (history.events ?? [])
    .filter((event) => event.markerRecordedEventAttributes?.markerName === 'core_patch')
    .map((event) => {
      const payloads = Object.values(event.markerRecordedEventAttributes?.details ?? {}).flatMap((details) => details.payloads ?? []);
      const texts = payloads.map((payload) => Buffer.from(payload.data ?? new Uint8Array()).toString('utf8'));
      for (const text of texts) {
        const fields = JSON.parse(text) as { patch_id?: string; patchId?: string; id?: string };
        const id = fields.patch_id ?? fields.patchId ?? fields.id;
        if (id) return id;
      }
      return `a patch marker naming no patch: ${texts.join(' ')}`;
    });
}

const failedTasks = (history: History): HistoryEvent[] =>
  (history.events ?? []).filter((event) => event.workflowTaskFailedEventAttributes);

interface RoundWorkflow {
  workflowId: string;
  history: History;
}

/**
 * Every workflow the rounds run, with its history: each round, and the chasing children its history
 * shows started. Found from the rounds themselves, not from a list query on the visibility store. A child
 * only initiated has no history yet: on a cluster its start reaches another history shard a moment later.
 */
async function roundWorkflows(client: Client, roundIds: string[]): Promise<RoundWorkflow[]> {
  const found: RoundWorkflow[] = [];
  for (const roundId of roundIds) {
    const round = roundHandle(client, roundId);
    const history = await round.fetchHistory();
    found.push({ workflowId: round.workflowId, history });
    const children = new Set(
      (history.events ?? []).flatMap(
        (event) => event.childWorkflowExecutionStartedEventAttributes?.workflowExecution?.workflowId ?? [],
      ),
    );
    for (const workflowId of children) found.push({ workflowId, history: await client.workflow.getHandle(workflowId).fetchHistory() });
  }
  return found;
}

/**
 * The letters these workflows' activities carried, and how many of them were delivered: a batch's
 * letters once it completed (a deferred one is counted in the single-letter activity that retries it),
 * all of a batch's letters while it runs, and each single-letter activity.
 */
function letterActivities(workflows: RoundWorkflow[]): { scheduled: number; completed: number } {
  const counts = { scheduled: 0, completed: 0 };
  const decode = (payload: { data?: Uint8Array | null } | undefined) => JSON.parse(Buffer.from(payload?.data ?? []).toString('utf8')) as unknown;
  for (const { history } of workflows) {
    const running = new Map<string, number>();
    for (const event of history.events ?? []) {
      const scheduled = event.activityTaskScheduledEventAttributes;
      if (scheduled?.activityType?.name === 'deliverLetter') running.set(String(event.eventId), 1);
      if (scheduled?.activityType?.name === 'deliverLetters')
        running.set(String(event.eventId), (decode(scheduled.input?.payloads?.[0]) as LetterBatch).letters.length);
      const completed = event.activityTaskCompletedEventAttributes;
      const letters = completed ? running.get(String(completed.scheduledEventId)) : undefined;
      if (!completed || letters === undefined) continue;
      running.delete(String(completed.scheduledEventId));
      const outcomes = decode(completed.result?.payloads?.[0]);
      const delivered = Array.isArray(outcomes) ? (outcomes as LetterOutcome[]).filter((outcome) => outcome.status === 'delivered').length : 1;
      const settled = Array.isArray(outcomes) ? (outcomes as LetterOutcome[]).filter((outcome) => outcome.status !== 'deferred').length : 1;
      counts.scheduled += settled;
      counts.completed += delivered;
    }
    for (const letters of running.values()) counts.scheduled += letters;
  }
  return counts;
}

/** One reader and one Message-ID: the identity of a letter a mail client sees. */
const letterKey = (message: Received) => `${message.envelopeTo.join(',')} ${message.mail.messageId}`;

function copiesOf(received: Received[]): { distinct: number; duplicates: Received[][] } {
  const copies = new Map<string, Received[]>();
  for (const message of received) copies.set(letterKey(message), [...(copies.get(letterKey(message)) ?? []), message]);
  return { distinct: copies.size, duplicates: [...copies.values()].filter((list) => list.length > 1) };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

describe('a new worker build deployed while rounds run', () => {
  let cluster: TestCluster;
  let smtp: LoopbackSmtp;
  let client: Client;
  let scratch: string;
  let v1: WorkerBuild;
  let v2: WorkerBuild;
  const workers: WorkerProcess[] = [];
  const taskQueue = `deploy-${randomUUID()}`;
  // Filled by the deploy test, replayed by the next one.
  const launchedBefore: string[] = [];
  const launchedAfter: string[] = [];
  const examples = new Map<string, string>();

  async function launch(count: number, roundIds: string[]): Promise<void> {
    for (let index = 0; index < count; index++) {
      const example = index % 2 ? 'fr-2027-r1.yaml' : 'en-2027-r1.yaml';
      const { file, roundId } = copyExampleRound(example, scratch, 'deploy');
      const input = await readRoundFile(file);
      const validated = validateRound(input);
      if (!validated.ok) throw new Error(`the example round must be valid: ${JSON.stringify(validated)}`);
      await startRound(client, validated.round, input, taskQueue);
      roundIds.push(roundId);
      examples.set(roundId, example);
    }
  }

  function startWorker(build: WorkerBuild, name: string): WorkerProcess {
    const worker = startWorkerProcess(build.workerArgs, {
      cwd: build.root,
      env: {
        TEMPORAL_ADDRESS: cluster.address,
        TEMPORAL_NAMESPACE: cluster.namespace,
        TEMPORAL_TASK_QUEUE: taskQueue,
        SMTP_URL: smtp.url,
        JSRX_DATA_DIR: path.join(scratch, name),
        JSRX_LOG_FORMAT: 'json',
        // Shorter than the launch batches take at the relay's pace, so v1 stops mid-batch: the letters
        // it had sent are recorded, and v2 sends the rest.
        JSRX_SHUTDOWN_GRACE: SHUTDOWN_GRACE,
      },
    });
    workers.push(worker);
    return worker;
  }

  const historyOf = (roundId: string) => roundHandle(client, roundId).fetchHistory();

  /**
   * Resolves once every letter activity of the rounds completed and the SMTP server holds that many
   * distinct letters; `moreThan`: a count from before, so letters an update has yet to schedule are waited for.
   */
  async function settledLetters(roundIds: string[], moreThan = 0, timeoutMs = 300_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const workflows = await roundWorkflows(client, roundIds);
      // A build that cannot replay a round fails its tasks over and over: say so now, not at the timeout.
      const failing = workflows.filter(({ history }) => failedTasks(history).length > 0);
      if (failing.length > 0) {
        const [{ history }] = failing as [RoundWorkflow];
        throw new Error(
          `workflow tasks failed in ${failing.map(({ workflowId }) => workflowId).join(', ')}: ` +
            String(failedTasks(history)[0]?.workflowTaskFailedEventAttributes?.failure?.message),
        );
      }
      const letters = letterActivities(workflows);
      if (letters.scheduled > moreThan && letters.completed === letters.scheduled && copiesOf(smtp.received).distinct >= letters.scheduled)
        return letters;
      if (Date.now() > deadline)
        throw new Error(`letters not settled in ${timeoutMs / 1000} s: ${JSON.stringify(letters)} letter activities, ${smtp.received.length} received`);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'jsrx-deploy-'));
    let started = Date.now();
    v1 = await buildRelease(path.join(scratch, 'v1'));
    const builtV1 = Date.now() - started;
    started = Date.now();
    v2 = await rebuildWithWorkflows(
      v1,
      path.join(scratch, 'v2'),
      editedWorkflowSources(path.join(scratch, 'v2-sources'), launchNotesItsBuild(true)),
    );
    // v2 differs from v1 by its workflow code, and carries the change (booleans: a failure must not print a bundle).
    expect(readFileSync(v2.bundlePath, 'utf8').includes('launchedBy')).toBe(true);
    expect(readFileSync(v1.bundlePath, 'utf8').includes('launchedBy')).toBe(false);
    process.stderr.write(`rolling deploy: built v1 (tsc and bundle) in ${seconds(builtV1)}, v2's bundle in ${seconds(Date.now() - started)}\n`);
    smtp = await startLoopbackSmtp({ acceptDelayMs: SMTP_ACCEPT_DELAY_MS });
    cluster = await openTestCluster();
    client = new Client({
      connection: await Connection.connect({ address: cluster.address }),
      namespace: cluster.namespace,
    });
  }, CLUSTER_SETUP_TIMEOUT_MS + 600_000);

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill()));
    await client?.connection.close();
    await Promise.all([cluster?.stop(), smtp?.close()]);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('v2 starts beside v1, v1 drains on SIGTERM; v2 replays the running rounds, keeps their old decisions, and every letter arrives once', async () => {
    const testStarted = Date.now();
    const first = startWorker(v1, 'worker-v1');
    expect((await first.waitForLog('worker started', 120_000))['workflows']).toBe(`bundle ${v1.bundlePath}`);

    await launch(ROUNDS_BEFORE, launchedBefore);
    // Every round has passed its launch decision (its first phase published), and letters are going out.
    const deadline = Date.now() + 180_000;
    for (const roundId of launchedBefore) {
      while (!(await historyOf(roundId)).events?.some((event) => event.upsertWorkflowSearchAttributesEventAttributes)) {
        if (Date.now() > deadline) throw new Error(`${roundId} did not publish its first phase within 180 s`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    await smtp.waitFor(() => true, 20, 120_000);

    // The deploy: v2 beside v1, then v1 stopped the way an orchestrator stops it.
    const atDeploy = letterActivities(await roundWorkflows(client, launchedBefore));
    const receivedAtDeploy = smtp.received.length;
    const second = startWorker(v2, 'worker-v2');
    expect((await second.waitForLog('worker started', 120_000))['workflows']).toBe(`bundle ${v2.bundlePath}`);
    const stopping = Date.now();
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const stoppedIn = Date.now() - stopping;
    expect(first.logs.some((line) => line.message === 'worker stopped')).toBe(true);

    await launch(ROUNDS_AFTER, launchedAfter);
    const everyRound = [...launchedBefore, ...launchedAfter];
    const launchLetters = await settledLetters(everyRound);
    const launchSettledAt = Date.now();

    // The rounds launched by v1 answer v2: a query, and an update whose re-sent invitations go out.
    // (With a deadline each: a round its worker cannot replay would leave them waiting.)
    const within = <T>(fn: () => Promise<T>) => client.withDeadline(Date.now() + 60_000, fn);
    for (const roundId of everyRound) {
      expect((await within(() => queryProgress(client, roundId))).phase).toBe('prep-1');
    }
    const receivedBeforeUpdates = smtp.received.length;
    for (const roundId of launchedBefore) {
      const moved = await within(() =>
        applyRoundAction(roundHandle(client, roundId), {
          action: 'reschedule',
          event: 'vc2',
          start: VC2_MOVED[examples.get(roundId)!]!,
          reason: 'the host’s budget session',
        }),
      );
      expect(moved).toMatchObject({ accepted: true });
    }
    const letters = await settledLetters(everyRound, launchLetters.scheduled);
    const { distinct, duplicates } = copiesOf(smtp.received);
    const sent = (worker: WorkerProcess, from = 0, to = Infinity, roundIds = everyRound) =>
      worker.logs.filter((line) => {
        if (line.message !== 'letter sent') return false;
        const at = Date.parse(String(line.time));
        const workflowId = String(line['workflowId']);
        return at >= from && at < to && roundIds.some((roundId) => workflowId.startsWith(roundHandle(client, roundId).workflowId));
      }).length;
    // Launch letters of v1's rounds that v2 sent: activities v1 had not started when it stopped.
    const takenOver = sent(second, 0, launchSettledAt, launchedBefore);
    const drained = sent(first, stopping);
    process.stderr.write(
      `rolling deploy: ${ROUNDS_BEFORE} rounds launched on v1, ${ROUNDS_AFTER} on v2; at the deploy ${atDeploy.completed} of ` +
        `${atDeploy.scheduled} launch letters out (${receivedAtDeploy} received); SIGTERM: v1 finished ${drained} sends under way ` +
        `and exited in ${seconds(stoppedIn)}; v2 sent ${takenOver} of v1's rounds' launch letters; ` +
        `${letters.completed} letters recorded, ${smtp.received.length} received, ${distinct} distinct, ${duplicates.length} twice ` +
        `(${smtp.received.length - receivedBeforeUpdates} after the updates); sent by v1 ${sent(first)}, by v2 ${sent(second)}; ` +
        `${seconds(Date.now() - testStarted)} in all\n`,
    );

    // Nothing lost, nothing twice: a graceful stop records the sends it lets finish.
    expect(distinct).toBe(letters.completed);
    expect(smtp.received.length).toBe(letters.completed);
    expect(duplicates).toEqual([]);
    expect(smtp.received.every((message) => message.envelopeTo.length === 1)).toBe(true);
    expect(smtp.received.length).toBeGreaterThan(receivedBeforeUpdates);
    // The deploy happened mid-send: v1 finished sends after its SIGTERM, and v2 took over the rest.
    expect(drained).toBeGreaterThan(0);
    expect(takenOver).toBeGreaterThan(0);

    // No workflow task failed in any of the rounds' workflows: the rounds, and their delegations' workflows.
    const workflows = await roundWorkflows(client, everyRound);
    expect(workflows.length).toBeGreaterThanOrEqual(everyRound.length * 2);
    expect(workflows.filter(({ history }) => failedTasks(history).length > 0).map(({ workflowId }) => workflowId)).toEqual([]);

    // v1's rounds: taken over by v2 (its identity on their later tasks), the old decision kept.
    const v2Identity = `${second.child.pid}@`;
    for (const roundId of launchedBefore) {
      const history = await historyOf(roundId);
      expect(history.events?.some((event) => event.workflowTaskStartedEventAttributes?.identity?.startsWith(v2Identity))).toBe(true);
      expect(patchesIn(history).filter((patch) => patch === CHANGE_ID)).toEqual([]);
      expect((await roundHandle(client, roundId).describe()).memo?.['launchedBy']).toBeUndefined();
    }
    // Rounds launched after the deploy took the patched branch: the marker, and the memo it writes.
    for (const roundId of launchedAfter) {
      expect(patchesIn(await historyOf(roundId)).filter((patch) => patch === CHANGE_ID)).toEqual([CHANGE_ID]);
      expect((await roundHandle(client, roundId).describe()).memo?.['launchedBy']).toBe('v2');
    }
  }, 600_000);

  it('the histories v1 recorded replay with v2, and fail to replay with the same change made without patched()', async () => {
    expect(launchedBefore.length).toBe(ROUNDS_BEFORE);
    const recorded = await Promise.all(
      [...launchedBefore, ...launchedAfter].map(async (roundId) => ({ workflowId: roundId, history: await historyOf(roundId) })),
    );
    const replay = async (workflowBundle: { code: string }, histories: typeof recorded) => {
      const failures: Record<string, string> = {};
      let replayed = 0;
      for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) {
        replayed++;
        if (result.error) failures[result.workflowId] = String(result.error);
      }
      return { failures, replayed };
    };

    const withV2 = await replay({ code: readFileSync(v2.bundlePath, 'utf8') }, recorded);
    expect(withV2).toEqual({ failures: {}, replayed: ROUNDS_BEFORE + ROUNDS_AFTER });

    const unguarded = await bundleWorkflowCode({
      workflowsPath: editedWorkflowSources(path.join(scratch, 'unguarded-sources'), launchNotesItsBuild(false)),
      logger: quietBundlerLogger,
    });
    const { failures, replayed } = await replay(unguarded, recorded.slice(0, ROUNDS_BEFORE));
    expect(replayed).toBe(ROUNDS_BEFORE);
    expect(Object.keys(failures).sort()).toEqual([...launchedBefore].sort());
    for (const error of Object.values(failures)) expect(error).toMatch(/[Nn]ondetermin/);

    // And the other way: v1 cannot replay a round v2 launched (why the overlap of a rolling deploy is kept short).
    const backwards = await replay({ code: readFileSync(v1.bundlePath, 'utf8') }, recorded.slice(ROUNDS_BEFORE));
    expect(Object.keys(backwards.failures).sort()).toEqual([...launchedAfter].sort());
  }, 180_000);
});
