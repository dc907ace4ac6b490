/**
 * Workers are stateless: two worker processes with their own data folders (as on two machines) serve
 * one task queue on a real cluster (PostgreSQL, two history hosts), and one is SIGKILLed while the
 * launch letters go out. Counted at a loopback SMTP server by Message-ID against the rounds' own letter
 * logs (test/harness/round-letters.ts): every letter the rounds say they delivered arrived, each reader
 * got each letter once. The one window where a duplicate is possible
 * by design — the SMTP server accepted the letter and the worker died before Temporal recorded it (its
 * batch's next heartbeat, or its single activity's completion), so another worker sends it again once
 * the activity's timeout runs out — is counted and checked to be that window: a duplicate's first copy
 * arrived before the kill.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { startLoopbackSmtp, type LoopbackSmtp } from '../harness/loopback-smtp';
import { describeCount, settledRoundLetters } from '../harness/round-letters';
import { startWorkerProcess, type WorkerProcess } from '../harness/worker-process';
import { CLUSTER_SETUP_TIMEOUT_MS, openTestCluster, type TestCluster } from '../harness/cluster';
import { copyExampleRound } from '../cli/round-copy';
import { projectRoot } from '../cli/run-jsrx';
import { readRoundFile } from '../../client/round-file-io';
import { startRound } from '../../client/round-service';
import { validateRound } from '../../domain/validate';

const ROUNDS = 6;
/** Far below the shortest activity timeout in workflows/mailroom.ts (a one-minute heartbeat). */
const VICTIM_SETTLE_MS = 2_000;

describe('stateless workers on a real cluster', () => {
  let cluster: TestCluster;
  let smtp: LoopbackSmtp;
  let client: Client;
  let scratch: string;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    // One at a time: if the cluster fails to start, the SMTP server is already there for afterAll to close.
    smtp = await startLoopbackSmtp();
    cluster = await openTestCluster();
    client = new Client({
      connection: await Connection.connect({ address: cluster.address }),
      namespace: cluster.namespace,
    });
    scratch = mkdtempSync(path.join(tmpdir(), 'jsrx-stateless-'));
  }, CLUSTER_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill()));
    await client?.connection.close();
    await Promise.all([cluster?.stop(), smtp?.close()]);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('two workers with their own data folders share a task queue; one SIGKILLed mid-launch, every reader gets each letter once', async () => {
    const taskQueue = `stateless-${randomUUID()}`;
    for (const name of ['worker-a', 'worker-b']) {
      workers.push(
        startWorkerProcess(['-r', '@swc-node/register', path.join(projectRoot, 'worker', 'main.ts')], {
          cwd: projectRoot,
          env: {
            TEMPORAL_ADDRESS: cluster.address,
            TEMPORAL_TASK_QUEUE: taskQueue,
            SMTP_URL: smtp.url,
            JSRX_DATA_DIR: path.join(scratch, name),
            JSRX_SHUTDOWN_GRACE: '5s',
          },
        }),
      );
    }
    await Promise.all(workers.map((worker) => worker.waitForLog('worker started', 120_000)));
    const [victim, survivor] = workers as [WorkerProcess, WorkerProcess];

    const roundIds: string[] = [];
    for (let index = 0; index < ROUNDS; index++) {
      const { file, roundId } = copyExampleRound(
        index % 2 ? 'fr-2027-r1.yaml' : 'en-2027-r1.yaml',
        scratch,
        'stateless',
      );
      const input = await readRoundFile(file);
      const validated = validateRound(input);
      if (!validated.ok) throw new Error(`the example round must be valid: ${JSON.stringify(validated)}`);
      await startRound(client, validated.round, input, taskQueue);
      roundIds.push(roundId);
    }

    // Kill one worker while the launch letters are going out: some sent, by it too, most not.
    await smtp.waitFor(() => true, 20, 120_000);
    await victim.waitForLog('letter sent', 120_000);
    victim.child.kill('SIGKILL');
    await victim.exited;
    const killedAt = Date.now();
    // What the victim wrote before it died may still be in the server's socket buffer or its mail parser.
    // Nothing the victim held can be sent again before its activity times out (a minute's heartbeat at the
    // least), so a short settle counts those letters as before the kill without hiding a resend.
    await new Promise((resolve) => setTimeout(resolve, VICTIM_SETTLE_MS));
    const receivedBeforeKill = smtp.received.length;
    const sentByVictim = victim.logs.filter((line) => line.message === 'letter sent').length;

    // Done when every letter the rounds and their delegations' workflows posted has an outcome, and every
    // delivered one is in its reader's mailbox.
    const { count, logged } = await settledRoundLetters(client, roundIds, () => smtp.received);
    process.stderr.write(
      `stateless workers: ${describeCount(count)}; ${sentByVictim} sent by the killed worker before the kill, ` +
        `${survivor.logs.filter((line) => line.message === 'letter sent').length} by the survivor\n`,
    );

    // Nothing lost: one distinct letter per letter the rounds delivered, nothing they did not; one reader per envelope.
    expect(count.missing).toEqual([]);
    expect(count.unexpected).toEqual([]);
    expect(count.distinct).toBe(logged.length);
    expect(smtp.received.every((message) => message.envelopeTo.length === 1)).toBe(true);
    // Both workers did the work, and the survivor carried on after the kill.
    expect(sentByVictim).toBeGreaterThan(0);
    expect(
      survivor.logs.some(
        (line) => line.message === 'letter sent' && Date.parse(String(line.time)) > killedAt,
      ),
    ).toBe(true);
    // A duplicate only in the window: its first copy was accepted before the kill, the second came after.
    for (const received of count.duplicates) {
      expect(received).toHaveLength(2);
      expect(smtp.received.indexOf(received[0]!)).toBeLessThan(receivedBeforeKill);
      expect(smtp.received.indexOf(received[1]!)).toBeGreaterThanOrEqual(receivedBeforeKill);
    }
  }, 480_000);
});
