/**
 * `jsrx doctor` against a dev server with the round's search attributes, and against what goes wrong
 * in practice: a service that is not there, a namespace nobody created, an SMTP server that does not
 * answer, a data folder that cannot be written.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { openDevServerEnv } from '../harness/servers';
import { startLoopbackSmtp, type LoopbackSmtp } from '../harness/loopback-smtp';
import { jsrx, jsrxJson } from './run-jsrx';
import type { DoctorCheck } from '../../client/commands/doctor';

const byName = (checks: DoctorCheck[]) => Object.fromEntries(checks.map((check) => [check.check, check]));

describe('jsrx doctor', () => {
  let env: TestWorkflowEnvironment;
  let smtp: LoopbackSmtp;
  let scratch: string;
  beforeAll(async () => {
    [env, smtp] = await Promise.all([openDevServerEnv(), startLoopbackSmtp()]);
    scratch = mkdtempSync(path.join(tmpdir(), 'jsrx-doctor-'));
  });
  afterAll(async () => {
    await Promise.all([env?.teardown(), smtp?.close()]);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('finds nothing wrong with a service set up as npm start sets it up, and warns that no worker polls', async () => {
    const { code, value } = await jsrxJson<DoctorCheck[]>(['doctor'], {
      TEMPORAL_ADDRESS: env.address,
      SMTP_URL: smtp.url,
      JSRX_DATA_DIR: scratch,
    });
    const checks = byName(value);
    expect(code).toBe(0);
    expect(Object.keys(checks)).toEqual([
      'settings',
      'temporal service',
      'namespace',
      'search attributes',
      'workers',
      'mail',
      'data folder',
    ]);
    expect(checks['search attributes']).toMatchObject({
      status: 'ok',
      detail: 'RoundPhase, Community, HostCountry (Keyword)',
    });
    expect(checks.workers).toMatchObject({ status: 'warn', fix: expect.stringContaining('npm run worker') });
    expect(checks.mail).toMatchObject({ status: 'ok' });
    expect(checks['data folder']).toMatchObject({ status: 'ok' });
  });

  it('names the namespace nobody created, and how to create it', async () => {
    const run = await jsrx(['doctor'], {
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_NAMESPACE: 'secretariat',
      JSRX_DATA_DIR: scratch,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAIL namespace: secretariat does not exist');
    expect(run.stdout).toContain('temporal operator namespace create -n secretariat');
  });

  it('says when the service, the SMTP server and the data folder are not there', async () => {
    const blocked = path.join(scratch, 'a-file');
    writeFileSync(blocked, '');
    chmodSync(blocked, 0o444);
    const { code, value } = await jsrxJson<DoctorCheck[]>(['doctor'], {
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      SMTP_URL: 'smtp://127.0.0.1:1',
      JSRX_DATA_DIR: path.join(blocked, 'data'),
    });
    const checks = byName(value);
    expect(code).toBe(1);
    expect(checks['temporal service']).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('TEMPORAL_ADDRESS'),
    });
    expect(checks.mail).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('127.0.0.1:1'),
      fix: expect.stringContaining('SMTP_URL'),
    });
    expect(checks['data folder']).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('JSRX_DATA_DIR'),
    });
  });

  it('reports bad settings without trying anything else', async () => {
    const { code, value } = await jsrxJson<DoctorCheck[]>(['doctor'], { TEMPORAL_ADDRESS: 'no port here' });
    expect(code).toBe(1);
    expect(value).toEqual([
      expect.objectContaining({
        check: 'settings',
        status: 'fail',
        detail: expect.stringContaining('TEMPORAL_ADDRESS'),
      }),
    ]);
  });
});
