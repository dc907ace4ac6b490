/**
 * How heavy and how fast are the web pages? Launches the four-delegation example round on the dev server
 * with the real worker (letters to an outbox), starts the web service as its own process the way
 * `npm run web` does, signs in as staff, and prints:
 *   - the round page's size on the wire (status line, headers and body; the service does not compress),
 *     against the 100 KB target;
 *   - latency at 50 concurrent connections on loopback for a participant's page and the round page,
 *     measured with autocannon from this process (not the server's), p50/p95/p99 over every response,
 *     against the 100 ms p95 target.
 * The per-link read limit (120 a minute) is lifted for the run with JSRX_WEB_READS_PER_MINUTE: the
 * benchmark measures the pages, not the limiter's 429s.
 *
 *   node -r @swc-node/register scripts/bench-web.ts        (BENCH_SECONDS=10 per page by default)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { readRoundFile } from '../client/round-file-io';
import { startRound } from '../client/round-service';
import { signLinkToken } from '../domain/link-token';
import { validateRound } from '../domain/validate';
import { copyExampleRound } from '../test/cli/round-copy';
import { startRoundWorker } from '../test/harness/round-worker';
import { openDevServerEnv } from '../test/harness/servers';

const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PASSWORD = 'bench staff password';
const SECRET = `bench-${randomUUID()}${randomUUID()}`;
const repoRoot = path.resolve(__dirname, '..');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `npm run web` as a child process; resolves once it prints its address. */
function startWebProcess(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', path.join(repoRoot, 'client/web/main.ts')],
    {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the web service did not start:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('web: listening on')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`the web service exited (${code}):\n${output}`)));
  });
}

/** Signs in through the login form as a browser would; returns the Cookie header of the session. */
async function staffCookie(baseUrl: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  const header = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const form = await fetch(`${baseUrl}/staff/login`);
  keep(form);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const signedIn = await fetch(`${baseUrl}/staff/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: header() },
    body: new URLSearchParams({ _csrf: csrf, password: PASSWORD }).toString(),
  });
  keep(signedIn);
  if (signedIn.status !== 303 || !jar.has('jsrx_staff'))
    throw new Error(`staff sign-in failed: ${signedIn.status}`);
  return header();
}

/** Bytes on the wire for one GET: status line, headers and body (HTTP/1.1, no compression). */
async function transferred(
  url: string,
  cookie?: string,
): Promise<{ status: number; body: number; total: number }> {
  const response = await fetch(url, { headers: cookie ? { cookie } : {} });
  const body = Buffer.byteLength(Buffer.from(await response.arrayBuffer()));
  let head = `HTTP/1.1 ${response.status} ${response.statusText}\r\n`.length + 2;
  response.headers.forEach((value, name) => (head += `${name}: ${value}\r\n`.length));
  return { status: response.status, body, total: head + body };
}

interface Figures {
  requests: number;
  perSecond: number;
  non2xx: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
}

/** `CONNECTIONS` connections for `SECONDS`; percentiles over every response's time (autocannon reports no p95). */
async function load(url: string, headers: Record<string, string>, seconds = SECONDS): Promise<Figures> {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url, connections: CONNECTIONS, duration: seconds, headers },
      (error, done) =>
        error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(done),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)] ?? NaN;
  return {
    requests: times.length,
    perSecond: times.length / seconds,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
  };
}

const print = (line: string) => process.stdout.write(`${line}\n`);
const line = (name: string, f: Figures) =>
  `${name}: p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms; ${f.requests} requests (${f.perSecond.toFixed(0)}/s), ${f.non2xx} not 2xx, ${f.errors} errors — target p95 < 100 ms: ${f.p95 < 100 && f.non2xx === 0 && f.errors === 0 ? 'met' : 'NOT met'}`;

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const scratch = mkdtempSync(path.join(tmpdir(), 'jsrx-bench-web-'));
  const env = await openDevServerEnv();
  let web: ChildProcess | undefined;
  const taskQueue = `bench-web-${randomUUID()}`;
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const settings = {
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    JSRX_DATA_DIR: scratch,
    JSRX_OUTBOX_DIR: path.join(scratch, 'outbox'),
    JSRX_LINK_SECRET: SECRET,
    JSRX_PUBLIC_URL: baseUrl,
  };
  const worker = await startRoundWorker(env, settings);
  try {
    const { file, roundId } = copyExampleRound('en-2027-r1.yaml', scratch, 'bench-web');
    const input = await readRoundFile(file);
    const parsed = validateRound(input);
    if (!parsed.ok) throw new Error('the example round must be valid');
    await startRound(env.client, parsed.round, input, taskQueue);
    web = await startWebProcess({
      ...settings,
      JSRX_WEB_HOST: '127.0.0.1',
      JSRX_WEB_PORT: String(port),
      JSRX_STAFF_PASSWORD: PASSWORD,
      JSRX_WEB_READS_PER_MINUTE: '100000000',
      JSRX_LOG_LEVEL: 'WARN',
    });
    const cookie = await staffCookie(baseUrl);
    const token = signLinkToken(SECRET, { roundId, delegation: 'KE', email: 'p.kamau@example.ke' });
    const participantUrl = `${baseUrl}/p/${token}`;
    const roundUrl = `${baseUrl}/staff/rounds/${roundId}?tz=Africa/Nairobi`;

    const roundSize = await transferred(roundUrl, cookie);
    const participantSize = await transferred(participantUrl);
    if (roundSize.status !== 200 || participantSize.status !== 200)
      throw new Error(`pages answered ${roundSize.status} and ${participantSize.status}`);
    print(
      `round ${roundId}: ${parsed.round.delegations.length} delegations, web service in its own process (pid ${web.pid})`,
    );
    print(
      `round page: ${(roundSize.total / 1024).toFixed(1)} KB transferred (${(roundSize.body / 1024).toFixed(1)} KB of HTML) — target < 100 KB: ${roundSize.total < 100 * 1024 ? 'met' : 'NOT met'}`,
    );
    print(`participant page: ${(participantSize.total / 1024).toFixed(1)} KB transferred`);

    // A short warm-up each: the JIT, the first progress query, the connection pool.
    await load(participantUrl, {}, 2);
    print(line(`participant page, ${CONNECTIONS} connections, ${SECONDS} s`, await load(participantUrl, {})));
    await load(roundUrl, { cookie }, 2);
    print(line(`round page, ${CONNECTIONS} connections, ${SECONDS} s`, await load(roundUrl, { cookie })));
  } finally {
    web?.kill('SIGTERM');
    await worker.stop();
    await env.teardown();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
