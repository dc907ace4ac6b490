/**
 * `npm run cluster`: the production topology of docker-compose.yml as processes on this machine, without
 * Docker. PostgreSQL (the system's, in a folder of the project's), the Temporal server as five services
 * (frontend, two history hosts, matching, worker), the `default` namespace and the round's search
 * attributes, then two JSR Exchange workers with separate data folders (as on two machines) and the web
 * service when it exists. Prints where to look; Ctrl-C stops it all, workers first. Data stays in
 * `$JSRX_DATA_DIR/cluster/`, so a restart keeps every round.
 *
 * The frontend listens on TEMPORAL_ADDRESS's port (7233 by default, so `jsrx` needs no setting); the other
 * services take the ports just above it, PostgreSQL the port 200 above (scripts/cluster/temporal.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, PROJECT_ROOT } from '../worker/config';
import { ProvisionError } from '../client/simulation/provisioned-servers';
import { describeCluster, provisionCluster } from './provision-cluster';
import { clusterPorts, startTemporalCluster, stopProcess, type TemporalCluster } from './cluster/temporal';
import { WORKER_NODE_FLAGS } from '../worker/node-flags';
import { appendOutputTo } from './child-log';
import { spawnBoundToParent } from './bound-to-parent';

const say = (line: string) => process.stdout.write(`cluster: ${line}\n`);
const WORKERS = ['worker-1', 'worker-2'];
const WEB_ENTRY = path.join(PROJECT_ROOT, 'client', 'web', 'main.ts');

let cluster: TemporalCluster | undefined;
const children: Array<{ name: string; child: ChildProcess }> = [];
let stopping = false;

function startNodeProcess(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
  nodeFlags: readonly string[] = [],
): ChildProcess {
  // Bound to this process, as every process the cluster starts: a cluster killed outright takes them along.
  const child = spawnBoundToParent(process.execPath, [...nodeFlags, '-r', '@swc-node/register', entry], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  appendOutputTo(child, logFile);
  children.push({ name, child });
  child.once('exit', (code, signal) => {
    if (!stopping) say(`${name} stopped (${signal ?? `exit code ${code}`}); see ${logFile}`);
  });
  return child;
}

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  // JSR Exchange first, so running sends finish while the cluster still answers; then Temporal, then PostgreSQL.
  for (const { name, child } of children.reverse()) {
    say(`stopping ${name}…`);
    await stopProcess(child, 40_000);
  }
  if (cluster) {
    say('stopping the Temporal services and PostgreSQL…');
    await cluster.stop();
  }
  process.exit(exitCode);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  const config = loadConfig();
  const basePort = Number(config.temporal.address.split(':')[1]);
  const dataDir = path.join(config.dataDir, 'cluster');
  mkdirSync(dataDir, { recursive: true });

  const binaries = await provisionCluster({ log: say });
  say(describeCluster(binaries));
  const started = Date.now();
  cluster = await startTemporalCluster({ binaries, dataDir, basePort, log: say });
  say(`Temporal cluster on ${cluster.address} in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const shared = { TEMPORAL_ADDRESS: cluster.address, TEMPORAL_NAMESPACE: cluster.namespace };
  for (const name of WORKERS) {
    // A data folder each, as on two machines: nothing one worker writes is needed by the other.
    const workerDir = path.join(dataDir, name);
    mkdirSync(workerDir, { recursive: true });
    startNodeProcess(
      name,
      path.join(PROJECT_ROOT, 'worker', 'main.ts'),
      { ...shared, JSRX_DATA_DIR: workerDir, JSRX_OUTBOX_DIR: config.mail.outboxDir },
      path.join(cluster.logsDir, `${name}.log`),
      WORKER_NODE_FLAGS,
    );
  }
  const web = existsSync(WEB_ENTRY);
  if (web) startNodeProcess('web', WEB_ENTRY, shared, path.join(cluster.logsDir, 'web.log'));

  const ports = clusterPorts(basePort);
  const mail = config.mail.smtpUrl
    ? `SMTP at ${new URL(config.mail.smtpUrl).host}`
    : `the outbox ${config.mail.outboxDir} (both workers write there)`;
  say('the cluster is up. Where to look:');
  say(
    `  Temporal frontend   ${cluster.address} (namespace ${cluster.namespace}); npx jsrx list, npx jsrx launch examples/en-2027-r1.yaml`,
  );
  say(
    `  history hosts       127.0.0.1:${ports['history-1'].grpc}, 127.0.0.1:${ports['history-2'].grpc}; matching 127.0.0.1:${ports.matching.grpc}`,
  );
  say(
    `  PostgreSQL          127.0.0.1:${ports.postgres}, user postgres, databases temporal and temporal_visibility`,
  );
  say(`  emails              ${mail}`);
  say(`  web service         ${web ? 'http://127.0.0.1:8080' : 'not in this checkout (client/web/main.ts)'}`);
  say(`  logs                ${cluster.logsDir} (one file per process)`);
  say(
    '  Web UI              in docker-compose.yml only (temporalio/ui); here, use npx jsrx status or the temporal CLI',
  );
  say(`Ctrl-C stops the workers, the Temporal services and PostgreSQL; the data stays in ${dataDir}.`);
}

main().catch((error: unknown) => {
  const known = error instanceof ProvisionError || error instanceof ConfigError;
  process.stderr.write(
    `cluster: ${known ? (error as Error).message : String((error as Error)?.stack ?? error)}\n`,
  );
  void stopAll(error instanceof ConfigError || error instanceof ProvisionError ? 2 : 1);
});
