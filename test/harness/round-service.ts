/**
 * The service a coordinator talks to, for the tests that drive `jsrx`: a dev server, a round worker on a
 * task queue of the test's own, a scratch folder, and (when asked) a loopback SMTP server the worker sends
 * to; otherwise the worker writes to an outbox in the scratch folder. Registers its own beforeAll/afterAll,
 * so a test file says only what it needs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { openDevServerEnv } from './servers';
import { startRoundWorker, type RunningRoundWorker } from './round-worker';
import { startLoopbackSmtp, type LoopbackSmtp } from './loopback-smtp';

export interface RoundService {
  env: TestWorkflowEnvironment;
  worker: RunningRoundWorker;
  /** Removed after the file's tests. */
  scratch: string;
  /** What `jsrx` needs to reach this service. */
  cliEnv: NodeJS.ProcessEnv;
  /** Only with `{ smtp: true }`. */
  smtp: LoopbackSmtp;
}

export function useRoundService(name: string, options: { smtp?: boolean } = {}): RoundService {
  const service = {} as RoundService;
  beforeAll(async () => {
    const [env, smtp] = await Promise.all([openDevServerEnv(), options.smtp ? startLoopbackSmtp() : undefined]);
    service.env = env;
    if (smtp) service.smtp = smtp;
    service.scratch = mkdtempSync(path.join(tmpdir(), `jsrx-${name}-`));
    service.cliEnv = { TEMPORAL_ADDRESS: env.address, TEMPORAL_TASK_QUEUE: `${name}-${randomUUID()}` };
    service.worker = await startRoundWorker(
      env,
      smtp ? { ...service.cliEnv, SMTP_URL: smtp.url } : { ...service.cliEnv, JSRX_OUTBOX_DIR: path.join(service.scratch, 'outbox') },
    );
  });
  afterAll(async () => {
    await service.worker?.stop();
    await Promise.all([service.env?.teardown(), service.smtp?.close()]);
    if (service.scratch) rmSync(service.scratch, { recursive: true, force: true });
  });
  return service;
}
