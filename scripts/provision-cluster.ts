/**
 * Finds or makes what a real Temporal cluster needs on this machine, the way scripts/provision.ts does
 * for the dev server: the Temporal server and its SQL tool (one ladder, both binaries from the same
 * module version), and PostgreSQL from the system.
 *
 *   server + sql tool: TEMPORAL_SERVER and TEMPORAL_SQL_TOOL → `temporal-server` and `temporal-sql-tool`
 *                      on PATH (their names in Temporal's images) → .cache/temporal-server-v1.32.1/ →
 *                      `go install` of both into a scratch folder, renamed in place → an error naming
 *                      what to install
 *   PostgreSQL:        JSRX_POSTGRES_BIN → /usr/lib/postgresql/<17…12>/bin → `pg_ctl` on PATH
 *
 * Run directly: `npm run provision.cluster` (add `--json` for machine-readable output).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
  executableFromEnv,
  isExecutableFile,
  ProvisionError,
  serverCacheDir,
} from '../client/simulation/provisioned-servers';
import { buildAtomically, run, tail, which, type ProvisionOptions } from './provision';

export const TEMPORAL_SERVER_VERSION = 'v1.32.1';
// v1.32.2, v1.31.5 and v1.30.9 need Go ≥ 1.26.10; this one builds with the Go these machines have, and
// has no `replace` directive (DESIGN.md §5).
export const TEMPORAL_SERVER_MODULES = [
  `go.temporal.io/server/cmd/server@${TEMPORAL_SERVER_VERSION}`,
  `go.temporal.io/server/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`,
];

export interface ProvisionedCluster {
  server: string;
  sqlTool: string;
  /** The folder holding initdb, pg_ctl and postgres. */
  postgresBin: string;
  source: 'env' | 'path' | 'cache' | 'go-install';
  durationMs: number;
}

export function clusterInstallDir(cacheDir: string): string {
  return path.join(cacheDir, `temporal-server-${TEMPORAL_SERVER_VERSION}`);
}

export function findPostgres(env: NodeJS.ProcessEnv = process.env): string {
  const hasTools = (dir: string) =>
    ['initdb', 'pg_ctl', 'postgres'].every((tool) => isExecutableFile(path.join(dir, tool)));
  // An explicit override that points nowhere is a mistake to report, not a reason to use another one.
  if (env.JSRX_POSTGRES_BIN) {
    if (hasTools(env.JSRX_POSTGRES_BIN)) return env.JSRX_POSTGRES_BIN;
    throw new ProvisionError(
      `JSRX_POSTGRES_BIN=${env.JSRX_POSTGRES_BIN} has no initdb, pg_ctl and postgres: fix the path or unset it.`,
    );
  }
  const onPath = which('pg_ctl', env);
  const found = [
    ...['17', '16', '15', '14', '13', '12'].map((major) => `/usr/lib/postgresql/${major}/bin`),
    ...(onPath ? [path.dirname(onPath)] : []),
  ].find(hasTools);
  if (found) return found;
  throw new ProvisionError(
    'Cannot find PostgreSQL (initdb, pg_ctl, postgres) for the cluster: install it (`apt-get install postgresql`, 12 or later) or set JSRX_POSTGRES_BIN to its bin folder.',
  );
}

export async function provisionCluster(options: ProvisionOptions = {}): Promise<ProvisionedCluster> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const cacheDir = options.cacheDir ?? serverCacheDir(env);
  const started = Date.now();
  const postgresBin = findPostgres(env);
  const done = (
    server: string,
    sqlTool: string,
    source: ProvisionedCluster['source'],
  ): ProvisionedCluster => ({
    server,
    sqlTool,
    postgresBin,
    source,
    durationMs: Date.now() - started,
  });

  const serverFromEnv = executableFromEnv('TEMPORAL_SERVER', env);
  const sqlFromEnv = executableFromEnv('TEMPORAL_SQL_TOOL', env);
  if (serverFromEnv && sqlFromEnv) return done(serverFromEnv, sqlFromEnv, 'env');
  if (serverFromEnv || sqlFromEnv) {
    throw new ProvisionError(
      'Set both TEMPORAL_SERVER and TEMPORAL_SQL_TOOL (the server and its SQL tool, same version), or neither.',
    );
  }

  const serverOnPath = which('temporal-server', env);
  const sqlOnPath = which('temporal-sql-tool', env);
  if (serverOnPath && sqlOnPath) return done(serverOnPath, sqlOnPath, 'path');

  const installDir = clusterInstallDir(cacheDir);
  const cached = { server: path.join(installDir, 'server'), sql: path.join(installDir, 'sql') };
  if (isExecutableFile(cached.server) && isExecutableFile(cached.sql))
    return done(cached.server, cached.sql, 'cache');

  const attempts: string[] = [];
  const go = which('go', env);
  if (go) {
    log(
      `building the Temporal server ${TEMPORAL_SERVER_VERSION} and its SQL tool with ${go} (first run only, about 8 minutes on two cores)…`,
    );
    try {
      buildAtomically(installDir, (scratch) => {
        // One command for both: they share most of their packages, which Go then compiles once.
        const result = run(go, ['install', ...TEMPORAL_SERVER_MODULES], {
          ...env,
          GOBIN: scratch,
          CGO_ENABLED: '0',
          GOFLAGS: '-buildvcs=false',
        });
        if (!result.ok)
          throw new ProvisionError(
            `go install ${TEMPORAL_SERVER_MODULES.join(' ')} failed:\n${tail(result.output)}`,
          );
      });
      if (isExecutableFile(cached.server) && isExecutableFile(cached.sql))
        return done(cached.server, cached.sql, 'go-install');
      attempts.push(
        `go install finished but ${installDir} lacks server or sql (has: ${existsSync(installDir) ? readdirSync(installDir).join(', ') : 'nothing'})`,
      );
    } catch (error) {
      attempts.push(String((error as Error).message));
    }
  } else {
    attempts.push('Go is not on PATH, so the server cannot be built');
  }

  throw new ProvisionError(
    [
      `Cannot provide the Temporal server ${TEMPORAL_SERVER_VERSION} and its SQL tool for the cluster.`,
      'Install Go 1.26.8 or later (https://go.dev/doc/install) so they can be built,',
      'or put `temporal-server` and `temporal-sql-tool` on PATH, or set TEMPORAL_SERVER and TEMPORAL_SQL_TOOL.',
      'What was tried:',
      ...attempts.map((attempt) => `  - ${attempt.split('\n').join('\n    ')}`),
    ].join('\n'),
  );
}

export function describeCluster(found: ProvisionedCluster): string {
  const how = {
    env: 'taken from the environment',
    path: 'found on PATH',
    cache: 'found in the cache',
    'go-install': 'built with go install',
  }[found.source];
  return `server ${found.server}, sql tool ${found.sqlTool} (${how}, ${(found.durationMs / 1000).toFixed(1)} s); PostgreSQL from ${found.postgresBin}`;
}

if (require.main === module) {
  const json = process.argv.includes('--json');
  provisionCluster({ log: (line) => process.stderr.write(`provision: ${line}\n`) }).then(
    (found) =>
      process.stdout.write(
        json ? `${JSON.stringify(found, null, 2)}\n` : `provision: cluster: ${describeCluster(found)}\n`,
      ),
    (error: unknown) => {
      process.stderr.write(
        `${error instanceof ProvisionError ? error.message : String((error as Error)?.stack ?? error)}\n`,
      );
      process.exit(error instanceof ProvisionError ? 2 : 1);
    },
  );
}
