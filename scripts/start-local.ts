/**
 * `npm start`: the whole service on this machine, on its embedded defaults. Provisions the Temporal dev
 * server (SQLite in the data folder, JSRX_DATA_DIR, `.data/` by default; Web UI), starts the worker and
 * the web service (participants' pages, calendar feeds), launches the example round once, prints where to look, and stops everything it started on Ctrl-C. A
 * server already listening on TEMPORAL_ADDRESS is used as it is. Settings come from worker/config.ts,
 * the module the worker reads, so both put local state in the same folders.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe as describeProvisioned, provisionDevServer, ProvisionError } from './provision';
import { ConfigError, loadConfig, PROJECT_ROOT, type Config } from '../worker/config';
import { ROUND_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import { submissionLink } from '../activities/links';
import { resolveLinkSecret, secretInFile } from '../worker/link-secret';
import { WORKER_NODE_FLAGS } from '../worker/node-flags';
import { WATCHED_SOURCES, watchFlags } from './watch-sources';
import { appendOutputTo } from './child-log';
// Bound, so that an `npm start` killed outright (SIGKILL, a crash) leaves no server, worker or web service behind.
import { spawnBoundToParent } from './bound-to-parent';

const root = PROJECT_ROOT;
const config = loadConfigOrExit();
const address = config.temporal.address;
const [host = '127.0.0.1', portText = '7233'] = address.split(':');
const uiPort = Number(process.env.JSRX_UI_PORT ?? Number(portText) + 1000);
const example = process.env.JSRX_EXAMPLE ?? 'examples/en-2027-r1.yaml';
/** `npm run start.watch`: the worker and the web service restart when their sources change. */
const watch = process.argv.includes('--watch');

const say = (line: string) => process.stdout.write(`start: ${line}\n`);

function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`start: ${error.message}\n`);
    process.exit(2);
  }
}
const started: Array<{ name: string; child: ChildProcess }> = [];

function listening(port: number, hostname: string, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: hostname });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitUntilListening(port: number, hostname: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the Temporal dev server exited with code ${child.exitCode}; see ${config.devServer.logFile}`);
    if (await listening(port, hostname)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the Temporal dev server did not listen on ${hostname}:${port} within ${timeoutMs / 1000} s`);
}

async function startDevServer(): Promise<void> {
  if (await listening(Number(portText), host)) {
    say(`a Temporal server already listens on ${address}: using it`);
    return;
  }
  const cli = await provisionDevServer({ log: say });
  say(`Temporal CLI ${describeProvisioned(cli)}`);
  const { databaseFile, logFile } = config.devServer;
  mkdirSync(path.dirname(databaseFile), { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--ip',
    host,
    '--port',
    portText,
    '--ui-port',
    String(uiPort),
    // On disk, so a restart keeps every round.
    '--db-filename',
    databaseFile,
    '--log-level',
    'warn',
    ...ROUND_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=Keyword`]),
  ];
  const child = spawnBoundToParent(cli.path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  appendOutputTo(child, logFile);
  started.push({ name: 'Temporal dev server', child });
  await waitUntilListening(Number(portText), host, child, 60_000);
  say(`Temporal dev server on ${address}, data in ${path.dirname(databaseFile)}`);
}

function startWorker(): void {
  const flags = [...WORKER_NODE_FLAGS, ...(watch ? watchFlags(root, WATCHED_SOURCES.worker) : [])];
  const child = spawnBoundToParent(process.execPath, [...flags, '-r', '@swc-node/register', path.join(root, 'worker', 'main.ts')], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, TEMPORAL_ADDRESS: address },
  });
  started.push({ name: 'worker', child });
  child.once('exit', (code, signal) => {
    if (!stopping) {
      say(`the worker stopped (${signal ?? `exit code ${code}`}); stopping the rest`);
      void stopAll(1);
    }
  });
}

/**
 * Locally, the staff dashboard's password is JSRX_STAFF_PASSWORD, or one generated once into the data
 * folder (owner-only), so a fresh clone can sign in without configuring anything.
 */
function staffPassword(): { password: string; file?: string } {
  if (config.web.staffPassword) return { password: config.web.staffPassword };
  const file = path.join(config.dataDir, 'staff-password');
  return { password: secretInFile(file, 'JSRX_STAFF_PASSWORD'), file };
}

/** The web service (participants' pages, feeds, staff dashboard), as `npm run web` runs it. */
function startWeb(): void {
  const child = spawnBoundToParent(process.execPath, [...(watch ? watchFlags(root, WATCHED_SOURCES.web) : []), '-r', '@swc-node/register', path.join(root, 'client', 'web', 'main.ts')], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, TEMPORAL_ADDRESS: address, JSRX_STAFF_PASSWORD: staffPassword().password },
  });
  started.push({ name: 'web service', child });
  child.once('exit', (code, signal) => {
    if (!stopping) {
      say(`the web service stopped (${signal ?? `exit code ${code}`}); stopping the rest`);
      void stopAll(1);
    }
  });
}

/** A participant's personal link into the example round: what their emails carry. */
function sampleParticipantLink(roundId: string, file: string): string | undefined {
  const validation = jsrx(['validate', path.resolve(root, file), '--json']);
  const round = (JSON.parse(validation.stdout) as { round?: { delegations?: Array<{ country: string; participants: Array<{ email: string }> }> } }).round;
  const delegation = round?.delegations?.[0];
  const email = delegation?.participants[0]?.email;
  return delegation && email ? submissionLink(config.publicUrl, resolveLinkSecret(config), roundId, delegation.country, email) : undefined;
}

function jsrx(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(root, 'bin', 'jsrx.js'), ...args], {
    cwd: root,
    env: { ...process.env, TEMPORAL_ADDRESS: address },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function launchExample(): string | undefined {
  if (example === 'none') return undefined;
  const file = path.resolve(root, example);
  if (!existsSync(file)) {
    say(`no example round at ${example}; nothing launched`);
    return undefined;
  }
  const validation = jsrx(['validate', file, '--json']);
  const roundId = validation.status === 0 ? (JSON.parse(validation.stdout) as { round?: { id?: string } }).round?.id : undefined;
  if (!roundId) {
    say(`the example ${example} does not validate:\n${validation.stdout}${validation.stderr}`);
    return undefined;
  }
  if (jsrx(['status', roundId, '--json']).status === 0) {
    say(`round ${roundId} is already running`);
    return roundId;
  }
  const launch = jsrx(['launch', file]);
  process.stdout.write(launch.stdout);
  process.stderr.write(launch.stderr);
  return launch.status === 0 ? roundId : undefined;
}

let stopping = false;
async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  // The worker first, so it finishes its activities while the server still answers.
  for (const { name, child } of [...started].reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    say(`stopping the ${name}…`);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
  process.exit(exitCode);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  await startDevServer();
  // Generated here once, before the worker and the web service both read it.
  resolveLinkSecret(config);
  startWorker();
  startWeb();
  const roundId = launchExample();
  const sample = roundId ? sampleParticipantLink(roundId, example) : undefined;
  const outbox = config.mail.smtpUrl ? `SMTP at ${new URL(config.mail.smtpUrl).host}` : config.mail.outboxDir;
  say('the service is up. Where to look:');
  say(`  Temporal Web UI   http://${host}:${uiPort}`);
  say(`  web service       ${config.publicUrl} (on ${config.web.host}:${config.web.port})`);
  const staff = staffPassword();
  say(`  staff dashboard   ${config.publicUrl.replace(/\/+$/, '')}/staff (password ${staff.file ? `in ${staff.file}` : 'from JSRX_STAFF_PASSWORD'})`);
  if (sample) say(`  a participant     ${sample}`);
  say(`  emails            ${outbox}`);
  if (roundId) say(`  the example round npx jsrx status ${roundId}`);
  say('  every command     npx jsrx --help');
  if (watch) {
    say(`watching: the worker restarts when ${WATCHED_SOURCES.worker.join('/, ')}/ change, the web service when ${WATCHED_SOURCES.web.join('/, ')}/ do.`);
    say('  A changed workflow must still replay the rounds already running: see "Changing the workflows" in the README.');
  }
  say(`Ctrl-C stops the worker and the dev server; the data stays in ${config.dataDir}.`);
}

main().catch((error: unknown) => {
  process.stderr.write(`start: ${error instanceof ProvisionError ? error.message : String((error as Error)?.message ?? error)}\n`);
  void stopAll(error instanceof ProvisionError ? 2 : 1);
});
