/**
 * The Temporal cluster as separate processes: PostgreSQL (postgres.ts), the schema applied with the SQL
 * tool, then frontend, two history hosts, matching and worker, each `server --allow-no-auth start
 * --service X` with the server's embedded configuration template filled from environment variables (the
 * names come from common/config/config_template_embedded.yaml of go.temporal.io/server v1.32.1). The
 * server creates no namespace: `default` and the round's search attributes are created here through the
 * frontend, as docker-compose.yml's temporal-setup does.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { PROJECT_ROOT } from '../../worker/config';
import { ROUND_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import type { ProvisionedCluster } from '../provision-cluster';
import { openPostgres, type Postgres } from './postgres';
import { appendOutputTo } from '../child-log';
import { spawnBoundToParent } from '../bound-to-parent';

export const DYNAMIC_CONFIG_FILE = path.join(PROJECT_ROOT, 'deploy', 'dynamicconfig', 'jsr-exchange.yaml');

/** Each Temporal process, by the name its log file and messages use. */
export const TEMPORAL_SERVICES = ['history-1', 'history-2', 'matching', 'frontend', 'worker'] as const;
export type TemporalServiceName = (typeof TEMPORAL_SERVICES)[number];

/**
 * Ports from one base: the frontend's gRPC port is the base (what TEMPORAL_ADDRESS names), the others
 * follow it, membership ports 100 above, PostgreSQL 200 above.
 */
export function clusterPorts(base: number) {
  // The cluster_membership table keeps rpc_port as a SMALLINT: a membership port above 32767 kills the host at start.
  if (base + 104 > 32_767) throw new Error(`the cluster's ports start at ${base}: choose a frontend port of 32663 or lower (membership ports are 100 above it and must stay under 32768)`);
  return {
    frontend: { grpc: base, membership: base + 100, http: base + 5 },
    'history-1': { grpc: base + 1, membership: base + 101 },
    'history-2': { grpc: base + 2, membership: base + 102 },
    matching: { grpc: base + 3, membership: base + 103 },
    worker: { grpc: base + 4, membership: base + 104 },
    postgres: base + 200,
  };
}

export interface ClusterOptions {
  binaries: ProvisionedCluster;
  /** The cluster's folder: PostgreSQL's data, one log per process. Reused: a restart keeps every round. */
  dataDir: string;
  /** The frontend's gRPC port; the others follow it (clusterPorts). */
  basePort: number;
  /** Off for tests (see postgres.ts). */
  durable?: boolean;
  numHistoryShards?: number;
  log?: (line: string) => void;
}

export interface TemporalCluster {
  address: string;
  namespace: string;
  postgres: Postgres;
  logsDir: string;
  /** The running process of each service. */
  processes: Map<TemporalServiceName, ChildProcess>;
  /** Durations of the start, in ms, for the record. */
  timings: { postgres: number; schema: number; services: number; namespace: number };
  /** Starts a service again (after a fault test killed it). */
  startService(name: TemporalServiceName): ChildProcess;
  /** Resolves once a (re)started service listens on its gRPC port; rejects if it exits or after 120 s. */
  waitUntilServing(name: TemporalServiceName): Promise<void>;
  /** SIGKILLs one service and waits for its exit. */
  killService(name: TemporalServiceName): Promise<void>;
  /**
   * Stops the whole cluster and keeps its data, as an operator's restart does: every service (SIGTERM,
   * then SIGKILL after 10 s), then PostgreSQL. `startAll` brings it back on the same ports.
   */
  stopAll(): Promise<void>;
  /** Starts PostgreSQL and the five services again and resolves once the namespace answers a visibility query. */
  startAll(): Promise<void>;
  /** Stops every service (SIGTERM, then SIGKILL after 10 s), then PostgreSQL. */
  stop(): Promise<void>;
}

function serviceEnv(
  ports: ReturnType<typeof clusterPorts>,
  name: TemporalServiceName,
  shards: number,
): NodeJS.ProcessEnv {
  // The history and matching ports of the template name the host being started: a second history host
  // is the same service on other ports.
  const history = name === 'history-2' ? ports['history-2'] : ports['history-1'];
  return {
    PATH: process.env.PATH,
    DB: 'postgres12',
    POSTGRES_SEEDS: '127.0.0.1',
    DB_PORT: String(ports.postgres),
    POSTGRES_USER: 'postgres',
    POSTGRES_PWD: '',
    NUM_HISTORY_SHARDS: String(shards),
    BIND_ON_IP: '127.0.0.1',
    DYNAMIC_CONFIG_FILE_PATH: DYNAMIC_CONFIG_FILE,
    LOG_LEVEL: 'warn',
    FRONTEND_GRPC_PORT: String(ports.frontend.grpc),
    FRONTEND_MEMBERSHIP_PORT: String(ports.frontend.membership),
    FRONTEND_HTTP_PORT: String(ports.frontend.http),
    HISTORY_GRPC_PORT: String(history.grpc),
    HISTORY_MEMBERSHIP_PORT: String(history.membership),
    MATCHING_GRPC_PORT: String(ports.matching.grpc),
    MATCHING_MEMBERSHIP_PORT: String(ports.matching.membership),
    WORKER_GRPC_PORT: String(ports.worker.grpc),
    WORKER_MEMBERSHIP_PORT: String(ports.worker.membership),
  };
}

function applySchema(binaries: ProvisionedCluster, port: number, dataDir: string): void {
  const marker = path.join(dataDir, 'schema-applied');
  if (existsSync(marker)) return;
  const common = ['--plugin', 'postgres12', '--ep', '127.0.0.1', '-p', String(port), '-u', 'postgres'];
  const steps: string[][] = [];
  for (const [database, schema] of [
    ['temporal', 'postgresql/v12/temporal'],
    ['temporal_visibility', 'postgresql/v12/visibility'],
  ] as const) {
    steps.push(
      ['--db', database, 'create'],
      ['--db', database, 'setup-schema', '-v', '0.0'],
      ['--db', database, 'update-schema', '--schema-name', schema],
    );
  }
  for (const step of steps) {
    const result = spawnSync(binaries.sqlTool, [...common, ...step], { encoding: 'utf8' });
    if (result.status !== 0)
      throw new Error(
        `sql ${step.join(' ')} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`,
      );
  }
  writeFileSync(marker, `${new Date().toISOString()}\n`);
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The frontend answers once it has joined the ring and reaches history and matching. */
async function registerNamespaceAndSearchAttributes(
  address: string,
  namespace: string,
  deadline: number,
): Promise<void> {
  let lastError: unknown;
  while (Date.now() < deadline) {
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: 2000 });
      const { workflowService, operatorService } = connection;
      try {
        await workflowService.registerNamespace({
          namespace,
          workflowExecutionRetentionPeriod: msToTs('90 days'),
        });
      } catch (error) {
        if ((error as { code?: number }).code !== 6 /* ALREADY_EXISTS */) throw error;
      }
      const existing = await operatorService.listSearchAttributes({ namespace });
      const missing = ROUND_SEARCH_ATTRIBUTES.filter(
        (key) => !(key.name in (existing.customAttributes ?? {})),
      );
      if (missing.length) {
        await operatorService.addSearchAttributes({
          namespace,
          searchAttributes: Object.fromEntries(
            missing.map((key) => [
              key.name,
              temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
            ]),
          ),
        });
      }
      // Ready when a visibility query on a round attribute is accepted: the namespace is in the
      // frontend's cache (refreshed every 2 s) and the attributes are known.
      await workflowService.listWorkflowExecutions({
        namespace,
        query: `RoundPhase = 'prep-1'`,
        pageSize: 1,
      });
      return;
    } catch (error) {
      lastError = error;
      await sleep(1000);
    } finally {
      await connection?.close();
    }
  }
  throw new Error(
    `the cluster at ${address} did not accept the namespace and search attributes: ${(lastError as Error)?.message ?? lastError}`,
  );
}

export async function startTemporalCluster(options: ClusterOptions): Promise<TemporalCluster> {
  const log = options.log ?? (() => undefined);
  const ports = clusterPorts(options.basePort);
  const logsDir = path.join(options.dataDir, 'logs');
  mkdirSync(logsDir, { recursive: true });
  const shards = options.numHistoryShards ?? 4;
  const namespace = 'default';

  let started = Date.now();
  const postgres = openPostgres({
    binDir: options.binaries.postgresBin,
    dataDir: options.dataDir,
    port: ports.postgres,
    durable: options.durable,
  });
  const timings = { postgres: Date.now() - started, schema: 0, services: 0, namespace: 0 };
  log(
    `PostgreSQL on 127.0.0.1:${ports.postgres} (${postgres.pgdata}) in ${(timings.postgres / 1000).toFixed(1)} s`,
  );

  const processes = new Map<TemporalServiceName, ChildProcess>();
  const stopAll = async () => {
    await Promise.all([...processes.values()].map((child) => stopProcess(child)));
    processes.clear();
    postgres.stop();
  };
  try {
    started = Date.now();
    applySchema(options.binaries, ports.postgres, options.dataDir);
    timings.schema = Date.now() - started;
    log(`schema applied in ${(timings.schema / 1000).toFixed(1)} s`);

    const startService = (name: TemporalServiceName): ChildProcess => {
      const service = name.startsWith('history') ? 'history' : name;
      const child = spawnBoundToParent(options.binaries.server, ['--allow-no-auth', 'start', '--service', service], {
        env: serviceEnv(ports, name, shards),
        cwd: options.dataDir,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      appendOutputTo(child, path.join(logsDir, `${name}.log`));
      processes.set(name, child);
      return child;
    };
    const waitUntilListening = async (port: number, what: string, deadline: number) => {
      while (!(await listening(port))) {
        const dead = [...processes].find(([, child]) => child.exitCode !== null);
        if (dead) {
          throw new Error(`the Temporal ${dead[0]} exited with code ${dead[1].exitCode}; see ${path.join(logsDir, `${dead[0]}.log`)}`);
        }
        if (Date.now() > deadline) throw new Error(`the Temporal ${what} did not listen on 127.0.0.1:${port} within 120 s; see ${logsDir}`);
        await sleep(250);
      }
    };
    const startServices = async () => {
      const deadline = Date.now() + 120_000;
      // One service first: on an empty database each service writes the cluster metadata at start, and
      // two doing it at once fail on its unique key ("SaveClusterMetadata … duplicate key").
      startService('history-1');
      await waitUntilListening(ports['history-1'].grpc, 'history-1', deadline);
      for (const name of TEMPORAL_SERVICES.filter((service) => service !== 'history-1')) startService(name);
      await waitUntilListening(ports.frontend.grpc, 'frontend', deadline);
    };
    started = Date.now();
    await startServices();
    timings.services = Date.now() - started;
    log(`Temporal services listening in ${(timings.services / 1000).toFixed(1)} s`);

    started = Date.now();
    const address = `127.0.0.1:${ports.frontend.grpc}`;
    await registerNamespaceAndSearchAttributes(address, namespace, Date.now() + 120_000);
    timings.namespace = Date.now() - started;
    log(
      `namespace ${namespace} and search attributes ${ROUND_SEARCH_ATTRIBUTES.map((key) => key.name).join(', ')} ready in ${(timings.namespace / 1000).toFixed(1)} s`,
    );

    return {
      address,
      namespace,
      postgres,
      logsDir,
      processes,
      timings,
      startService,
      waitUntilServing: (name) => waitUntilListening(ports[name].grpc, name, Date.now() + 120_000),
      async killService(name) {
        const child = processes.get(name);
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      },
      stopAll,
      async startAll() {
        postgres.start();
        await startServices();
        // Already registered: this only waits until the frontend serves the namespace again.
        await registerNamespaceAndSearchAttributes(address, namespace, Date.now() + 120_000);
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}

export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
