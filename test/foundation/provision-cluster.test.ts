/**
 * The cluster's ladder (scripts/provision-cluster.ts), rung by rung, with fake executables: what is
 * named in the environment wins, then what is on PATH, then the cache; with none of them and no Go, one
 * message names what to install. The real build (`go install`) runs in test/cluster on a cold cache.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  clusterInstallDir,
  findPostgres,
  provisionCluster,
  TEMPORAL_SERVER_VERSION,
} from '../../scripts/provision-cluster';

function fakeExecutable(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '#!/bin/sh\nexit 0\n');
  chmodSync(file, 0o755);
  return file;
}

describe('provisioning the Temporal cluster', () => {
  let scratch: string;
  let postgresBin: string;
  beforeEach(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'jsrx-provision-cluster-'));
    postgresBin = path.join(scratch, 'pg');
    for (const tool of ['initdb', 'pg_ctl', 'postgres']) fakeExecutable(path.join(postgresBin, tool));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  const base = () => ({ PATH: path.join(scratch, 'empty'), JSRX_POSTGRES_BIN: postgresBin });

  it('takes TEMPORAL_SERVER and TEMPORAL_SQL_TOOL first, and refuses one without the other', async () => {
    const server = fakeExecutable(path.join(scratch, 'env', 'server'));
    const sqlTool = fakeExecutable(path.join(scratch, 'env', 'sql'));
    await expect(
      provisionCluster({
        env: { ...base(), TEMPORAL_SERVER: server, TEMPORAL_SQL_TOOL: sqlTool },
        cacheDir: scratch,
      }),
    ).resolves.toMatchObject({
      server,
      sqlTool,
      postgresBin,
      source: 'env',
    });
    await expect(
      provisionCluster({ env: { ...base(), TEMPORAL_SERVER: server }, cacheDir: scratch }),
    ).rejects.toThrow('Set both TEMPORAL_SERVER and TEMPORAL_SQL_TOOL');
  });

  it('then the names Temporal’s images use, on PATH', async () => {
    const bin = path.join(scratch, 'bin');
    fakeExecutable(path.join(bin, 'temporal-server'));
    fakeExecutable(path.join(bin, 'temporal-sql-tool'));
    await expect(
      provisionCluster({ env: { ...base(), PATH: bin }, cacheDir: scratch }),
    ).resolves.toMatchObject({ source: 'path', server: path.join(bin, 'temporal-server') });
  });

  it('then the versioned cache folder', async () => {
    const installDir = clusterInstallDir(scratch);
    expect(path.basename(installDir)).toBe(`temporal-server-${TEMPORAL_SERVER_VERSION}`);
    fakeExecutable(path.join(installDir, 'server'));
    fakeExecutable(path.join(installDir, 'sql'));
    await expect(provisionCluster({ env: base(), cacheDir: scratch })).resolves.toMatchObject({
      source: 'cache',
      sqlTool: path.join(installDir, 'sql'),
    });
  });

  it('names what to install when nothing is there and Go is missing', async () => {
    await expect(provisionCluster({ env: base(), cacheDir: scratch })).rejects.toThrow(
      /Install Go 1\.26\.8 or later[\s\S]*TEMPORAL_SERVER and TEMPORAL_SQL_TOOL[\s\S]*Go is not on PATH/,
    );
  });

  it('finds PostgreSQL where JSRX_POSTGRES_BIN says, and says so when it is not there', () => {
    expect(findPostgres({ JSRX_POSTGRES_BIN: postgresBin })).toBe(postgresBin);
    expect(() => findPostgres({ JSRX_POSTGRES_BIN: path.join(scratch, 'nowhere') })).toThrow(
      'has no initdb, pg_ctl and postgres',
    );
  });
});
