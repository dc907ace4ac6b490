/**
 * `npm start` killed outright (SIGKILL, a crash) takes its children with it: the Temporal dev server, the
 * worker and the web service used to keep running, the dev server holding its ports and its database.
 * Its own stop (Ctrl-C, SIGTERM) still stops them in order and exits 0. Run on scratch ports and a scratch
 * data folder, without the example round.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { commandLine, descendantsOf, killAll, waitUntilGone } from '../harness/process-tree';
import { accepts, freePort } from '../../scripts/loopback-ports';

const repoRoot = path.resolve(__dirname, '..', '..');

interface RunningService {
  start: ChildProcess;
  started: number[];
  ports: { temporal: number; web: number };
  output: () => string;
}

/** `npm start` until the dev server answers and the web service listens (the worker may still be bundling). */
async function startService(dataDir: string, toStop: number[]): Promise<RunningService> {
  const [temporal, ui, web] = [await freePort(), await freePort(), await freePort()];
  const start = spawn(process.execPath, ['-r', '@swc-node/register', 'scripts/start-local.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: `127.0.0.1:${temporal}`,
      JSRX_UI_PORT: String(ui),
      JSRX_WEB_HOST: '127.0.0.1',
      JSRX_WEB_PORT: String(web),
      JSRX_DATA_DIR: dataDir,
      JSRX_EXAMPLE: 'none',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  toStop.push(start.pid!);
  let output = '';
  start.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  start.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const giveUpAt = Date.now() + 60_000;
  while (!(/the service is up/.test(output) && (await accepts(web)))) {
    if (start.exitCode !== null) throw new Error(`npm start exited with ${start.exitCode}:\n${output}`);
    if (Date.now() > giveUpAt) throw new Error(`npm start was not up within 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const started = descendantsOf(start.pid!);
  toStop.push(...started);
  expect(started.map((pid) => commandLine(pid).join(' '))).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/temporal server start-dev/),
      expect.stringMatching(/worker\/main\.ts/),
      expect.stringMatching(/client\/web\/main\.ts/),
    ]),
  );
  return { start, started, ports: { temporal, web }, output: () => output };
}

describe('npm start and the processes it starts', () => {
  let dataDir: string;
  const toStop: number[] = [];
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'jsrx-start-'));
  });
  afterEach(() => {
    killAll(toStop.splice(0));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves no dev server, worker or web service running when it is SIGKILLed', async () => {
    const { start, started, ports } = await startService(dataDir, toStop);

    start.kill('SIGKILL');

    // Each is asked to stop within a second of its starter's death, and given the time a normal stop takes.
    expect(await waitUntilGone(started, 15_000)).toEqual([]);
    expect(await accepts(ports.temporal)).toBe(false);
    expect(await accepts(ports.web)).toBe(false);
  }, 90_000);

  it('still stops them all and exits 0 on its own stop (SIGTERM, as Ctrl-C)', async () => {
    const { start, started, ports, output } = await startService(dataDir, toStop);

    const exited = new Promise<number | null>((resolve) => start.once('exit', (code) => resolve(code)));
    start.kill('SIGTERM');

    expect(await exited).toBe(0);
    expect(output()).toMatch(/stopping the Temporal dev server/);
    // What is left is the watches, which see their server gone within a second.
    expect(await waitUntilGone(started, 3_000)).toEqual([]);
    expect(await accepts(ports.temporal)).toBe(false);
    expect(await accepts(ports.web)).toBe(false);
  }, 90_000);
});
