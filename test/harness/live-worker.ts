/**
 * A dev server with the real round worker on a task queue of its own, writing letters to an outbox in the
 * test's own folder: what the tests on real rounds (web pages, browser journeys) stand on. `liveWorker`
 * registers its own beforeAll and afterAll; its fields are filled in once the first has run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { readRoundFile } from '../../client/round-file-io';
import { findProgress, startRound } from '../../client/round-service';
import { validateRound } from '../../domain/validate';
import { copyExampleRound } from '../cli/round-copy';
import { eventually } from '../web/web-client';
import { startRoundWorker, type RunningRoundWorker } from './round-worker';
import { openDevServerEnv } from './servers';

export interface LiveWorker {
  env: TestWorkflowEnvironment;
  /** The test's own folder (outbox, uploads, round files). */
  scratch: string;
  taskQueue: string;
  /** What `jsrx` needs to reach the same server and task queue. */
  cliEnv: NodeJS.ProcessEnv;
}

export function liveWorker(name: string): LiveWorker {
  const live = {} as LiveWorker;
  let worker: RunningRoundWorker | undefined;
  beforeAll(async () => {
    live.env = await openDevServerEnv();
    live.scratch = mkdtempSync(path.join(tmpdir(), `jsrx-${name}-`));
    live.taskQueue = `${name}-${randomUUID()}`;
    live.cliEnv = { TEMPORAL_ADDRESS: live.env.address, TEMPORAL_TASK_QUEUE: live.taskQueue };
    worker = await startRoundWorker(live.env, { ...live.cliEnv, JSRX_OUTBOX_DIR: path.join(live.scratch, 'outbox') });
  });
  afterAll(async () => {
    await worker?.stop();
    await live.env?.teardown();
    if (live.scratch) rmSync(live.scratch, { recursive: true, force: true });
  });
  return live;
}

/** A copy of `examples/<example>` (its id prefixed) launched on the live worker; resolves once it has planned. */
export async function launchExample(live: LiveWorker, example: string, prefix: string): Promise<string> {
  const { file, roundId } = copyExampleRound(example, live.scratch, prefix);
  const input = await readRoundFile(file);
  const parsed = validateRound(input);
  if (!parsed.ok) throw new Error(`${example} must be valid`);
  await startRound(live.env.client, parsed.round, input, live.taskQueue);
  await eventually(() => findProgress(live.env.client, roundId).catch(() => undefined), 'the round to be planned');
  return roundId;
}
