/**
 * `jsrx doctor` as an operator runs it: against a ready dev server every check passes (exit 0); each
 * thing that can be wrong (nothing listening, an unknown namespace, a server without the round's search
 * attributes, an SMTP server that does not answer) is named with its fix, and the exit code is 1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Check } from '../../client/commands/doctor';
import { devServerExecutable, openDevServerEnv } from '../harness/servers';
import { startLoopbackSmtp } from '../harness/loopback-smtp';
import { jsrx } from './run-jsrx';
import { freePort } from '../../scripts/loopback-ports';

async function doctor(
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; ok: boolean; checks: Record<string, Check> }> {
  const run = await jsrx(['doctor', '--json'], env);
  const report = JSON.parse(run.stdout) as { ok: boolean; checks: Check[] };
  return {
    code: run.code,
    ok: report.ok,
    checks: Object.fromEntries(report.checks.map((check) => [check.name, check])),
  };
}

describe('jsrx doctor', () => {
  let ready: TestWorkflowEnvironment;
  let scratch: string;
  beforeAll(async () => {
    ready = await openDevServerEnv();
    scratch = mkdtempSync(path.join(tmpdir(), 'jsrx-doctor-'));
  });
  afterAll(async () => {
    await ready?.teardown();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('passes every check against a ready dev server, with an SMTP server that answers, and exits 0', async () => {
    const smtp = await startLoopbackSmtp();
    try {
      const run = await jsrx(['doctor'], {
        TEMPORAL_ADDRESS: ready.address,
        JSRX_DATA_DIR: scratch,
        SMTP_URL: smtp.url,
      });
      expect(run.code).toBe(0);
      const lines = run.stdout.trim().split('\n');
      expect(lines.map((line) => line.slice(0, 4))).toEqual(['ok  ', 'ok  ', 'ok  ', 'ok  ', 'ok  ', 'ok  ']);
      expect(run.stdout).toContain(`temporal: reachable at ${ready.address}`);
      expect(run.stdout).toContain('search attributes: RoundPhase, Community, HostCountry registered');
      expect(run.stdout).toMatch(/mail: the SMTP server at smtp:\/\/127\.0\.0\.1:\d+ answers EHLO/);
      // Without SMTP_URL the outbox folder is what must be writable.
      const outbox = await doctor({ TEMPORAL_ADDRESS: ready.address, JSRX_DATA_DIR: scratch });
      expect(outbox).toMatchObject({ code: 0, ok: true });
      expect(outbox.checks.mail?.detail).toContain(path.join(scratch, 'outbox'));
    } finally {
      await smtp.close();
    }
  });

  it('a closed port: the service is named unreachable with TEMPORAL_ADDRESS as the fix, and the rest still checked', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const report = await doctor({ TEMPORAL_ADDRESS: address, JSRX_DATA_DIR: scratch });
    expect(report.code).toBe(1);
    expect(report.checks.temporal).toMatchObject({
      ok: false,
      detail: expect.stringContaining(`cannot reach the Temporal service at ${address}`),
    });
    expect(report.checks.temporal?.fix).toMatch(/set TEMPORAL_ADDRESS/);
    expect(report.checks['data folder']?.ok).toBe(true);
  });

  it('an unknown namespace is named, with how to create it', async () => {
    const report = await doctor({
      TEMPORAL_ADDRESS: ready.address,
      TEMPORAL_NAMESPACE: 'jsr-nowhere',
      JSRX_DATA_DIR: scratch,
    });
    expect(report.code).toBe(1);
    expect(report.checks.namespace).toMatchObject({
      ok: false,
      fix: expect.stringContaining('temporal operator namespace create --namespace jsr-nowhere'),
    });
  });

  it('a server without the round’s search attributes: each missing one named, with the command that registers it', async () => {
    const bare = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: await devServerExecutable() },
        ip: '127.0.0.1',
        log: { format: 'pretty', level: 'error' },
      },
    });
    try {
      const report = await doctor({ TEMPORAL_ADDRESS: bare.address, JSRX_DATA_DIR: scratch });
      expect(report.code).toBe(1);
      expect(report.checks.temporal?.ok).toBe(true);
      expect(report.checks['search attributes']).toMatchObject({
        ok: false,
        detail: 'RoundPhase, Community, HostCountry not registered in default',
        fix: 'temporal operator search-attribute create --namespace default --name RoundPhase --type Keyword --name Community --type Keyword --name HostCountry --type Keyword',
      });
    } finally {
      await bare.teardown();
    }
  });

  it('an SMTP URL nobody listens on: named, with SMTP_URL as the fix', async () => {
    const port = await freePort();
    const run = await jsrx(['doctor'], {
      TEMPORAL_ADDRESS: ready.address,
      JSRX_DATA_DIR: scratch,
      SMTP_URL: `smtp://127.0.0.1:${port}`,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`FAIL mail: the SMTP server at smtp://127.0.0.1:${port} does not answer`);
    expect(run.stdout).toMatch(/fix: check SMTP_URL/);
  });
});
