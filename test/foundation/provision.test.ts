import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { accepts, freePort } from '../../scripts/loopback-ports';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TEST_SERVER_RECIPE, TEST_SERVER_VERSION, testServerInstallDir } from '../../client/simulation/provisioned-servers';
import { provisionDevServer, provisionTestServer } from '../../scripts/provision';
import { CLASS_ARCHIVE } from '../../scripts/test-server-class-archive';

const repoRoot = path.resolve(__dirname, '..', '..');

/** Runs `npm run provision` as a newcomer would, with a PATH and cache we control. */
function provisionWith(env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, ['-r', '@swc-node/register', 'scripts/provision.ts'], {
    cwd: repoRoot,
    env,
    encoding: 'utf8',
  });
}

describe('provisioning the Temporal servers', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'jsrx-provision-'));
  });
  afterEach(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('fails with one message naming what to install when neither Go nor Java is on PATH', () => {
    // A PATH holding node alone: no go, java, mvn or temporal to be found.
    const bin = path.join(scratch, 'bin');
    spawnSync('mkdir', [bin]);
    symlinkSync(process.execPath, path.join(bin, 'node'));

    const result = provisionWith({
      PATH: bin,
      HOME: scratch,
      JSRX_CACHE_DIR: path.join(scratch, 'cache'),
      JSRX_PROVISION_OFFLINE: '1', // the SDK download is the last rung; this machine has no internet anyway
    });

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Cannot provide the Temporal dev server');
    expect(result.stderr).toMatch(/Install Go .* so it can be built/);
    expect(result.stderr).toContain('TEMPORAL_CLI=');
    expect(result.stdout).toBe('');
  });

  it('names Java and Maven when only they are missing for the test server', () => {
    const bin = path.join(scratch, 'bin');
    spawnSync('mkdir', [bin]);
    symlinkSync(process.execPath, path.join(bin, 'node'));

    const result = spawnSync(
      process.execPath,
      ['-r', '@swc-node/register', 'scripts/provision.ts', 'test-server'],
      { cwd: repoRoot, env: { PATH: bin, HOME: scratch, JSRX_CACHE_DIR: scratch, JSRX_PROVISION_OFFLINE: '1' }, encoding: 'utf8' },
    );

    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Cannot provide Temporal's time-skipping test server");
    expect(result.stderr).toContain('Install Java 17 or later and Maven');
    expect(result.stderr).toContain('Java and Maven not on PATH');
  });

  it('reports an override that points nowhere instead of quietly using something else', async () => {
    const missing = path.join(scratch, 'no-such-temporal');
    await expect(provisionDevServer({ env: { ...process.env, TEMPORAL_CLI: missing } })).rejects.toThrow(
      `TEMPORAL_CLI=${missing} is not an executable file`,
    );
    await expect(provisionTestServer({ env: { ...process.env, TEMPORAL_TEST_SERVER: missing } })).rejects.toThrow(
      'unset TEMPORAL_TEST_SERVER',
    );
  });

  it('is idempotent: a second call finds the same servers without building anything', async () => {
    // The jest global setup already provisioned both; these calls must be cache (or PATH/env) hits.
    for (const provision of [provisionDevServer, provisionTestServer]) {
      const first = await provision();
      const second = await provision();
      expect(second.path).toBe(first.path);
      expect(['cache', 'path', 'env']).toContain(second.source);
    }
  });

  it('upgrades an older recipe of the same classpath without Maven, and refuses one whose pom.xml differs', async () => {
    const { path: wrapper, source } = await provisionTestServer();
    if (source === 'env') return;
    const installed = path.dirname(wrapper);
    const cache = path.join(scratch, 'cache');
    const older = path.join(cache, `temporal-test-server-${TEST_SERVER_VERSION}-r${TEST_SERVER_RECIPE - 1}`);
    cpSync(path.join(installed, 'lib'), path.join(older, 'lib'), { recursive: true });
    cpSync(path.join(installed, 'pom.xml'), path.join(older, 'pom.xml'));
    // Java and node, no Maven: only the older folder's jars can make the new install.
    const bin = path.join(scratch, 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, path.join(bin, 'node'));
    const java = spawnSync('sh', ['-c', 'command -v java'], { encoding: 'utf8' }).stdout.trim();
    symlinkSync(java, path.join(bin, 'java'));
    const env = { PATH: bin, HOME: scratch, JSRX_CACHE_DIR: cache, JSRX_PROVISION_OFFLINE: '1' };
    const provision = () =>
      spawnSync(process.execPath, ['-r', '@swc-node/register', 'scripts/provision.ts', 'test-server'], {
        cwd: repoRoot,
        env,
        encoding: 'utf8',
      });

    const upgraded = provision();
    expect(upgraded.stderr).toContain(`taking the test server's classpath from ${older} (same pom.xml)`);
    expect(upgraded.status).toBe(0);
    const fresh = testServerInstallDir(cache);
    expect(readdirSync(path.join(fresh, 'lib')).sort()).toEqual(readdirSync(path.join(installed, 'lib')).sort());
    expect(readFileSync(path.join(fresh, 'temporal-test-server'), 'utf8')).toContain(`recipe ${TEST_SERVER_RECIPE}`);
    expect(existsSync(path.join(fresh, CLASS_ARCHIVE))).toBe(true);

    rmSync(fresh, { recursive: true });
    writeFileSync(path.join(older, 'pom.xml'), '<project>another classpath</project>\n');
    const refused = provision();
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('Maven not on PATH');
    expect(existsSync(fresh)).toBe(false);
  }, 60_000);

  it('gives the Maven-built test server a class archive its JVM maps, and a moved copy starts without it, silently', async () => {
    const { path: wrapper, source } = await provisionTestServer();
    if (source === 'env') return; // a server of the operator's own: nothing of ours to check
    const folder = path.dirname(wrapper);
    expect(existsSync(path.join(folder, CLASS_ARCHIVE))).toBe(true);
    // -Xshare:on makes an archive the JVM cannot map a fatal error instead of a quiet fallback.
    const strict = await startServer(wrapper, { JAVA_TOOL_OPTIONS: '-Xshare:on' });
    expect(strict).toMatchObject({ listened: true });

    const moved = path.join(scratch, 'moved');
    cpSync(folder, moved, { recursive: true });
    const movedWrapper = path.join(moved, path.basename(wrapper));
    const strictMoved = await startServer(movedWrapper, { JAVA_TOOL_OPTIONS: '-Xshare:on' });
    expect(strictMoved.listened).toBe(false);
    const quietMoved = await startServer(movedWrapper, {});
    expect(quietMoved).toEqual({ listened: true, output: '' });
  }, 60_000);
});

/** Starts a test server wrapper on a free port until it listens or exits; what it printed meanwhile. */
async function startServer(wrapper: string, env: NodeJS.ProcessEnv): Promise<{ listened: boolean; output: string }> {
  const port = await freePort();
  const server = spawn(wrapper, [String(port)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString().replace(/^Picked up JAVA_TOOL_OPTIONS.*\n/m, '')));
  let exited = false;
  server.once('exit', () => (exited = true));
  try {
    const giveUpAt = Date.now() + 30_000;
    while (!exited && Date.now() < giveUpAt) {
      if (await accepts(port)) return { listened: true, output };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { listened: false, output };
  } finally {
    server.kill('SIGKILL');
  }
}
