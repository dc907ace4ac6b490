/**
 * Restarts on the real cluster, with real processes, counted per reader by Message-ID at a loopback SMTP
 * server against what the rounds themselves say they posted (test/harness/round-letters.ts: the `letters`
 * query of each round and chasing child, never the visibility store):
 *   - 50 rounds launched on two workers with their own data folders; one SIGKILLed while the launch
 *     letters go out, started again a minute later;
 *   - the whole cluster (PostgreSQL and the five Temporal services) stopped and started while rounds wait
 *     on their timers: they answer queries, accept a deadline extension whose letters go out once, and a
 *     round launched afterwards sends all its letters.
 * Target: nothing lost. A letter twice only in the window where the SMTP server had accepted it and
 * Temporal had not recorded it (in its batch's last heartbeat, or its single activity's completion): the
 * worker died in between, and the letter went again once the batch's heartbeat timeout (1 minute) or
 * the single activity's start-to-close timeout (2 minutes) ran out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { startLoopbackSmtp, type LoopbackSmtp } from '../harness/loopback-smtp';
import { startWorkerProcess, type WorkerProcess } from '../harness/worker-process';
import { CLUSTER_SETUP_TIMEOUT_MS, openTestCluster, type TestCluster } from '../harness/cluster';
import { describeCount, settledRoundLetters, type LoggedLetter } from '../harness/round-letters';
import { copyExampleRound } from '../cli/round-copy';
import { projectRoot } from '../cli/run-jsrx';
import { readRoundFile } from '../../client/round-file-io';
import { applyRoundAction, queryProgress, roundHandle, startRound } from '../../client/round-service';
import { validateRound } from '../../domain/validate';
import type { Round } from '../../domain/round-file';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(0)} s`;

describe('restarts on a real cluster', () => {
  let cluster: TestCluster;
  let smtp: LoopbackSmtp;
  let client: Client;
  let scratch: string;
  const workers = new Map<string, WorkerProcess>();
  const rounds = new Map<string, Round>();

  /** `folder`: its data folder, as on its own machine; a worker started again on the same machine gets its folder back. */
  function startWorker(name: string, taskQueue: string, folder = name): WorkerProcess {
    const worker = startWorkerProcess(['-r', '@swc-node/register', path.join(projectRoot, 'worker', 'main.ts')], {
      cwd: projectRoot,
      env: {
        TEMPORAL_ADDRESS: cluster.address,
        TEMPORAL_TASK_QUEUE: taskQueue,
        SMTP_URL: smtp.url,
        JSRX_DATA_DIR: path.join(scratch, folder),
        JSRX_SHUTDOWN_GRACE: '5s',
      },
    });
    workers.set(name, worker);
    return worker;
  }

  async function launch(count: number, taskQueue: string): Promise<string[]> {
    const roundIds: string[] = [];
    for (let index = 0; index < count; index++) {
      const example = index % 2 ? 'fr-2027-r1.yaml' : 'en-2027-r1.yaml';
      const { file, roundId } = copyExampleRound(example, scratch, 'restarts');
      const input = await readRoundFile(file);
      const validated = validateRound(input);
      if (!validated.ok) throw new Error(`the example round must be valid: ${JSON.stringify(validated)}`);
      await startRound(client, validated.round, input, taskQueue);
      rounds.set(roundId, validated.round);
      roundIds.push(roundId);
    }
    return roundIds;
  }

  /** The plan's side of the count: every person the round file names is a reader of the launch letters, and rounds of one file post the same letters. */
  function expectLettersTheRoundFilesCallFor(roundIds: string[], logged: LoggedLetter[]): void {
    const signatures = new Map<string, string>();
    for (const roundId of roundIds) {
      const round = rounds.get(roundId)!;
      const mine = logged.filter((letter) => letter.roundId === roundId);
      const readers = new Set(mine.map((letter) => letter.to.toLowerCase()));
      const named = round.delegations.flatMap((delegation) => [
        ...delegation.participants.map((person) => person.email),
        ...delegation.coordinatingAgency.map((person) => person.email),
      ]);
      expect(named.filter((email) => !readers.has(email.toLowerCase()))).toEqual([]);
      const signature = mine
        .map((letter) => `${letter.kind} ${letter.about.replaceAll(roundId, '…')} ${letter.to}`)
        .sort()
        .join('\n');
      const sameFile = `${round.community}`;
      if (!signatures.has(sameFile)) signatures.set(sameFile, signature);
      expect(signature).toBe(signatures.get(sameFile));
    }
  }

  beforeAll(async () => {
    // One at a time: if the cluster fails to start, the SMTP server is already there for afterAll to close.
    smtp = await startLoopbackSmtp();
    cluster = await openTestCluster();
    client = new Client({
      connection: await Connection.connect({ address: cluster.address }),
      namespace: cluster.namespace,
    });
    scratch = mkdtempSync(path.join(tmpdir(), 'jsrx-restarts-'));
  }, CLUSTER_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all([...workers.values()].map((worker) => worker.kill()));
    await client?.connection.close();
    await Promise.all([cluster?.stop(), smtp?.close()]);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('50 rounds on two workers: one SIGKILLed while the launch letters go out and back a minute later; no reader misses a letter', async () => {
    const taskQueue = `restarts-${randomUUID()}`;
    const [victim, survivor] = [startWorker('worker-a', taskQueue), startWorker('worker-b', taskQueue)];
    await Promise.all([victim.waitForLog('worker started', 120_000), survivor.waitForLog('worker started', 120_000)]);
    const receivedBefore = smtp.received.length;
    const started = Date.now();
    const roundIds = await launch(50, taskQueue);

    // Some letters out, by the victim too, most still to go.
    await smtp.waitFor(() => true, receivedBefore + 300, 180_000);
    await victim.waitForLog('letter sent', 120_000);
    victim.child.kill('SIGKILL');
    await victim.exited;
    const killedAt = Date.now();
    const receivedBeforeKill = smtp.received.length;
    const sentByVictim = victim.logs.filter((line) => line.message === 'letter sent').length;
    await sleep(60_000);
    const restarted = startWorker('worker-a-again', taskQueue, 'worker-a');
    await restarted.waitForLog('worker started', 120_000);

    const { count, logged } = await settledRoundLetters(client, roundIds, () => smtp.received.slice(receivedBefore), {
      timeoutMs: 480_000,
    });
    const sentBy = (worker: WorkerProcess) => worker.logs.filter((line) => line.message === 'letter sent').length;
    process.stderr.write(
      `worker SIGKILLed mid-launch: ${describeCount(count)}; ${receivedBeforeKill - receivedBefore} received before the kill ` +
        `(${sentByVictim} by the killed worker), ${sentBy(survivor)} sent by the survivor, ${sentBy(restarted)} by the restarted worker; ` +
        `settled ${seconds(started)} after the launch, ${seconds(killedAt)} after the kill\n`,
    );

    expect(count.missing).toEqual([]);
    expect(count.unexpected).toEqual([]);
    expect(count.distinct).toBe(count.delivered);
    expect(count.delivered).toBe(logged.length);
    expectLettersTheRoundFilesCallFor(roundIds, logged);
    expect(sentByVictim).toBeGreaterThan(0);
    // A duplicate only in the window: its first copy accepted before the kill, the second after it.
    const beforeKill = smtp.received.slice(0, receivedBeforeKill);
    for (const copies of count.duplicates) {
      expect(copies).toHaveLength(2);
      expect(beforeKill).toContain(copies[0]);
      expect(beforeKill).not.toContain(copies[1]);
    }
  }, 900_000);

  it('the whole cluster stopped and started while rounds wait on their timers: they answer, accept an extension sent once, and a new round sends all its letters', async () => {
    const taskQueue = `restarts-${randomUUID()}`;
    const worker = startWorker('worker-c', taskQueue);
    await worker.waitForLog('worker started', 120_000);
    const receivedBefore = smtp.received.length;
    const ours = () => smtp.received.slice(receivedBefore);
    const waiting = await launch(4, taskQueue);
    const before = await settledRoundLetters(client, waiting, ours);
    const progressBefore = await Promise.all(waiting.map((roundId) => queryProgress(client, roundId)));

    const stoppedAt = Date.now();
    await cluster.stopAll();
    const stopSeconds = seconds(stoppedAt);
    // Down long enough for the worker's polls to fail and back off.
    await sleep(15_000);
    const startingAt = Date.now();
    await cluster.startAll();
    const startSeconds = seconds(startingAt);

    // Every waiting round answers again, in the phase it was in, with its plan unchanged.
    for (const [index, roundId] of waiting.entries()) {
      const progress = await queryProgress(client, roundId);
      expect(progress.phase).toBe(progressBefore[index]!.phase);
      expect(progress.nextEvents).toEqual(progressBefore[index]!.nextEvents);
    }
    const answeredAt = seconds(startingAt);

    // A deadline extended on each waiting round: told to its owners and the coordinator, once.
    for (const [index, roundId] of waiting.entries()) {
      const deliverable = progressBefore[index]!.deliverables.find((d) => d.status === 'pending')!;
      const outcome = await applyRoundAction(roundHandle(client, roundId), {
        action: 'extend',
        deliverable: [deliverable.owner, deliverable.key, deliverable.participant].filter(Boolean).join('/'),
        dueAt: new Date(Date.parse(deliverable.dueAt) + 24 * 3600_000).toISOString(),
        reason: 'the cluster was restarted',
      });
      expect(outcome).toMatchObject({ accepted: true });
    }
    const fresh = await launch(1, taskQueue);
    const after = await settledRoundLetters(client, [...waiting, ...fresh], ours);
    process.stderr.write(
      `whole cluster restarted: stopped in ${stopSeconds}, started in ${startSeconds}, waiting rounds answered ${answeredAt} after the start; ` +
        `before: ${describeCount(before.count)}; after an extension on each and one new round: ${describeCount(after.count)}\n`,
    );

    const extensionLetters = after.logged.filter(
      (letter) => waiting.includes(letter.roundId) && !before.logged.some((earlier) => earlier.key === letter.key),
    );
    expect(extensionLetters.length).toBeGreaterThanOrEqual(waiting.length);
    expect(after.count.missing).toEqual([]);
    expect(after.count.unexpected).toEqual([]);
    expect(after.count.duplicates).toEqual([]);
    expect(after.count.distinct).toBe(after.logged.length);
    // The new round posted what a round of its file posts.
    expectLettersTheRoundFilesCallFor([waiting[0]!, ...fresh], after.logged.filter((letter) => !extensionLetters.includes(letter)));
  }, 600_000);
});
