/**
 * `npm run cluster` killed outright (SIGKILL, a crash) takes the whole cluster with it: the five Temporal
 * services, the two workers and the web service used to keep running and holding their ports (the next
 * `npm run cluster` then failed on them), and PostgreSQL, which pg_ctl starts outside the process tree,
 * kept running on its folder. Run on scratch ports and a scratch data folder.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { accepts, freePort } from '../../scripts/loopback-ports';
import { clusterPorts } from '../../scripts/cluster/temporal';
import { freeBasePort } from '../../scripts/cluster/scratch-cluster';
import { commandLine, descendantsOf, isRunning, killAll, waitUntilGone } from '../harness/process-tree';

const repoRoot = path.resolve(__dirname, '..', '..');

describe('npm run cluster killed outright', () => {
  let dataDir: string;
  const toStop: number[] = [];
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'jsrx-cluster-life-'));
    // PostgreSQL runs as its own user when this is root, and must reach its folder through this one.
    chmodSync(dataDir, 0o755);
  });
  afterEach(() => {
    killAll(toStop.splice(0));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves no Temporal service, worker, web service or PostgreSQL running', async () => {
    const [temporal, web] = [await freeBasePort(), await freePort()];
    const cluster = spawn(process.execPath, ['-r', '@swc-node/register', 'scripts/cluster.ts'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: `127.0.0.1:${temporal}`,
        JSRX_WEB_HOST: '127.0.0.1',
        JSRX_WEB_PORT: String(web),
        JSRX_DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    toStop.push(cluster.pid!);
    let output = '';
    cluster.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    cluster.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const giveUpAt = Date.now() + 240_000;
    while (!(/the cluster is up/.test(output) && (await accepts(web)))) {
      if (cluster.exitCode !== null) throw new Error(`npm run cluster exited with ${cluster.exitCode}:\n${output}`);
      if (Date.now() > giveUpAt) throw new Error(`npm run cluster was not up within 240 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const started = descendantsOf(cluster.pid!);
    toStop.push(...started);
    // Each process runs beside the shell that watches its starter, whose command line repeats its own.
    const commands = started.map((pid) => commandLine(pid)).filter(([program]) => program !== '/bin/sh').map((words) => words.join(' '));
    expect(commands.filter((command) => /--service/.test(command))).toHaveLength(5);
    expect(commands.filter((command) => /worker\/main\.ts/.test(command))).toHaveLength(2);
    expect(commands.some((command) => /client\/web\/main\.ts/.test(command))).toBe(true);
    const postmasterFile = path.join(dataDir, 'cluster', 'postgres', 'postmaster.pid');
    const postmaster = Number(readFileSync(postmasterFile, 'utf8').split('\n')[0]);
    expect(isRunning(postmaster)).toBe(true);
    toStop.push(postmaster);

    cluster.kill('SIGKILL');

    // Each is asked to stop within a second of its starter's death, and given the time its own stop takes.
    expect(await waitUntilGone([...started, postmaster], 30_000)).toEqual([]);
    const ports = clusterPorts(temporal);
    for (const port of [temporal, web, ports['history-1'].grpc, ports.matching.grpc, ports.postgres]) expect(await accepts(port)).toBe(false);
    expect(existsSync(postmasterFile)).toBe(false);
  }, 360_000);
});
