/**
 * Where `npm run provision` (scripts/provision.ts) leaves the Temporal servers, and how shipped code finds
 * them again. Finding only: `jsrx simulate` must never start a `go install` or a Maven download on a
 * coordinator's laptop, so building stays in scripts/, which imports this module (never the reverse).
 */
import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../worker/config';

export const TEST_SERVER_VERSION = '1.38.0';
/**
 * Raised whenever the classpath or the launcher changes, so caches made by an older recipe are not reused
 * (an older folder with the same pom.xml still lends its jars: scripts/provision.ts). 5: the launcher stops
 * the server when the process that started it dies. 6: the server listens on 127.0.0.1 only.
 */
export const TEST_SERVER_RECIPE = 6;

export type ServerKind = 'dev-server' | 'test-server';

/** A server that cannot be found or made; its message says what to install or set. */
export class ProvisionError extends Error {
  override name = 'ProvisionError';
}

export interface FoundServer {
  path: string;
  source: 'env' | 'cache';
}

export function serverCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.JSRX_CACHE_DIR ? path.resolve(env.JSRX_CACHE_DIR) : path.join(PROJECT_ROOT, '.cache');
}

/** The Maven-built test server: a wrapper script beside its classpath. */
export function testServerInstallDir(cacheDir: string): string {
  return path.join(cacheDir, `temporal-test-server-${TEST_SERVER_VERSION}-r${TEST_SERVER_RECIPE}`);
}

/** Where the SDK's own download (the last rung, for machines that are online) keeps a server. */
export function sdkDownloadDir(cacheDir: string, server: ServerKind): string {
  return path.join(cacheDir, server === 'dev-server' ? 'sdk-download-cli' : 'sdk-download-test-server');
}

export function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

export function firstExecutableIn(dir: string): string | undefined {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return undefined;
  }
  return names.map((name) => path.join(dir, name)).find(isExecutableFile);
}

export function executableFromEnv(variable: string, env: NodeJS.ProcessEnv): string | undefined {
  const value = env[variable];
  if (!value) return undefined;
  // An explicit override that points nowhere is a mistake to report, not a reason to quietly use something else.
  if (!isExecutableFile(value)) {
    throw new ProvisionError(`${variable}=${value} is not an executable file: fix the path or unset ${variable}.`);
  }
  return value;
}

/** TEMPORAL_TEST_SERVER, then the cache (the Maven-built wrapper, then an earlier SDK download); undefined when none is there. */
export function findTestServer(options: { env?: NodeJS.ProcessEnv; cacheDir?: string } = {}): FoundServer | undefined {
  const env = options.env ?? process.env;
  const fromEnv = executableFromEnv('TEMPORAL_TEST_SERVER', env);
  if (fromEnv) return { path: fromEnv, source: 'env' };
  const cacheDir = options.cacheDir ?? serverCacheDir(env);
  const wrapper = path.join(testServerInstallDir(cacheDir), 'temporal-test-server');
  if (isExecutableFile(wrapper)) return { path: wrapper, source: 'cache' };
  const downloaded = firstExecutableIn(sdkDownloadDir(cacheDir, 'test-server'));
  return downloaded ? { path: downloaded, source: 'cache' } : undefined;
}
