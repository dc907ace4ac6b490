/**
 * Where the CPU goes during a cluster benchmark: each worker, each Temporal service, PostgreSQL (its
 * postmaster and backends) and the benchmark itself, read from /proc, plus the whole machine's busy
 * time. Shared by `npm run bench.cluster` and `npm run bench.floor`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ScratchCluster } from './scratch-cluster';
import type { WorkerProcess } from './worker-process';

/** CPU seconds (user + system) a process has used so far; 0 once it is gone. */
export function cpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    // The fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** PostgreSQL's postmaster and its backends (one per pooled connection of the Temporal services). */
function postgresPids(pgdata: string): number[] {
  const postmaster = Number(readFileSync(path.join(pgdata, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return (
          /^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1] === String(postmaster)
        );
      } catch {
        return false;
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

/** CPU seconds used so far by each part of the benchmark: the workers, each Temporal service, PostgreSQL, this process. */
export function cpuSnapshot(
  cluster: ScratchCluster,
  workers: WorkerProcess[],
): Map<string, Map<number, number>> {
  const parts = new Map<string, number[]>();
  workers.forEach((worker, index) => parts.set(index ? 'worker-b' : 'worker-a', [worker.child.pid!]));
  for (const [name, child] of cluster.processes) parts.set(name, [child.pid!]);
  parts.set('postgres', postgresPids(cluster.postgres.pgdata));
  parts.set('bench (client, SMTP counter)', [process.pid]);
  return new Map(
    [...parts].map(([name, pids]) => [name, new Map(pids.map((pid) => [pid, cpuSecondsOf(pid)]))]),
  );
}

/** CPU seconds each part used between two snapshots (a PostgreSQL backend opened in between counts from 0). */
export function cpuBetween(
  before: Map<string, Map<number, number>>,
  after: Map<string, Map<number, number>>,
): Array<[string, number]> {
  return [...after].map(([name, pids]) => [
    name,
    [...pids].reduce((sum, [pid, seconds]) => sum + seconds - (before.get(name)?.get(pid) ?? 0), 0),
  ]);
}

/** The whole machine's busy CPU seconds so far (every core, every process: the other worktrees' tests too). */
export function machineBusySeconds(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal…: busy is all but idle and iowait.
  return (ticks.reduce((a, b) => a + b, 0) - ticks[3]! - ticks[4]!) / 100;
}

/** Runs `run` on every item, at most `limit` at once. */
export async function mapLimited<T>(
  items: T[],
  limit: number,
  run: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}
