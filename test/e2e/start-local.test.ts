import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/loopback-ports';

const repoRoot = path.resolve(__dirname, '..', '..');

async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** `npm start`, as the README has a newcomer run it, on ports and a data folder of the test's own. */
class LocalService {
  private child?: ChildProcessWithoutNullStreams;
  output = '';
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  async start(): Promise<void> {
    this.output = '';
    const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(repoRoot, 'scripts', 'start-local.ts')], {
      cwd: repoRoot,
      env: this.env,
    });
    this.child = child;
    child.stdout.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    await eventually(() => (this.output.includes('the service is up') ? true : child.exitCode !== null ? (() => {
      throw new Error(`npm start exited early:\n${this.output}`);
    })() : undefined), 'npm start to say the service is up', 90_000);
  }

  /** Ctrl-C, as a person stops it. */
  async stop(): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    return exited;
  }
}

describe('npm start on its embedded defaults', () => {
  let dataDir: string;
  let service: LocalService;
  let env: NodeJS.ProcessEnv;
  let address: string;
  let uiPort: number;
  let webPort: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'jsrx-start-'));
    address = `127.0.0.1:${await freePort()}`;
    uiPort = await freePort();
    webPort = await freePort();
    env = {
      ...process.env,
      TEMPORAL_ADDRESS: address,
      JSRX_UI_PORT: String(uiPort),
      JSRX_WEB_PORT: String(webPort),
      JSRX_PUBLIC_URL: '',
      JSRX_LINK_SECRET: '',
      // The outbox is not named: it must follow the data folder, for npm start and the worker alike.
      JSRX_DATA_DIR: dataDir,
      JSRX_OUTBOX_DIR: '',
      JSRX_EXAMPLE: 'examples/fr-2027-r1.yaml',
      SMTP_URL: '',
    };
    service = new LocalService(env);
  });

  afterAll(async () => {
    await service?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const jsrxStatus = () =>
    spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'jsrx.js'), 'status', 'fr-2027-r1', '--json'], {
      cwd: repoRoot,
      env,
      encoding: 'utf8',
    });

  // Two starts of four processes each: under a busy CI machine this takes well over jest's default minute.
  it('brings up the dev server with its Web UI, the worker and the example round, and keeps them across a restart', async () => {
    await service.start();
    expect(service.output).toContain(`Temporal Web UI   http://127.0.0.1:${uiPort}`);
    expect(service.output).toContain('npx jsrx status fr-2027-r1');
    expect(service.output).toContain(`emails            ${path.join(dataDir, 'outbox')}`);
    expect(service.output).toContain(`data in ${path.join(dataDir, 'temporal')}`);

    const ui = await fetch(`http://127.0.0.1:${uiPort}/`);
    expect(ui.status).toBe(200);

    // The web service answers on its own port, and the sample participant link it prints opens that participant's page.
    expect(service.output).toContain(`web service       http://127.0.0.1:${webPort}`);
    const sample = /a participant +(\S+)/.exec(service.output)?.[1] ?? '';
    expect(sample.startsWith(`http://127.0.0.1:${webPort}/p/`)).toBe(true);
    const participantPage = await eventually(async () => {
      const response = await fetch(sample).catch(() => undefined);
      return response?.status === 200 ? response.text() : undefined;
    }, 'the sample participant link to open');
    expect(participantPage).toContain('Échange JSR francophone 2027');
    expect(participantPage).toContain('Ce que votre délégation doit remettre');

    // The staff dashboard is printed with where its local password was generated, and signs staff in with it.
    const dashboard = /staff dashboard +(\S+) \(password in (\S+)\)/.exec(service.output);
    expect(dashboard?.[1]).toBe(`http://127.0.0.1:${webPort}/staff`);
    const password = readFileSync(dashboard?.[2] ?? '', 'utf8').trim();
    expect(password.length).toBeGreaterThanOrEqual(32);
    const login = await fetch(`${dashboard?.[1]}/login`);
    expect(login.status).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await login.text())?.[1] ?? '';
    const cookies = login.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
    const signedIn = await fetch(`${dashboard?.[1]}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies },
      body: new URLSearchParams({ _csrf: csrf, password }).toString(),
    });
    expect(signedIn.status).toBe(303);

    const firstStatus = jsrxStatus();
    expect(firstStatus.status).toBe(0);
    expect(JSON.parse(firstStatus.stdout)).toMatchObject({ roundId: 'fr-2027-r1', phase: 'prep-1' });

    // The worker is really running: the welcome pack and the invitations reach the outbox.
    const outbox = path.join(dataDir, 'outbox');
    const emails = await eventually(() => {
      const files = (() => {
        try {
          return readdirSync(outbox).filter((name) => name.endsWith('.eml'));
        } catch {
          return [];
        }
      })();
      return files.some((name) => name.includes('welcome')) && files.some((name) => name.includes('invitation')) ? files : undefined;
    }, 'the welcome pack and invitations in the outbox');
    expect(emails.length).toBeGreaterThan(0);

    expect(await service.stop()).toBe(0);

    // Restarted on the same data folder: the round is still there, and is not launched twice.
    await service.start();
    expect(service.output).toContain('round fr-2027-r1 is already running');
    const secondStatus = jsrxStatus();
    expect(secondStatus.status).toBe(0);
    expect(JSON.parse(secondStatus.stdout)).toMatchObject({ roundId: 'fr-2027-r1', launchedAt: JSON.parse(firstStatus.stdout).launchedAt });
    expect(await service.stop()).toBe(0);
  }, 240_000);
});
