/**
 * A Temporal server lives no longer than the process that opened it. The SDK's core kills it on a normal
 * teardown, but a `jsrx simulate`, a jest worker or a workflow test killed outright (SIGKILL, a crash) used
 * to leave the Java time-skipping server running for good, holding its port and a couple of hundred
 * megabytes, and the tests' dev server likewise.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { serverCacheDir, testServerInstallDir } from '../../client/simulation/provisioned-servers';
import { provisionTestServer } from '../../scripts/provision';
import { LOOPBACK_MAIN } from '../../scripts/loopback-test-server';
import { commandLine, descendantsOf, killAll, waitUntilGone } from '../harness/process-tree';
import { accepts, freePort } from '../../scripts/loopback-ports';

const repoRoot = path.resolve(__dirname, '..', '..');
const holderScript = path.join(repoRoot, 'test', 'harness', 'server-holder.ts');

/** The Maven-built wrapper this project writes; undefined for a server of the operator's own (TEMPORAL_TEST_SERVER) or the SDK's download. */
async function ourWrapper(): Promise<string | undefined> {
  const { path: server } = await provisionTestServer();
  return path.dirname(server) === testServerInstallDir(serverCacheDir()) ? server : undefined;
}

function outputOf(child: ChildProcess): () => string {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return () => output;
}

async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() >= giveUpAt) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** How each server shows in its process's command line. */
const serverCommand = { 'time-skipping': LOOPBACK_MAIN, 'dev-server': 'start-dev' };

/**
 * A node process holding an open server, and every process under it (the server among them). Its parent
 * is this test, which reaps it the moment it dies, or a process that never reaps it, so that once killed
 * it lingers as a zombie, as under a parent that is stuck or stopped.
 */
async function startHolder(
  parent: 'reaping' | 'never reaping' = 'reaping',
  kind: keyof typeof serverCommand = 'time-skipping',
): Promise<{
  holder: number;
  launcher: ChildProcess;
  port: number;
  started: number[];
  output: () => string;
}> {
  const node = [process.execPath, '-r', '@swc-node/register', holderScript, kind];
  const launcher =
    parent === 'reaping'
      ? spawn(node[0]!, node.slice(1), { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('/bin/sh', ['-c', '"$@" & exec sleep 120', 'sh', ...node], {
          cwd: repoRoot,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
  const output = outputOf(launcher);
  const { holder, port } = await waitFor(() => {
    if (launcher.exitCode !== null)
      throw new Error(`the holder exited with ${launcher.exitCode}:\n${output()}`);
    const found = /^holder (\d+) listening .*:(\d+)$/m.exec(output());
    return found ? { holder: Number(found[1]), port: Number(found[2]) } : undefined;
  }, 'the holder to open the server');
  const started = descendantsOf(holder);
  if (!started.some((pid) => commandLine(pid).includes(serverCommand[kind])))
    throw new Error(
      `no ${kind} server under the holder: ${started.map((pid) => commandLine(pid).join(' ')).join('\n')}`,
    );
  return { holder, launcher, port, started, output };
}

describe('the time-skipping server and the process that opened it', () => {
  const toStop: number[] = [];
  afterEach(() => {
    killAll(toStop.splice(0));
  });

  it.each(['reaping', 'never reaping'] as const)(
    'ends with the process that opened it when that process is SIGKILLed (under a %s parent), and frees its port within seconds',
    async (parent) => {
      if (!(await ourWrapper())) return;
      const { holder, launcher, port, started } = await startHolder(parent);
      toStop.push(launcher.pid!, holder, ...started);

      process.kill(holder, 'SIGKILL');

      expect(await waitUntilGone(started, 8_000)).toEqual([]);
      expect(await accepts(port)).toBe(false);
    },
  );

  it('still stops promptly on a normal teardown, leaving nothing behind', async () => {
    if (!(await ourWrapper())) return;
    const { launcher, port, started, output } = await startHolder();
    toStop.push(launcher.pid!, ...started);

    launcher.kill('SIGTERM');
    expect(await exitOf(launcher)).toEqual({ code: 0, signal: null });

    const teardownMs = Number(/^torn down in (\d+) ms$/m.exec(output())?.[1]);
    expect(teardownMs).toBeLessThan(1_000);
    // The watch around the JVM notices the end on its next look, a second at most.
    expect(await waitUntilGone(started, 3_000)).toEqual([]);
    expect(await accepts(port)).toBe(false);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)(
    'stops on %s sent to the wrapper, which exits with the JVM’s status (%i)',
    async (signal, status) => {
      const wrapper = await ourWrapper();
      if (!wrapper) return;
      const port = await freePort();
      const server = spawn(wrapper, [String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
      toStop.push(server.pid!);
      const output = outputOf(server);
      await waitFor(async () => {
        if (server.exitCode !== null)
          throw new Error(`the server exited with ${server.exitCode}:\n${output()}`);
        return (await accepts(port)) || undefined;
      }, 'the server to listen');
      const started = descendantsOf(server.pid!);
      toStop.push(...started);

      server.kill(signal);

      expect(await exitOf(server)).toEqual({ code: status, signal: null });
      expect(await waitUntilGone(started, 3_000)).toEqual([]);
    },
  );
});

describe('the tests’ dev server and the process that opened it', () => {
  const toStop: number[] = [];
  afterEach(() => {
    killAll(toStop.splice(0));
  });

  it('ends with the process that opened it when that process is SIGKILLed', async () => {
    const { holder, launcher, port, started, output } = await startHolder('reaping', 'dev-server');
    toStop.push(launcher.pid!, holder, ...started);
    // Once it has printed its banner, it writes nothing more: a dev server killed in mid-banner dies of the
    // broken pipe, but a test run killed later, the usual case, found it idle and left it running.
    await waitFor(() => /^Metrics: /m.test(output()) || undefined, 'the dev server’s banner');

    process.kill(holder, 'SIGKILL');

    // The dev server's graceful stop takes a few seconds; the watch kills it 10 s after asking.
    expect(await waitUntilGone(started, 15_000)).toEqual([]);
    expect(await accepts(port)).toBe(false);
  });

  it('still stops promptly on a normal teardown, leaving nothing behind', async () => {
    const { launcher, port, started, output } = await startHolder('reaping', 'dev-server');
    toStop.push(launcher.pid!, ...started);

    launcher.kill('SIGTERM');
    expect(await exitOf(launcher)).toEqual({ code: 0, signal: null });

    expect(Number(/^torn down in (\d+) ms$/m.exec(output())?.[1])).toBeLessThan(1_000);
    expect(await waitUntilGone(started, 3_000)).toEqual([]);
    expect(await accepts(port)).toBe(false);
  });
});

