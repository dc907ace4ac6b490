import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { openDevServerEnv } from '../harness/servers';
import { projectRoot } from '../cli/run-jsrx';

interface LogLine {
  level: string;
  message: string;
  [field: string]: unknown;
}

function startWorkerProcess(env: NodeJS.ProcessEnv): { child: ChildProcessWithoutNullStreams; logs: LogLine[]; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(projectRoot, 'worker', 'main.ts')], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
  });
  const logs: LogLine[] = [];
  let pending = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) logs.push(JSON.parse(line) as LogLine);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, logs, stderr: () => stderr, exited };
}

async function waitForLog(logs: LogLine[], message: string, timeoutMs: number): Promise<LogLine> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = logs.find((line) => line.message === message);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no "${message}" log line in ${timeoutMs} ms; got: ${logs.map((line) => line.message).join(' | ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the worker process (npm run worker)', () => {
  let env: TestWorkflowEnvironment;
  let scratch: string;
  beforeAll(async () => {
    env = await openDevServerEnv();
    scratch = mkdtempSync(path.join(tmpdir(), 'jsrx-worker-'));
  });
  afterAll(async () => {
    await env?.teardown();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('logs JSON lines, and stops cleanly on SIGTERM', async () => {
    const taskQueue = `worker-${randomUUID()}`;
    const worker = startWorkerProcess({
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      JSRX_OUTBOX_DIR: path.join(scratch, 'outbox'),
      JSRX_SHUTDOWN_GRACE: '5s',
    });
    try {
      const started = await waitForLog(worker.logs, 'worker started', 90_000);
      expect(started).toMatchObject({ level: 'INFO', taskQueue, address: env.address });
      expect(Date.parse(String(started.time))).not.toBeNaN();

      worker.child.kill('SIGTERM');

      expect(await worker.exited).toBe(0);
      expect(worker.logs.map((line) => line.message)).toContain('worker stopped');
    } finally {
      if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    }
  }, 120_000);

  it('refuses to start on a bad setting, naming the variable, with exit 2', async () => {
    const worker = startWorkerProcess({ TEMPORAL_ADDRESS: env.address, SMTP_URL: 'mail.example.org:25' });

    expect(await worker.exited).toBe(2);
    expect(worker.stderr()).toContain('SMTP_URL: write it as smtp://');
  });
});
