/**
 * `npm run bench.cluster`: N rounds launched at once on a real cluster (PostgreSQL, the five Temporal
 * services, in a scratch folder on free ports, as the cluster tests start theirs) with two worker
 * processes (separate data folders, as on two machines) sending to a loopback SMTP server. Prints the
 * seconds until every launch letter is out (target: 120 s for 1,000 rounds), letters per second, and
 * each worker's peak resident memory (target: under 1 GB), with where that memory sits at the peak and
 * the CPU seconds each process of the cluster used. `npm run bench` runs it with 1,000 rounds (5 to 7
 * minutes on this two-core machine, plus the build and the cluster's start).
 *
 *   npm run bench.cluster -- --rounds 200
 *   npm run bench.cluster -- --rounds 200 --cache 2310,300    # one launch per workflow-cache size
 *   npm run bench.cluster -- --rounds 200 --profile /tmp/prof # each worker's CPU profiles (node --cpu-prof)
 *   npm run bench.cluster -- --rounds 200 --from sources      # workers as `npm run worker` runs them
 *   npm run bench.cluster -- --rounds 200 --worker-env MALLOC_ARENA_MAX=2   # more environment for both workers
 *
 * The workers are the production build's (`npm run build`, run first): `node dist/worker/main.js`
 * with the worker's node flags (worker/node-flags.ts), loading the workflow bundle built once, as the
 * Dockerfile runs them. `--from sources` runs them from
 * the TypeScript sources instead, each bundling the workflows with webpack at start: about 250 MB more
 * resident memory per worker for the whole run (200 rounds: 805 MB peak against 553–595 MB).
 *
 * Each `--cache` value is a JSRX_MAX_CACHED_WORKFLOWS for both workers (`default`: worker/config.ts's)
 * and gets its own launch of N rounds on a task queue of its own, on the same cluster. 2310 is what the
 * SDK chose by itself on this machine's 4 GB heap before the worker set it.
 *
 * A launch is over when no new letter arrived for `--quiet` seconds (default 20): the launch letters
 * (welcome, invitations, first requests) all go out at once and the next letter of a round is weeks away.
 * Every reader's address carries its round's number, so letters are also counted per round.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { SMTPServer } from 'smtp-server';
import { openScratchCluster, type ScratchCluster } from './cluster/scratch-cluster';
import { startWorkerProcess, type WorkerProcess } from './cluster/worker-process';
import { cpuBetween, cpuSnapshot, machineBusySeconds, mapLimited } from './cluster/cpu-accounting';
import { build, DIST_DIR } from './build';
import { WORKER_NODE_FLAGS } from '../worker/node-flags';
import { readRoundFile } from '../client/round-file-io';
import { startRound } from '../client/round-service';
import { validateRound } from '../domain/validate';

const projectRoot = path.resolve(__dirname, '..');
const DAY_MS = 86_400_000;

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
}

const ROUNDS = Number.parseInt(option('rounds', '1000'), 10);
const CACHES = option('cache', 'default').split(',');
const QUIET_MS = Number.parseInt(option('quiet', '20'), 10) * 1000;
/** 1,000 rounds took 5–7 min on this two-core machine (25 before the letters went in batches): room for a slower day. */
const LAUNCH_TIMEOUT_MS = 60 * 60_000;
/** `dist` (default): the production build's worker, loading the workflow bundle built once; `sources`: `npm run worker`'s, which bundles at start. */
const WORKERS_FROM = option('from', 'dist');
/** A folder for each worker's CPU profile (`node --cpu-prof`); the workers are then stopped with SIGTERM so the profile is written. */
const PROFILE_DIR = option('profile', '');
/** `--worker-env A=1,B=2`: more environment for both workers (an experiment with a setting, or with MALLOC_ARENA_MAX). */
const WORKER_ENV = Object.fromEntries(
  option('worker-env', '')
    .split(',')
    .filter(Boolean)
    .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
);
const MEMORY_PROBE = path.join(__dirname, 'cluster', 'memory-probe.cjs');
/** Starts in flight at once: the client's share of "at once", so the frontend is not handed 1,000 RPCs in one tick. */
const START_CONCURRENCY = 50;

/** Letters as an SMTP server sees them: one per reader and Message-ID, with when the first copy arrived. */
interface LetterCounter {
  url: string;
  letters: Map<string, number>;
  copies: number;
  close(): Promise<void>;
}

// Counting only (no MIME parsing): at 20,000 letters the parse would compete with the workers for the two cores.
async function startLetterCounter(): Promise<LetterCounter> {
  const letters = new Map<string, number>();
  const counter = { letters, copies: 0 } as LetterCounter;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const head = Buffer.concat(chunks).subarray(0, 8192).toString('latin1');
        const messageId = /^message-id:\s*(\S+)/im.exec(head)?.[1] ?? `no-id-${counter.copies}`;
        for (const to of session.envelope.rcptTo) {
          const key = `${to.address.toLowerCase()} ${messageId}`;
          if (!letters.has(key)) letters.set(key, Date.now());
        }
        counter.copies++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // A worker killed mid-send resets its connection: an event to shrug off, not a crash of the benchmark.
  server.on('error', () => undefined);
  counter.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  counter.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return counter;
}

/** The example round under a new id, every reader's domain carrying the round's number, dates moved so the first VC is six weeks away. */
function roundVariant(template: string, roundId: string, index: number, shiftDays: number): string {
  return template
    .replace(/^id: .*$/m, `id: ${roundId}`)
    .replace(/@example\./g, `@r${index}.example.`)
    .replace(/\b(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(?::\d{2})?Z)?\b/g, (_match, day: string, time?: string) => {
      const moved = new Date(Date.parse(`${day}T00:00:00Z`) + shiftDays * DAY_MS).toISOString().slice(0, 10);
      return `${moved}${time ?? ''}`;
    });
}

interface Memory {
  rssKb: number;
  hwmKb: number;
}

function memoryOf(pid: number | undefined): Memory | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

interface MemorySample {
  at: number;
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

let memoryDir = '';
function memoryFile(tag: string, name: string): string {
  return path.join(memoryDir, `${tag}-${name}.memory.jsonl`);
}

/** The worker's own `process.memoryUsage()` at its highest resident memory (scripts/cluster/memory-probe.cjs). */
function memoryAtPeak(file: string): MemorySample | undefined {
  if (!existsSync(file)) return undefined;
  const samples = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as MemorySample);
  return samples.reduce<MemorySample | undefined>(
    (peak, sample) => (!peak || sample.rss > peak.rss ? sample : peak),
    undefined,
  );
}

const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;


interface LaunchResult {
  cache: string;
  seconds: number;
  letters: number;
  copies: number;
  perRound: { min: number; max: number };
  workers: Array<{
    name: string;
    startRssKb: number;
    peakRssKb: number;
    hwmKb: number;
    sent: number;
    atPeak?: MemorySample;
  }>;
  /** CPU seconds of each part from the first start to the end of the launch, and the machine's busy seconds. */
  cpu: Array<[string, number]>;
  machineBusy: number;
  wallSeconds: number;
  load: string;
}

/** Every worker process started, so an interrupted run (Ctrl-C) kills them too rather than orphaning them. */
const running = new Set<WorkerProcess>();

async function launch(
  cluster: ScratchCluster,
  client: Client,
  scratch: string,
  cache: string,
): Promise<LaunchResult> {
  const tag = randomUUID().slice(0, 6);
  const taskQueue = `bench-cluster-${tag}`;
  const smtp = await startLetterCounter();
  const workers: WorkerProcess[] = [];
  const sampler: { timer?: NodeJS.Timeout } = {};
  try {
    for (const name of ['worker-a', 'worker-b']) {
      workers.push(
        startWorkerProcess(
          [
            ...WORKER_NODE_FLAGS,
            '-r',
            MEMORY_PROBE,
            ...(PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(PROFILE_DIR, name)] : []),
            ...(WORKERS_FROM === 'dist'
              ? [path.join(DIST_DIR, 'worker', 'main.js')]
              : ['-r', '@swc-node/register', path.join(projectRoot, 'worker', 'main.ts')]),
          ],
          {
            cwd: projectRoot,
            env: {
              JSRX_BENCH_MEMORY_FILE: memoryFile(tag, name),
              TEMPORAL_ADDRESS: cluster.address,
              TEMPORAL_NAMESPACE: cluster.namespace,
              TEMPORAL_TASK_QUEUE: taskQueue,
              SMTP_URL: smtp.url,
              JSRX_DATA_DIR: path.join(scratch, `${tag}-${name}`),
              JSRX_LOG_FORMAT: 'json',
              JSRX_SHUTDOWN_GRACE: '5s',
              ...(cache === 'default' ? {} : { JSRX_MAX_CACHED_WORKFLOWS: cache }),
              ...WORKER_ENV,
            },
          },
        ),
      );
      running.add(workers.at(-1)!);
    }
    await Promise.all(workers.map((worker) => worker.waitForLog('worker started', 180_000)));
    const startRss = workers.map((worker) => memoryOf(worker.child.pid)?.rssKb ?? 0);
    const peakRss = [...startRss];
    sampler.timer = setInterval(() => {
      workers.forEach((worker, index) => {
        const memory = memoryOf(worker.child.pid);
        if (memory) peakRss[index] = Math.max(peakRss[index]!, memory.rssKb);
      });
    }, 1000);

    const template = readFileSync(path.join(projectRoot, 'examples', 'en-2027-r1.yaml'), 'utf8');
    const firstVc = Date.parse(/vc1: \{ start: (\S+),/.exec(template)![1]!);
    const shiftDays = Math.round((Date.now() + 42 * DAY_MS - firstVc) / DAY_MS);
    const rounds = [];
    for (let index = 0; index < ROUNDS; index++) {
      const roundId = `bench-${tag}-${index}`;
      const file = path.join(scratch, `${roundId}.yaml`);
      writeFileSync(file, roundVariant(template, roundId, index, shiftDays));
      const input = await readRoundFile(file);
      const validated = validateRound(input);
      if (!validated.ok)
        throw new Error(`the generated round ${roundId} is not valid: ${JSON.stringify(validated)}`);
      rounds.push({ round: validated.round, input });
    }

    const cpuBefore = cpuSnapshot(cluster, workers);
    const machineBefore = machineBusySeconds();
    const started = Date.now();
    await mapLimited(rounds, START_CONCURRENCY, ({ round, input }) =>
      startRound(client, round, input, taskQueue),
    );
    const startedAll = (Date.now() - started) / 1000;
    process.stdout.write(
      `  [cache ${cache}] ${ROUNDS} rounds started in ${startedAll.toFixed(1)} s; waiting for the letters…\n`,
    );

    let lastCount = -1;
    let lastChange = Date.now();
    let ticks = 0;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (smtp.letters.size !== lastCount) {
        lastCount = smtp.letters.size;
        lastChange = Date.now();
      }
      if (++ticks % 30 === 0)
        process.stdout.write(
          `  [cache ${cache}] ${Math.round((Date.now() - started) / 1000)} s: ${lastCount} letters; RSS ` +
            `${workers.map((worker) => mb(memoryOf(worker.child.pid)?.rssKb ?? 0)).join(' / ')}\n`,
        );
      const dead = workers.find((worker) => worker.child.exitCode !== null);
      if (dead)
        throw new Error(`a worker exited (${dead.child.exitCode}) during the launch:\n${dead.stderr()}`);
      if (lastCount > 0 && Date.now() - lastChange >= QUIET_MS) break;
      if (Date.now() - started > LAUNCH_TIMEOUT_MS)
        throw new Error(
          `the launch did not settle in ${LAUNCH_TIMEOUT_MS / 60_000} min: ${lastCount} letters`,
        );
    }
    clearInterval(sampler.timer);
    const cpu = cpuBetween(cpuBefore, cpuSnapshot(cluster, workers));
    const machineBusy = machineBusySeconds() - machineBefore;
    const wallSeconds = (Date.now() - started) / 1000;
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    const hwm = workers.map((worker) => memoryOf(worker.child.pid)?.hwmKb ?? 0);
    if (PROFILE_DIR) await Promise.all(workers.map((worker) => stopGracefully(worker)));
    const lastLetter = Math.max(...smtp.letters.values());
    const perRound = new Map<string, number>();
    for (const key of smtp.letters.keys()) {
      const round = /@(r\d+)\.example\./.exec(key)?.[1] ?? 'other';
      perRound.set(round, (perRound.get(round) ?? 0) + 1);
    }
    const counts = [...perRound.values()];
    if (perRound.size < ROUNDS) counts.push(0);
    return {
      cache,
      seconds: (lastLetter - started) / 1000,
      letters: smtp.letters.size,
      copies: smtp.copies,
      perRound: { min: Math.min(...counts), max: Math.max(...counts) },
      workers: workers.map((worker, index) => ({
        name: index ? 'worker-b' : 'worker-a',
        startRssKb: startRss[index]!,
        peakRssKb: peakRss[index]!,
        hwmKb: hwm[index]!,
        sent: worker.logs.filter((line) => line.message === 'letter sent').length,
        atPeak: memoryAtPeak(memoryFile(tag, index ? 'worker-b' : 'worker-a')),
      })),
      cpu,
      machineBusy,
      wallSeconds,
      load,
    };
  } finally {
    clearInterval(sampler.timer);
    await Promise.all(workers.map((worker) => worker.kill().then(() => running.delete(worker))));
    await smtp.close();
  }
}

function print(result: LaunchResult): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(
    `workflow cache ${result.cache} (JSRX_MAX_CACHED_WORKFLOWS), ${ROUNDS} rounds, two workers (${WORKERS_FROM}` +
      `${option('worker-env', '') ? `, ${option('worker-env', '')}` : ''}):`,
  );
  out(`  every launch letter out in ${result.seconds.toFixed(1)} s (target 120 s for 1,000 rounds)`);
  out(
    `  ${result.letters} letters (${result.perRound.min === result.perRound.max ? result.perRound.min : `${result.perRound.min}–${result.perRound.max}`} per round), ` +
      `${result.copies} copies received, ${(result.letters / result.seconds).toFixed(1)} letters/s`,
  );
  for (const worker of result.workers)
    out(
      `  ${worker.name}: ${worker.sent} letters sent; resident memory ${mb(worker.startRssKb)} at start, peak ${mb(worker.peakRssKb)} during the launch ` +
        `(VmHWM ${mb(worker.hwmKb)}${WORKERS_FROM === 'dist' ? '' : ", including the start's webpack bundling"}; target under 1 GB)`,
    );
  for (const { name, atPeak } of result.workers) {
    if (!atPeak) continue;
    const inMb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;
    out(
      `  ${name} at its peak: V8 heap ${inMb(atPeak.heapUsed)} used of ${inMb(atPeak.heapTotal)}, ` +
        `buffers outside it ${inMb(atPeak.external)}, the rest (Rust core, code, stacks) ${inMb(atPeak.rss - atPeak.heapTotal - atPeak.external)}`,
    );
  }
  out(
    `  CPU seconds over the ${result.wallSeconds.toFixed(0)} s from the first start to the quiet end: ` +
      result.cpu.map(([name, seconds]) => `${name} ${seconds.toFixed(0)}`).join(', ') +
      `; the whole machine ${result.machineBusy.toFixed(0)} of ${(2 * result.wallSeconds).toFixed(0)} (load ${result.load})`,
  );
}

/** SIGTERM: the worker drains and exits, and node writes its CPU profile; SIGKILL after 30 s. */
async function stopGracefully(worker: WorkerProcess): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  worker.child.kill('SIGTERM');
  const timer = setTimeout(() => worker.child.kill('SIGKILL'), 30_000);
  await worker.exited;
  clearTimeout(timer);
}

async function main(): Promise<void> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'jsrx-bench-cluster-'));
  let cluster: ScratchCluster | undefined;
  let connection: Connection | undefined;
  const stopAll = async () => {
    await Promise.all([...running].map((worker) => worker.kill()));
    await connection?.close().catch(() => undefined);
    await cluster?.stop().catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  };
  // Ctrl-C stops the workers and the cluster too.
  const onSignal = () => {
    void stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    memoryDir = scratch;
    if (WORKERS_FROM === 'dist') {
      const builtAt = Date.now();
      await build();
      process.stdout.write(
        `built dist/ (the workers' code and workflow bundle) in ${((Date.now() - builtAt) / 1000).toFixed(1)} s\n`,
      );
    } else if (WORKERS_FROM !== 'sources') throw new Error(`--from ${WORKERS_FROM}: write dist or sources`);
    const clusterStarted = Date.now();
    cluster = await openScratchCluster(() => undefined);
    process.stdout.write(
      `cluster up in ${((Date.now() - clusterStarted) / 1000).toFixed(1)} s at ${cluster.address}\n`,
    );
    connection = await Connection.connect({ address: cluster.address });
    const client = new Client({ connection, namespace: cluster.namespace });
    const results: LaunchResult[] = [];
    for (const cache of CACHES) {
      const result = await launch(cluster, client, scratch, cache);
      print(result);
      results.push(result);
    }
    if (results.length > 1) {
      const [before, ...after] = results;
      for (const other of after)
        process.stdout.write(
          `cache ${before!.cache} → ${other.cache}: launch ${before!.seconds.toFixed(1)} s → ${other.seconds.toFixed(1)} s; peak RSS ` +
            `${before!.workers.map((w) => mb(w.peakRssKb)).join(' / ')} → ${other.workers.map((w) => mb(w.peakRssKb)).join(' / ')}\n`,
        );
    }
  } finally {
    await stopAll();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
