import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { openDevServerEnv, openTimeSkippingEnv, workflowBundle } from '../harness/servers';
import { finish, publishPhase, sleepForDays } from './workflows/probe.workflow';

const probeWorkflows = path.join(__dirname, 'workflows', 'probe.workflow.ts');
const DAY_MS = 24 * 60 * 60 * 1000;

describe('the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await openTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('lets a workflow sleep 120 days in seconds of wall time, and its own clock moves 120 days', async () => {
    const taskQueue = `probe-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(probeWorkflows),
    });
    const wallStarted = Date.now();
    const result = await worker.runUntil(
      env.client.workflow.execute(sleepForDays, { args: [120], taskQueue, workflowId: `sleep-${randomUUID()}` }),
    );
    const wallSeconds = (Date.now() - wallStarted) / 1000;

    expect(Date.parse(result.wokeAt) - Date.parse(result.startedAt)).toBeGreaterThanOrEqual(120 * DAY_MS);
    expect(Date.parse(result.wokeAt) - Date.parse(result.startedAt)).toBeLessThan(121 * DAY_MS);
    expect(wallSeconds).toBeLessThan(30);
  });
});

describe('the dev server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await openDevServerEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('finds a workflow by the RoundPhase it upserted, through a visibility list query', async () => {
    const taskQueue = `probe-${randomUUID()}`;
    const phase = `vc-2-${randomUUID().slice(0, 8)}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(probeWorkflows),
    });
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(publishPhase, {
        args: [phase],
        taskQueue,
        workflowId: `phase-${randomUUID()}`,
      });
      // Visibility is eventually consistent: poll until the upsert is indexed.
      let found: string[] = [];
      for (let attempt = 0; attempt < 50 && found.length === 0; attempt++) {
        found = [];
        for await (const execution of env.client.workflow.list({ query: `RoundPhase = "${phase}"` })) {
          found.push(execution.workflowId);
        }
        if (found.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(found).toEqual([handle.workflowId]);
      await handle.signal(finish);
      await handle.result();
    });
  });
});
