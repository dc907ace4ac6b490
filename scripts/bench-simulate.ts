/**
 * `node -r @swc-node/register scripts/bench-simulate.ts [round file]`: how long a rehearsal takes, from
 * typing `jsrx simulate … --scenario silent` to its exit (server start included; target ≤ 15 s here),
 * next to a bare workflow with the same number of timers and a no-op activity per timer on the same
 * time-skipping server. The ratio is what the round's own logic and emails cost.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { provisionTestServer } from './provision';
import { readRoundFile } from '../client/round-file-io';
import { openTimeSkippingServer } from '../client/simulation/time-skipping-server';
import { cachedWorkflowBundle } from '../client/simulation/workflow-bundle-cache';
import { validateRound } from '../domain/validate';
import { buildPlan } from '../domain/plan';
import type { Plan } from '../domain/plan-types';

const root = path.resolve(__dirname, '..');

function defaultRoundFile(): string {
  const english = readdirSync(path.join(root, 'examples')).filter((name) => /^en-.*\.ya?ml$/.test(name)).sort();
  if (!english[0]) throw new Error('no examples/en-*.yaml to rehearse');
  return path.join(root, 'examples', english[0]);
}

function timeSimulate(file: string): Promise<{ seconds: number; code: number | null; output: string }> {
  const outbox = mkdtempSync(path.join(tmpdir(), 'bench-outbox-'));
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'bin', 'jsrx.js'), 'simulate', file, '--scenario', 'silent', '--outbox', outbox], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      rmSync(outbox, { recursive: true, force: true });
      resolve({ seconds, code, output });
    });
  });
}

/** Every instant the round sets a timer for: phase starts, event starts and reminders, due dates and their reminders. */
export function timerInstants(plan: Plan): string[] {
  return [
    ...plan.phases.map((phase) => phase.startsAt),
    ...plan.events.flatMap((event) => [event.start, ...event.remindersAt]),
    ...plan.deliverables.flatMap((deliverable) => [deliverable.dueAt, ...deliverable.reminders.map((reminder) => reminder.at)]),
  ];
}

async function timeBareWorkflow(instantsFor: (now: string) => string[]): Promise<{ seconds: number; timers: number }> {
  const bundle = await cachedWorkflowBundle(path.join(__dirname, 'bench-simulate.workflow.ts'));
  await provisionTestServer(); // outside the timing, as the simulate run finds it cached too
  const started = process.hrtime.bigint();
  const env = await openTimeSkippingServer();
  try {
    const taskQueue = `bench-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities: { touch: async () => undefined },
    });
    const instants = instantsFor(new Date(await env.currentTimeMs()).toISOString());
    const fired = await worker.runUntil(env.client.workflow.execute('bareRound', { args: [instants], taskQueue, workflowId: `bare-${randomUUID()}` }));
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, timers: fired as number };
  } finally {
    await env.teardown();
  }
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
  const file = path.resolve(process.argv[2] ?? defaultRoundFile());
  const validation = validateRound(await readRoundFile(file));
  if (!validation.ok) throw new Error(`${file} does not validate: run jsrx validate ${file}`);
  const round = validation.round;

  process.stdout.write(`bench: jsrx simulate ${path.relative(root, file)} --scenario silent\n`);
  const simulate = await timeSimulate(file);
  if (simulate.code !== 0) throw new Error(`jsrx simulate exited ${simulate.code}:\n${simulate.output}`);
  const bare = await timeBareWorkflow((now) => timerInstants(buildPlan(round, now)).filter((instant) => instant > now));

  const ratio = simulate.seconds / bare.seconds;
  process.stdout.write(
    [
      `simulate (command start to exit, server start included): ${simulate.seconds.toFixed(2)} s ${simulate.seconds <= 15 ? '(within the 15 s target)' : '(OVER the 15 s target)'}`,
      `bare workflow, ${bare.timers} timers + ${bare.timers} no-op activities (server start included): ${bare.seconds.toFixed(2)} s`,
      `ratio simulate / bare: ${ratio.toFixed(2)}`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
