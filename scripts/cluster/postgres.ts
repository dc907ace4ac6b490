/**
 * A PostgreSQL of the cluster's own: the system's binaries, a data folder of the project's, listening
 * on 127.0.0.1 and a port of its own (never the system instance's). PostgreSQL refuses to run as root,
 * so when this process is root, `initdb` and `pg_ctl` run as the `postgres` user and the folder is
 * handed to it.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { spawnBoundToParent } from '../bound-to-parent';

export interface PostgresOptions {
  /** Folder holding initdb, pg_ctl and postgres (scripts/provision-cluster.ts finds it). */
  binDir: string;
  /** The cluster's folder: the database goes into `postgres/` inside it, its log beside. */
  dataDir: string;
  port: number;
  /** Off for tests: no fsync, so a schema and a few hundred rounds do not wait on the disk. */
  durable?: boolean;
}

export interface Postgres {
  port: number;
  /** The database folder (PGDATA). */
  pgdata: string;
  logFile: string;
  /** `pg_ctl stop -m fast`: the server finishes what is in flight and stops; nothing is lost. Nothing if stopped. */
  stop(): void;
  /** Starts it again on the same folder and port (the fault tests stop and restart it). Nothing if running. */
  start(): void;
}

function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  if (!Number.isInteger(uid) || uid <= 0) {
    throw new Error(
      'running as root, but there is no `postgres` user to run PostgreSQL as: create one, or run as an ordinary user',
    );
  }
  return { uid, gid };
}

export function openPostgres(options: PostgresOptions): Postgres {
  const owner = postgresUser();
  const pgdata = path.join(options.dataDir, 'postgres');
  const logFile = path.join(options.dataDir, 'logs', 'postgres.log');
  mkdirSync(path.dirname(logFile), { recursive: true });
  // The postgres user must reach its folders through the cluster's folder (mkdtemp makes it 0700).
  chmodSync(options.dataDir, 0o755);
  const runAsOwner = (tool: string, args: string[]) => {
    const command = owner ? 'runuser' : path.join(options.binDir, tool);
    const fullArgs = owner ? ['-u', 'postgres', '--', path.join(options.binDir, tool), ...args] : args;
    const result = spawnSync(command, fullArgs, { encoding: 'utf8', cwd: options.dataDir });
    if (result.status !== 0) {
      throw new Error(
        `${tool} ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout}${result.stderr}${existsSync(logFile) ? `\nsee ${logFile}` : ''}`,
      );
    }
  };

  if (!existsSync(path.join(pgdata, 'PG_VERSION'))) {
    mkdirSync(pgdata, { recursive: true, mode: 0o700 });
    if (owner) chownSync(pgdata, owner.uid, owner.gid);
    // trust on 127.0.0.1 only (listen_addresses below): the cluster's database is not reachable from elsewhere.
    runAsOwner('initdb', [
      '-D',
      pgdata,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--no-instructions',
      ...(options.durable === false ? ['--no-sync'] : []),
    ]);
  }
  if (owner) chownSync(path.dirname(logFile), owner.uid, owner.gid);

  const serverOptions = [
    `-p ${options.port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${pgdata}`,
    // Temporal's services each keep a pool (SQL_MAX_CONNS 20 + 10 for visibility): six processes.
    '-c max_connections=300',
    ...(options.durable === false
      ? ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']
      : []),
  ].join(' ');
  // Both idempotent, so a test that failed between its stop and its start still ends with a clean stop.
  // `pg_ctl status` exits 3 when no server runs on the folder.
  // pg_ctl refuses root for every mode, `status` included.
  const running = () =>
    (owner
      ? spawnSync('runuser', ['-u', 'postgres', '--', path.join(options.binDir, 'pg_ctl'), 'status', '-D', pgdata])
      : spawnSync(path.join(options.binDir, 'pg_ctl'), ['status', '-D', pgdata])
    ).status === 0;
  // pg_ctl starts the server detached, out of this process's tree, where the watch that stops the other
  // services with their starter cannot see it: a sentinel bound to this process stops it instead.
  let sentinel: ChildProcess | undefined;
  const pgCtl = path.join(options.binDir, 'pg_ctl');
  const stopCommand = [...(owner ? ['runuser', '-u', 'postgres', '--'] : []), pgCtl, 'stop', '-D', pgdata, '-m', 'fast'];
  const guard = () => {
    const script = [
      `stop_postgres() { ${stopCommand.map(shellQuoted).join(' ')} >/dev/null 2>&1; }`,
      "trap 'stop_postgres; exit 0' TERM",
      'while :; do sleep 1; done',
    ].join('\n');
    sentinel = spawnBoundToParent('/bin/sh', ['-c', script], { stdio: 'ignore' });
    sentinel.unref();
  };
  const unguard = () => {
    // SIGKILL skips the trap: an orderly stop is this process's to make, and a late sentinel firing would
    // stop a PostgreSQL started again on the same folder.
    sentinel?.kill('SIGKILL');
    sentinel = undefined;
  };
  const start = () => {
    if (!running()) runAsOwner('pg_ctl', ['start', '-D', pgdata, '-l', logFile, '-w', '-t', '60', '-o', serverOptions]);
    if (!sentinel) guard();
  };
  const stop = () => {
    unguard();
    if (running()) runAsOwner('pg_ctl', ['stop', '-D', pgdata, '-m', 'fast', '-w']);
  };
  // A crashed earlier run may have left one running on this folder.
  if (existsSync(path.join(pgdata, 'postmaster.pid'))) {
    try {
      stop();
    } catch {
      // a stale pid file: pg_ctl start below copes with it
    }
  }
  start();
  return { port: options.port, pgdata, logFile, stop, start };
}

function shellQuoted(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
