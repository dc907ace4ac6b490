/**
 * The Java time-skipping server lives no longer than the process that opened it. The SDK's core kills it
 * on a normal teardown, but a `jsrx simulate`, a jest worker or a workflow test killed outright (SIGKILL,
 * a crash) used to leave the JVM running for good, holding its port and a couple of hundred megabytes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { serverCacheDir, testServerInstallDir } from '../../client/simulation/provisioned-servers';
import { provisionTestServer } from '../../scripts/provision';
import { TEST_SERVER_MAIN } from '../../scripts/test-server-class-archive';
import { commandLine, descendantsOf, killAll, waitUntilGone } from '../harness/process-tree';

const repoRoot = path.resolve(__dirname, '..', '..');
const holderScript = path.join(repoRoot, 'test', 'harness', 'time-skipping-holder.ts');

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

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** A node process holding an open time-skipping server, with the JVM's pid and everything it runs. */
async function startHolder(): Promise<{
  holder: ChildProcess;
  port: number;
  jvm: number;
  started: number[];
  output: () => string;
}> {
  const holder = spawn(process.execPath, ['-r', '@swc-node/register', holderScript], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = outputOf(holder);
  const port = await waitFor(() => {
    if (holder.exitCode !== null) throw new Error(`the holder exited with ${holder.exitCode}:\n${output()}`);
    const address = /^listening .*:(\d+)$/m.exec(output());
    return address ? Number(address[1]) : undefined;
  }, 'the holder to open the server');
  const started = descendantsOf(holder.pid!);
  const jvm = started.find((pid) => commandLine(pid).includes(TEST_SERVER_MAIN));
  if (jvm === undefined)
    throw new Error(
      `no JVM among the holder's processes: ${started.map((pid) => commandLine(pid).join(' ')).join('\n')}`,
    );
  return { holder, port, jvm, started, output };
}

describe('the time-skipping server and the process that opened it', () => {
  const toStop: number[] = [];
  afterEach(() => {
    killAll(toStop.splice(0));
  });

  it('ends with the process that opened it when that process is SIGKILLed, and frees its port within seconds', async () => {
    if (!(await ourWrapper())) return;
    const { holder, port, started } = await startHolder();
    toStop.push(holder.pid!, ...started);

    holder.kill('SIGKILL');
    await exitOf(holder);

    expect(await waitUntilGone(started, 5_000)).toEqual([]);
    expect(await accepts(port)).toBe(false);
  });

  it('still stops promptly on a normal teardown, leaving nothing behind', async () => {
    if (!(await ourWrapper())) return;
    const { holder, port, started, output } = await startHolder();
    toStop.push(holder.pid!, ...started);

    holder.kill('SIGTERM');
    expect(await exitOf(holder)).toEqual({ code: 0, signal: null });

    const teardownMs = Number(/^torn down in (\d+) ms$/m.exec(output())?.[1]);
    expect(teardownMs).toBeLessThan(1_000);
    // The watch around the JVM notices the end on its next look, a second at most.
    expect(await waitUntilGone(started, 2_000)).toEqual([]);
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
      expect(await waitUntilGone(started, 2_000)).toEqual([]);
    },
  );
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
