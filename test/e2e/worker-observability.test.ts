/**
 * What an operator sees of a real worker process: its Prometheus endpoint (JSRX_METRICS_PORT), which
 * serves the SDK's own series and the letters counters of the send activity as a round's launch letters
 * go out; and, on a terminal, one readable line per letter instead of JSON records (the web service too).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { openDevServerEnv } from '../harness/servers';
import { projectRoot } from '../cli/run-jsrx';
import { exampleRound } from '../workflows/round-fixture';
import { exchangeRound } from '../../workflows/round.workflow';
import { roundWorkflowId } from '../../workflows/messages';
import { freePort } from '../../scripts/loopback-ports';

/** The value of every series named `name` (any labels), summed; undefined when there is none. */
function seriesTotal(text: string, name: string): number | undefined {
  const values = text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .map((line) => Number(line.slice(line.lastIndexOf(' ') + 1)));
  return values.length > 0 ? values.reduce((sum, value) => sum + value, 0) : undefined;
}

async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`${what} within ${timeoutMs} ms (last error: ${String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('a worker process, as an operator sees it', () => {
  let env: TestWorkflowEnvironment;
  let scratch: string;
  beforeAll(async () => {
    env = await openDevServerEnv();
    scratch = mkdtempSync(path.join(tmpdir(), 'jsrx-metrics-'));
  });
  afterAll(async () => {
    await env?.teardown();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('its metrics endpoint serves temporal_ series, and counts the letters a round’s launch sent, by kind', async () => {
    const port = await freePort();
    const taskQueue = `metrics-${randomUUID()}`;
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', path.join(projectRoot, 'worker', 'main.ts')],
      {
        cwd: projectRoot,
        env: {
          ...process.env,
          TEMPORAL_ADDRESS: env.address,
          TEMPORAL_TASK_QUEUE: taskQueue,
          JSRX_DATA_DIR: scratch,
          JSRX_METRICS_PORT: String(port),
          JSRX_SHUTDOWN_GRACE: '2s',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const scrape = async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    try {
      await eventually(
        async () => (output.includes('"worker started"') ? true : undefined),
        90_000,
        `the worker should start (output: ${output})`,
      );
      expect(await scrape()).toMatch(/^temporal_\w+/m);

      const round = await exampleRound('en-2027-r1', Date.now());
      const handle = await env.client.workflow.start(exchangeRound, {
        args: [{ round }],
        taskQueue,
        workflowId: roundWorkflowId(round.id),
      });
      const sent = await eventually(
        async () => {
          const total = seriesTotal(await scrape(), 'jsrx_letters_sent');
          return total !== undefined && total > 0 ? total : undefined;
        },
        60_000,
        'jsrx_letters_sent should count the launch letters',
      );
      expect(sent).toBeGreaterThan(0);
      const text = await scrape();
      expect(text).toMatch(/^jsrx_letters_sent\{[^}]*kind="welcome"[^}]*\} \d+/m);
      await handle.terminate('metrics test done');
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 150_000);

  it('on a terminal, the worker writes one readable line per letter instead of JSON', async () => {
    const taskQueue = `tty-${randomUUID()}`;
    const worker = `${JSON.stringify(process.execPath)} -r @swc-node/register worker/main.ts`;
    // util-linux `script` runs the worker on a pseudo-terminal, as `npm start` in a shell does.
    const child = spawn('script', ['-qfec', worker, '/dev/null'], {
      cwd: projectRoot,
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: env.address,
        TEMPORAL_TASK_QUEUE: taskQueue,
        JSRX_DATA_DIR: scratch,
        JSRX_SHUTDOWN_GRACE: '2s',
        TZ: 'UTC',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      await eventually(
        async () => (/^\d\d:\d\d worker started \(address=/m.test(output) ? true : undefined),
        90_000,
        `a readable start line (output: ${output})`,
      );
      const round = await exampleRound('en-2027-r1', Date.now());
      const handle = await env.client.workflow.start(exchangeRound, {
        args: [{ round }],
        taskQueue,
        workflowId: roundWorkflowId(round.id),
      });
      const welcome = /^\d\d:\d\d sent welcome → \S+@\S+\r?$/m;
      await eventually(
        async () => (welcome.test(output) ? true : undefined),
        60_000,
        `a readable sent line (output: ${output})`,
      );
      expect(output).not.toMatch(/^\{"time"/m);
      // The worker bundled its workflows at start: the terminal has the one-line notice, not webpack's report.
      expect(output).toMatch(/^\d\d:\d\d Workflow bundle created/m);
      expect(output).not.toMatch(/^asset workflow-bundle-|^webpack \d/m);
      await handle.terminate('tty test done');
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 150_000);
  it('on a terminal, the web service writes short lines too, never pino’s JSON', async () => {
    const port = await freePort();
    const web = `${JSON.stringify(process.execPath)} -r @swc-node/register client/web/main.ts`;
    const child = spawn('script', ['-qfec', web, '/dev/null'], {
      cwd: projectRoot,
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: env.address,
        JSRX_DATA_DIR: scratch,
        JSRX_WEB_PORT: String(port),
        JSRX_STAFF_PASSWORD: 'terminal-test-password',
        JSRX_LOG_LEVEL: 'INFO',
        TZ: 'UTC',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      await eventually(
        async () => (new RegExp(`^web: listening on http://127\\.0\\.0\\.1:${port};`, 'm').test(output) ? true : undefined),
        60_000,
        `the service's own listening line (output: ${output})`,
      );
      expect(output).not.toMatch(/\{"level":/);
      expect(output).not.toMatch(/Server listening at/);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 90_000);
});
