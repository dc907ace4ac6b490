/**
 * Finds or makes the two Temporal servers this project runs on, without relying on the SDK's download
 * (these machines reach package registries only). Each server has a ladder of sources, tried in order;
 * the first that works wins, and the result is cached under `.cache/` so a warm call costs a few ms.
 *
 *   dev server (`temporal` CLI): TEMPORAL_CLI → `temporal` on PATH → cache → `go install` → SDK download
 *   time-skipping test server:   TEMPORAL_TEST_SERVER → cache (Maven-built, or an earlier SDK download) → the jars of an
 *                                older recipe with the same pom.xml, or Maven Central via `mvn` → SDK download
 *
 * Where servers are found (the environment and the cache) lives in client/simulation/provisioned-servers.ts,
 * shared with `jsrx simulate`, which finds but never builds.
 *
 * Run directly: `npm run provision` (add `--json` for machine-readable output; name `dev-server`, `test-server`
 * or `browser` to provision only those). `browser` is the browser tests' Chromium: scripts/provision-browser.ts.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import {
  executableFromEnv,
  findTestServer,
  firstExecutableIn,
  isExecutableFile,
  ProvisionError,
  sdkDownloadDir,
  serverCacheDir,
  TEST_SERVER_RECIPE,
  TEST_SERVER_VERSION,
  testServerInstallDir,
} from '../client/simulation/provisioned-servers';
import { WATCH_STARTER_LINES } from './bound-to-parent';
import { CLASS_ARCHIVE, TEST_SERVER_JVM_FLAGS, trainClassArchive } from './test-server-class-archive';
import { ARTIFACT_MAIN, buildLoopbackMain, LOOPBACK_JAR, LOOPBACK_MAIN } from './loopback-test-server';
import {
  BrowserProvisionError,
  describeBrowser,
  provisionChromium,
  type ProvisionedBrowser,
} from './provision-browser';

export { ProvisionError, TEST_SERVER_VERSION };

export const TEMPORAL_CLI_VERSION = 'v1.5.1';
// Later CLI tags carry a `replace` directive that `go install` refuses (DESIGN.md §5).
export const TEMPORAL_CLI_MODULE = `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`;
export const TEST_SERVER_ARTIFACT = `io.temporal:temporal-test-server:${TEST_SERVER_VERSION}`;
// The server logs through SLF4J 1.7 and prints a warning on every start when no binding is on the
// classpath; the no-op binding keeps `jsrx simulate` and the test output clean.
const SLF4J_NOP = 'org.slf4j:slf4j-nop:1.7.36';

export type ProvisionSource = 'env' | 'path' | 'cache' | 'go-install' | 'maven' | 'sdk-download';

export interface Provisioned {
  server: 'dev-server' | 'test-server';
  path: string;
  source: ProvisionSource;
  durationMs: number;
}

export interface ProvisionOptions {
  /** Where built servers are kept; defaults to `.cache/` at the project root (git-ignored). */
  cacheDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Progress lines (what is being tried, and how long it took). */
  log?: (line: string) => void;
}

/** Resolves a command on the given PATH the way a shell would, without spawning one. */
export function which(command: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

export function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): { ok: boolean; output: string } {
  const result = spawnSync(command, args, { env, cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
  return { ok: result.status === 0, output };
}

export function tail(text: string, lines = 15): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

/** Builds into a scratch folder next to the target, then renames it in place, so a crash or a concurrent call never leaves a half-built cache entry. */
export function buildAtomically(target: string, build: (scratch: string) => void): void {
  mkdirSync(path.dirname(target), { recursive: true });
  const scratch = mkdtempSync(`${target}.partial-`);
  try {
    build(scratch);
    if (existsSync(target)) return; // another process won the race: keep theirs
    renameSync(scratch, target);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function timed<T extends Omit<Provisioned, 'durationMs'>>(started: number, found: T): Provisioned {
  return { ...found, durationMs: Date.now() - started };
}

async function sdkDownload(
  kind: 'dev-server' | 'test-server',
  downloadDir: string,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  if (env.JSRX_PROVISION_OFFLINE === '1')
    throw new ProvisionError('download disabled by JSRX_PROVISION_OFFLINE=1');
  // Loaded lazily: the SDK's native runtime is only needed on this last rung.
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  mkdirSync(downloadDir, { recursive: true });
  const executable = { type: 'cached-download' as const, downloadDir };
  const testEnv =
    kind === 'dev-server'
      ? await TestWorkflowEnvironment.createLocal({ server: { executable } })
      : await TestWorkflowEnvironment.createTimeSkipping({ server: { executable } });
  await testEnv.teardown();
  const downloaded = firstExecutableIn(downloadDir);
  if (!downloaded)
    throw new ProvisionError(`the SDK started a ${kind} but left no executable in ${downloadDir}`);
  return downloaded;
}

export async function provisionDevServer(options: ProvisionOptions = {}): Promise<Provisioned> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const cacheDir = options.cacheDir ?? serverCacheDir(env);
  const started = Date.now();
  const server = 'dev-server' as const;

  const fromEnv = executableFromEnv('TEMPORAL_CLI', env);
  if (fromEnv) return timed(started, { server, path: fromEnv, source: 'env' });

  const onPath = which('temporal', env);
  if (onPath) return timed(started, { server, path: onPath, source: 'path' });

  const installDir = path.join(cacheDir, `temporal-cli-${TEMPORAL_CLI_VERSION}`);
  const cached = path.join(installDir, 'temporal');
  if (isExecutableFile(cached)) return timed(started, { server, path: cached, source: 'cache' });

  const attempts: string[] = [];
  const go = which('go', env);
  if (go) {
    log(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with ${go} (first run only, a few minutes)…`);
    try {
      buildAtomically(installDir, (scratch) => {
        const result = run(go, ['install', TEMPORAL_CLI_MODULE], {
          ...env,
          GOBIN: scratch,
          CGO_ENABLED: '0',
          GOFLAGS: '-buildvcs=false',
        });
        if (!result.ok)
          throw new ProvisionError(`go install ${TEMPORAL_CLI_MODULE} failed:\n${tail(result.output)}`);
      });
      if (isExecutableFile(cached)) return timed(started, { server, path: cached, source: 'go-install' });
      attempts.push(`go install finished but ${cached} is missing`);
    } catch (error) {
      attempts.push(String((error as Error).message));
    }
  } else {
    attempts.push('Go is not on PATH, so the CLI cannot be built');
  }

  try {
    log('trying the Temporal SDK download (needs internet access)…');
    const downloaded = await sdkDownload(server, sdkDownloadDir(cacheDir, server), env);
    return timed(started, { server, path: downloaded, source: 'sdk-download' });
  } catch (error) {
    attempts.push(`SDK download: ${(error as Error).message}`);
  }

  throw provisionFailure(
    [
      'Cannot provide the Temporal dev server (the `temporal` CLI).',
      'Install Go 1.22 or later (https://go.dev/doc/install, or `apt-get install golang`) so it can be built,',
      'or put a `temporal` CLI on PATH, or set TEMPORAL_CLI=/path/to/temporal.',
    ],
    attempts,
  );
}

function testServerPom(): string {
  const [groupId, artifactId, version] = TEST_SERVER_ARTIFACT.split(':');
  const [nopGroup, nopArtifact, nopVersion] = SLF4J_NOP.split(':');
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.jsrexchange.provision</groupId>
  <artifactId>temporal-test-server-classpath</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${version}</version></dependency>
    <dependency><groupId>${nopGroup}</groupId><artifactId>${nopArtifact}</artifactId><version>${nopVersion}</version></dependency>
  </dependencies>
</project>
`;
}

/**
 * The lib/ folder of an install made by an earlier recipe of the same server version from the same
 * pom.xml, newest recipe first; undefined when there is none. Install folders appear whole (built aside,
 * then renamed), so a lib/ found there is complete.
 */
function earlierClasspath(cacheDir: string, pom: string): string | undefined {
  const current = path.basename(testServerInstallDir(cacheDir));
  const prefix = `temporal-test-server-${TEST_SERVER_VERSION}-r`;
  let names: string[];
  try {
    names = readdirSync(cacheDir);
  } catch {
    return undefined;
  }
  const recipes = names
    .filter((name) => name !== current && name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)))
    .sort((a, b) => Number(b.slice(prefix.length)) - Number(a.slice(prefix.length)));
  for (const name of recipes) {
    const folder = path.join(cacheDir, name);
    try {
      if (readFileSync(path.join(folder, 'pom.xml'), 'utf8') === pom && statSync(path.join(folder, 'lib')).isDirectory())
        return path.join(folder, 'lib');
    } catch {
      // not a complete install of ours: resolve with Maven instead
    }
  }
  return undefined;
}

function resolveClasspath(mvn: string, scratch: string, env: NodeJS.ProcessEnv): void {
  const result = run(
    mvn,
    ['-B', '-q', 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${path.join(scratch, 'lib')}`],
    env,
    scratch,
  );
  if (!result.ok) throw new ProvisionError(`mvn could not resolve ${TEST_SERVER_ARTIFACT}:\n${tail(result.output)}`);
}

/**
 * The launcher. The artifact is not a fat jar: its dependencies go on the classpath too, found in lib/
 * relative to the script so the cache folder can be moved. The JVM is `exec`-ed, so it keeps the pid the
 * SDK's core spawned and stops, and a watch beside it stops it when that process dies without stopping it
 * (scripts/bound-to-parent.ts).
 */
function testServerWrapper(java: string): string {
  return [
    '#!/bin/sh',
    `# Temporal's time-skipping test server ${TEST_SERVER_VERSION}, written by scripts/provision.ts (recipe ${TEST_SERVER_RECIPE})`,
    'here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)',
    `java_bin="${java}"`,
    '[ -x "$java_bin" ] || java_bin=java',
    // The class archive (scripts/test-server-class-archive.ts) when provisioning made one; a JVM that
    // cannot use it starts without it, and its CDS log would only be noise in the output.
    'cds=""',
    `[ -f "$here/${CLASS_ARCHIVE}" ] && cds="-XX:SharedArchiveFile=$here/${CLASS_ARCHIVE} -Xlog:cds=off,cds+dynamic=off"`,
    // On 127.0.0.1 only when provisioning could compile that main (scripts/loopback-test-server.ts).
    `main=${ARTIFACT_MAIN}`,
    `[ -f "$here/lib/${LOOPBACK_JAR}" ] && main=${LOOPBACK_MAIN}`,
    ...WATCH_STARTER_LINES,
    `exec "$java_bin" ${TEST_SERVER_JVM_FLAGS.join(' ')} $cds -cp "$here/lib/*" "$main" "$@"`,
    '',
  ].join('\n');
}

export async function provisionTestServer(options: ProvisionOptions = {}): Promise<Provisioned> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const cacheDir = options.cacheDir ?? serverCacheDir(env);
  const started = Date.now();
  const server = 'test-server' as const;

  const found = findTestServer({ env, cacheDir });
  if (found) return timed(started, { server, ...found });

  const installDir = testServerInstallDir(cacheDir);
  const wrapper = path.join(installDir, 'temporal-test-server');

  const attempts: string[] = [];
  const java =
    env.JAVA_HOME && isExecutableFile(path.join(env.JAVA_HOME, 'bin', 'java'))
      ? path.join(env.JAVA_HOME, 'bin', 'java')
      : which('java', env);
  const mvn = which('mvn', env);
  const pom = testServerPom();
  const earlier = earlierClasspath(cacheDir, pom);
  if (java && (mvn || earlier)) {
    try {
      buildAtomically(installDir, (scratch) => {
        writeFileSync(path.join(scratch, 'pom.xml'), pom);
        if (earlier) {
          // A new recipe that changed only the launcher: the same pom resolves the same jars, so they are
          // copied from the older folder instead of running Maven again (which needs Maven Central or ~/.m2).
          log(`taking the test server's classpath from ${path.dirname(earlier)} (same pom.xml)…`);
          cpSync(earlier, path.join(scratch, 'lib'), { recursive: true });
        } else {
          log(`resolving ${TEST_SERVER_ARTIFACT} and its dependencies from Maven Central with ${mvn}…`);
          resolveClasspath(mvn!, scratch, env);
        }
        const unbound = buildLoopbackMain(path.join(scratch, 'lib'), java);
        if (unbound) log(`test-server: it will listen on every interface, not 127.0.0.1 alone (${unbound}); a JDK's javac fixes this`);
        writeFileSync(path.join(scratch, 'temporal-test-server'), testServerWrapper(java));
        chmodSync(path.join(scratch, 'temporal-test-server'), 0o755);
      });
      if (isExecutableFile(wrapper)) {
        if (!existsSync(path.join(installDir, CLASS_ARCHIVE))) {
          log('making a class archive so the test server starts faster (a training run of a few seconds)…');
          const main = existsSync(path.join(installDir, 'lib', LOOPBACK_JAR)) ? LOOPBACK_MAIN : ARTIFACT_MAIN;
          await trainClassArchive(installDir, java, main, log);
        }
        return timed(started, { server, path: wrapper, source: 'maven' });
      }
      attempts.push(`Maven finished but ${wrapper} is missing`);
    } catch (error) {
      attempts.push(String((error as Error).message));
    }
  } else {
    attempts.push(
      `${[java ? undefined : 'Java', mvn ? undefined : 'Maven'].filter(Boolean).join(' and ')} not on PATH, so the test server cannot be resolved from Maven Central`,
    );
  }

  try {
    log('trying the Temporal SDK download (needs internet access)…');
    const downloaded = await sdkDownload(server, sdkDownloadDir(cacheDir, server), env);
    return timed(started, { server, path: downloaded, source: 'sdk-download' });
  } catch (error) {
    attempts.push(`SDK download: ${(error as Error).message}`);
  }

  throw provisionFailure(
    [
      "Cannot provide Temporal's time-skipping test server.",
      'Install Java 17 or later and Maven (`apt-get install openjdk-17-jre-headless maven`) so it can be resolved from Maven Central,',
      'or set TEMPORAL_TEST_SERVER=/path/to/temporal-test-server.',
    ],
    attempts,
  );
}

export function describe(found: Provisioned): string {
  const how: Record<ProvisionSource, string> = {
    env: 'taken from the environment',
    path: 'found on PATH',
    cache: 'found in the cache',
    'go-install': 'built with go install',
    maven: 'resolved from Maven Central',
    'sdk-download': 'downloaded by the Temporal SDK',
  };
  return `${found.server}: ${found.path} (${how[found.source]}, ${(found.durationMs / 1000).toFixed(1)} s)`;
}

async function main(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  const which = argv.filter((arg) => !arg.startsWith('--'));
  const wanted = which.length ? which : ['dev-server', 'test-server', 'browser'];
  const log = (line: string) => process.stderr.write(`provision: ${line}\n`);
  const results: (Provisioned | ProvisionedBrowser)[] = [];
  const lines: string[] = [];
  for (const name of wanted) {
    if (name === 'dev-server' || name === 'test-server') {
      const found = await (name === 'dev-server' ? provisionDevServer : provisionTestServer)({ log });
      results.push(found);
      lines.push(describe(found));
    } else if (name === 'browser') {
      // The browser tests' Chromium (scripts/provision-browser.ts): apt-get as root on a machine without one.
      const found = provisionChromium({ log });
      results.push(found);
      lines.push(describeBrowser(found));
    } else throw new ProvisionError(`unknown server "${name}": expected dev-server, test-server or browser`);
  }
  if (json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else for (const line of lines) process.stdout.write(`provision: ${line}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    const known = error instanceof ProvisionError || error instanceof BrowserProvisionError;
    process.stderr.write(`${known ? (error as Error).message : String((error as Error)?.stack ?? error)}\n`);
    process.exit(known ? 2 : 1);
  });
}

/** What to do, then each way that was tried and why it failed. */
function provisionFailure(advice: string[], attempts: string[]): ProvisionError {
  return new ProvisionError(
    [...advice, 'What was tried:', ...attempts.map((attempt) => `  - ${attempt.split('\n').join('\n    ')}`)].join('\n'),
  );
}
