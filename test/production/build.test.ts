/**
 * The production path, end to end: `npm run build`, then only what the image ships (package.json, the
 * lock file, bin/, dist/, templates/) copied into an empty folder, `npm install --omit=dev` there (as the
 * Dockerfile's runtime stage does), and the built worker and `jsrx` started from it against a dev server.
 * No TypeScript, no swc register hook, no jest in that folder: if the shipped code needed a
 * devDependency, this is where it would fail.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { readOutboxManifest } from '../../activities/outbox';
import { openDevServerEnv } from '../harness/servers';
import { startWorkerProcess, type WorkerProcess } from '../harness/worker-process';
import { projectRoot } from '../cli/run-jsrx';
import { freePort } from '../../scripts/loopback-ports';

const SHIPPED = ['package.json', 'package-lock.json', 'bin', 'dist', 'templates'];

function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 300_000,
): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    code: result.status,
    stdout: result.stdout ?? '',
    stderr: `${result.stderr ?? ''}${result.error ? String(result.error) : ''}`,
  };
}

async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('the production build (npm run build, production dependencies only)', () => {
  let scratch: string;
  let env: TestWorkflowEnvironment;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    const build = run(
      process.execPath,
      ['-r', '@swc-node/register', path.join(projectRoot, 'scripts', 'build.ts')],
      projectRoot,
    );
    if (build.code !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
    scratch = mkdtempSync(path.join(tmpdir(), 'jsrx-production-'));
    for (const entry of SHIPPED)
      cpSync(path.join(projectRoot, entry), path.join(scratch, entry), { recursive: true });
    // `npm ci` refuses this lock file (it lacks other platforms' optional packages); `npm install` keeps to
    // the locked versions. --prefer-offline: the npm cache usually has them all.
    const install = run(
      'npm',
      ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'],
      scratch,
    );
    if (install.code !== 0)
      throw new Error(`npm install --omit=dev failed:\n${install.stdout}${install.stderr}`);
    env = await openDevServerEnv();
  }, 600_000);

  afterAll(async () => {
    await worker?.kill();
    await env?.teardown();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('builds the compiled code and one workflow bundle, and installs no devDependency', () => {
    expect(existsSync(path.join(scratch, 'dist', 'worker', 'main.js'))).toBe(true);
    expect(existsSync(path.join(scratch, 'dist', 'client', 'cli.js'))).toBe(true);
    expect(readFileSync(path.join(scratch, 'dist', 'workflow-bundle.js'), 'utf8')).toContain('exchangeRound');
    const devDependencies = Object.keys(
      (
        JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
          devDependencies: Record<string, string>;
        }
      ).devDependencies,
    );
    // A devDependency may still arrive as some production package's own dependency (@swc/core comes with
    // the SDK's bundler); the ones only development needs must be absent.
    for (const name of ['@swc-node/register', 'typescript', 'jest', 'eslint', 'smtp-server', 'mailparser']) {
      expect(devDependencies).toContain(name);
      expect(existsSync(path.join(scratch, 'node_modules', name))).toBe(false);
    }
  });

  it('runs the built worker and jsrx: a launched round welcomes its readers into the outbox', async () => {
    const taskQueue = `production-${randomUUID()}`;
    const settings = {
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      JSRX_DATA_DIR: path.join(scratch, '.data'),
      JSRX_SHUTDOWN_GRACE: '5s',
      JSRX_METRICS_PORT: String(await freePort()),
      NODE_PATH: '',
    };
    worker = startWorkerProcess([path.join('dist', 'worker', 'main.js')], { cwd: scratch, env: settings });
    const started = await worker.waitForLog('worker started', 60_000);
    expect(started.workflows).toBe(`bundle ${path.join(scratch, 'dist', 'workflow-bundle.js')}`);

    const roundFile = path.join(scratch, 'round.yaml');
    cpSync(path.join(projectRoot, 'examples', 'en-2027-r1.yaml'), roundFile);
    const launch = run(process.execPath, ['bin/jsrx.js', 'launch', roundFile], scratch, settings, 60_000);
    expect(launch).toMatchObject({ code: 0 });

    const status = run(
      process.execPath,
      ['bin/jsrx.js', 'status', 'en-2027-r1', '--json'],
      scratch,
      settings,
      60_000,
    );
    expect(status).toMatchObject({ code: 0 });
    expect(JSON.parse(status.stdout)).toMatchObject({ phase: 'prep-1' });

    const outbox = path.join(scratch, '.data', 'outbox');
    const welcomes = await eventually(async () => {
      const found = (await readOutboxManifest(outbox)).filter((entry) => entry.kind === 'welcome');
      return found.length > 0 ? found : undefined;
    }, 'a welcome in the outbox');
    expect(welcomes[0]?.file).toMatch(/-welcome-/);

    // The SDK's own metrics on the configured port, for Prometheus to scrape.
    const metrics = await (await fetch(`http://127.0.0.1:${settings.JSRX_METRICS_PORT}/metrics`)).text();
    expect(metrics).toMatch(/^temporal_workflow_completed|^temporal_activity_execution_latency|^temporal_worker_start/m);
    expect(metrics).toContain(`task_queue="${taskQueue}"`);

    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
  }, 180_000);
});
