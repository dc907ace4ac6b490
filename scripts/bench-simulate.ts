/**
 * `node -r @swc-node/register scripts/bench-simulate.ts [round file] [--runs N] [--scenario on-time|silent]`:
 * how long a rehearsal takes, from typing `jsrx simulate … --scenario S` to its exit (server start
 * included; target ≤ 15 s here), next to a bare workflow run the same way, and the ratio (target ≤ 1.5).
 *
 * The bare side is what any rehearsal of this round would cost with no round logic and no letters:
 * - the same timers, and as many activities, as the round runs, each at the same simulated instant.
 *   Both are counted, before anything is timed, in the histories of a rehearsal of the same round and
 *   scenario with the send activity replaced by a no-op (scripts/bench-simulate.workflow.ts);
 * - its activities do nothing: rendering and writing the letters is the round's cost;
 * - it is a command of its own (scripts/bench-simulate.bare.ts), timed from its start to its exit as
 *   `jsrx simulate` is: node, the SDK and the server start on both sides.
 * What the bare side leaves out is the round's: its child workflows, signals, updates (the scenario's
 * submissions), the planning activity, the letters' payloads, the CLI's checks and printout.
 *
 * A third side splits the difference: the same rehearsal with a send activity that only counts
 * (scripts/bench-simulate.unsent.ts). Bare to unsent is the round's logic; unsent to simulate, its letters.
 *
 * Timings are noisy on a shared machine: both sides of a ratio are measured back to back, their order
 * alternating between runs, with the load average beside them.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { tsToMs } from '@temporalio/common/lib/time';
import { provisionTestServer } from './provision';
import { readRoundFile } from '../client/round-file-io';
import { rehearse } from '../client/simulation/rehearsal';
import { loadScenario, timedActions } from '../client/simulation/scenario';
import { cachedWorkflowBundle, roundWorkflowBundle } from '../client/simulation/workflow-bundle-cache';
import { roundWorkflowId } from '../workflows/ids';
import { validateRound } from '../domain/validate';
import { buildPlan } from '../domain/plan';
import type { Round } from '../domain/round-file';
import { loadConfig } from '../worker/config';
import { BARE_WORKFLOWS } from './bench-simulate.bare';
import type { BareStep } from './bench-simulate.workflow';
import { countingActivities } from './counting-activities';

const root = path.resolve(__dirname, '..');
const SCENARIOS = ['on-time', 'silent'] as const;
type Scenario = (typeof SCENARIOS)[number];

function defaultRoundFile(): string {
  const english = readdirSync(path.join(root, 'examples')).filter((name) => /^en-.*\.ya?ml$/.test(name)).sort();
  if (!english[0]) throw new Error('no examples/en-*.yaml to rehearse');
  return path.join(root, 'examples', english[0]);
}

interface Timed {
  seconds: number;
  /** User and system CPU seconds of the command and the server it ran, when GNU time is there to count them. */
  cpu?: number;
  load: number;
}

const GNU_TIME = '/usr/bin/time';

/**
 * A command, timed from its spawn to its exit; its output only matters when it fails. Its CPU time
 * (which another session's load on the machine moves far less than the wall time) comes from GNU time.
 */
function timeCommand(args: string[], label: string): Promise<Timed & { stdout: string }> {
  const cpuFile = existsSync(GNU_TIME) ? path.join(mkdtempSync(path.join(tmpdir(), 'bench-cpu-')), 'cpu') : undefined;
  const [command, commandArgs] = cpuFile ? [GNU_TIME, ['-f', '%U %S', '-o', cpuFile, process.execPath, ...args]] : [process.execPath, args];
  const started = process.hrtime.bigint();
  const load = loadavg()[0]!;
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { cwd: root, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      let cpu: number | undefined;
      if (cpuFile) {
        const [user, system] = readFileSync(cpuFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
        cpu = (user ?? NaN) + (system ?? NaN);
        rmSync(path.dirname(cpuFile), { recursive: true, force: true });
      }
      if (code !== 0) reject(new Error(`${label} exited ${code}:\n${output}`));
      else resolve({ seconds, cpu, load, stdout });
    });
  });
}

/** Core gives the Java server 5 s to listen; on a machine loaded by other work it sometimes misses that, which measures nothing. */
async function retryingSlowServerStart<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= 3 || !/did not start within/.test((error as Error).message)) throw error;
      process.stdout.write(`(the server did not start in time, load ${loadavg()[0]!.toFixed(1)}: again)\n`);
    }
  }
}

function timeSimulate(file: string, scenario: Scenario): Promise<Timed> {
  return retryingSlowServerStart(() => timeSimulateOnce(file, scenario));
}

function timeSimulateOnce(file: string, scenario: Scenario): Promise<Timed> {
  const outbox = mkdtempSync(path.join(tmpdir(), 'bench-outbox-'));
  const args = [path.join(root, 'bin', 'jsrx.js'), 'simulate', file, '--scenario', scenario, '--outbox', outbox];
  return timeCommand(args, `jsrx simulate --scenario ${scenario}`).finally(() => rmSync(outbox, { recursive: true, force: true }));
}

async function timeUnsent(file: string, scenario: Scenario, expected: Census): Promise<Timed> {
  const run = await retryingSlowServerStart(() =>
    timeCommand(['-r', '@swc-node/register', path.join(__dirname, 'bench-simulate.unsent.ts'), file, scenario], 'the rehearsal without letters'),
  );
  const tally = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as { letters?: number };
  if (tally.letters !== expected.letters) throw new Error(`the rehearsal without letters counted ${tally.letters} letters, not the census's ${expected.letters}`);
  return run;
}

async function timeBare(stepsFile: string, expected: Census, countTasks = false, shaped = false): Promise<Timed & { tasks?: number }> {
  const flags = [...(shaped ? ['--shaped'] : []), ...(countTasks ? ['--count-tasks'] : [])];
  const args = ['-r', '@swc-node/register', path.join(__dirname, 'bench-simulate.bare.ts'), stepsFile, ...flags];
  const run = await retryingSlowServerStart(() => timeCommand(args, shaped ? 'the shaped bare workflow' : 'the bare workflow'));
  const tally = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as { timers?: number; activities?: number; tasks?: number };
  if (tally.timers !== expected.timers || tally.activities !== expected.activities) {
    throw new Error(`the bare workflow ran ${JSON.stringify(tally)}, not the round's ${expected.timers} timers and ${expected.activities} activities`);
  }
  return { ...run, tasks: tally.tasks };
}

/** What a rehearsal of the round runs on the server, summed over the round's workflow and its children. */
interface Census {
  timers: number;
  activities: number;
  letters: number;
  steps: BareStep[];
  /** The same, one list per workflow: the round's own first, then each child's. */
  stepsByWorkflow: BareStep[][];
  /** The round's workflows, and the workflow tasks they took between them: each is a round trip to the worker. */
  workflows: number;
  tasks: number;
}

/** A rehearsal with a no-op send activity (the planning activity is the real one), its histories read at the end. */
async function censusOf(round: Round, input: unknown, scenario: Scenario): Promise<Census> {
  const choice = await loadScenario(scenario);
  const outbox = mkdtempSync(path.join(tmpdir(), 'bench-census-'));
  const { activities, letters } = countingActivities();
  const fired: number[] = [];
  const scheduled: number[] = [];
  const byWorkflow: Array<{ fired: number[]; scheduled: number[] }> = [];
  let tasks = 0;
  let workflows = 0;
  const inspect = async (env: TestWorkflowEnvironment): Promise<void> => {
    const ids = [roundWorkflowId(round.id)];
    for (let next = 0; next < ids.length; next++) {
      const history = await env.client.workflow.getHandle(ids[next]!).fetchHistory();
      workflows++;
      const own = { fired: [] as number[], scheduled: [] as number[] };
      byWorkflow.push(own);
      for (const event of history.events ?? []) {
        const at = tsToMs(event.eventTime);
        if (event.workflowTaskCompletedEventAttributes) tasks++;
        if (event.timerFiredEventAttributes) {
          fired.push(at);
          own.fired.push(at);
        }
        if (event.activityTaskScheduledEventAttributes) {
          scheduled.push(at);
          own.scheduled.push(at);
        }
        const child = event.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId;
        if (child && !ids.includes(child)) ids.push(child);
      }
    }
  };
  try {
    const result = await rehearse({
      round,
      input,
      outboxDir: outbox,
      config: loadConfig(),
      actions: (launchedAt) => timedActions(choice, buildPlan(round, launchedAt)),
      activities,
      inspect,
      log: () => undefined,
    });
    if (!result.ending.ok) throw new Error(`the census rehearsal ended with: ${result.ending.message}`);
    return {
      timers: fired.length,
      activities: scheduled.length,
      letters: letters(),
      steps: stepsOf(Date.parse(result.launchedAt), fired, scheduled),
      stepsByWorkflow: byWorkflow.map((own) => stepsOf(Date.parse(result.launchedAt), own.fired, own.scheduled)),
      workflows,
      tasks,
    };
  } finally {
    rmSync(outbox, { recursive: true, force: true });
  }
}

/** Timers a round sets for the same instant fire a few milliseconds apart on the server's clock, one workflow after another. */
const SAME_INSTANT_MS = 60_000;

/**
 * The instants timers fired at, in order, each with its timers and the activities scheduled from then
 * until the next (those a scenario's submission causes between two timers go with the timer before).
 */
function stepsOf(launchedMs: number, fired: number[], scheduled: number[]): BareStep[] {
  const steps: BareStep[] = [{ atMs: 0, timers: 0, activities: 0 }];
  const starts: number[] = [];
  for (const at of [...fired].sort((a, b) => a - b)) {
    const last = starts.at(-1);
    if (last !== undefined && at - last < SAME_INSTANT_MS) steps.at(-1)!.timers++;
    else {
      starts.push(at);
      steps.push({ atMs: at - launchedMs, timers: 1, activities: 0 });
    }
  }
  for (const at of scheduled) steps[starts.filter((start) => start <= at).length]!.activities++;
  return steps;
}

/** What the rehearsal spends beyond the bare workflow, in the round's logic and in its letters. */
function split(simulate: Timed, unsent: Timed, bare: Timed): string {
  const logic = unsent.seconds - bare.seconds;
  const letters = simulate.seconds - unsent.seconds;
  return `of the ${(simulate.seconds - bare.seconds).toFixed(2)} s over bare, the round's logic ${logic.toFixed(2)} s, its letters ${letters.toFixed(2)} s`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
  const positional = process.argv.slice(2).filter((arg, index, args) => !arg.startsWith('--') && !args[index - 1]?.startsWith('--'));
  const file = path.resolve(positional[0] ?? defaultRoundFile());
  const runs = Number(option('--runs') ?? 1);
  const only = option('--scenario');
  const scenarios = SCENARIOS.filter((scenario) => !only || scenario === only);
  if (!Number.isInteger(runs) || runs < 1 || scenarios.length === 0) throw new Error('usage: bench-simulate.ts [round file] [--runs N] [--scenario on-time|silent]');
  const input = await readRoundFile(file);
  const validation = validateRound(input);
  if (!validation.ok) throw new Error(`${file} does not validate: run jsrx validate ${file}`);
  const round = validation.round;

  // Outside the timing, as a rehearsal finds them cached too.
  await provisionTestServer();
  await Promise.all([roundWorkflowBundle(), cachedWorkflowBundle(BARE_WORKFLOWS)]);

  const scratch = mkdtempSync(path.join(tmpdir(), 'bench-simulate-'));
  try {
    process.stdout.write(`bench: jsrx simulate ${path.relative(root, file)}, against the same rehearsal without letters and a bare workflow with the same timers and as many no-op activities, each timed from command start to exit (server start included)\n`);
    const censuses = new Map<Scenario, { census: Census; stepsFile: string; shapedFile: string }>();
    for (const scenario of scenarios) {
      const census = await retryingSlowServerStart(() => censusOf(round, input, scenario));
      const stepsFile = path.join(scratch, `${scenario}.json`);
      writeFileSync(stepsFile, JSON.stringify(census.steps));
      const shapedFile = path.join(scratch, `${scenario}.shaped.json`);
      writeFileSync(shapedFile, JSON.stringify(census.stepsByWorkflow));
      censuses.set(scenario, { census, stepsFile, shapedFile });
      const bareTasks = (await timeBare(stepsFile, census, true)).tasks;
      const shapedTasks = (await timeBare(shapedFile, census, true, true)).tasks;
      process.stdout.write(
        `${scenario}: the round fires ${census.timers} timers at ${census.steps.length - 1} instants and runs ${census.activities} activities (${census.letters} letters); its ${census.workflows} workflows take ${census.tasks} workflow tasks, the bare workflow ${bareTasks}, the bare in the round's shape ${shapedTasks}\n`,
      );
    }
    const ratios = new Map<Scenario, Array<{ simulate: number; unsent: number; bare: number; shaped: number; ratio: number; cpuRatio?: number }>>(
      scenarios.map((scenario) => [scenario, []]),
    );
    for (let run = 1; run <= runs; run++) {
      for (const scenario of scenarios) {
        const { census, stepsFile, shapedFile } = censuses.get(scenario)!;
        // Alternating the order keeps a load that rises or falls from favouring one side.
        const sides = [
          () => timeSimulate(file, scenario),
          () => timeUnsent(file, scenario, census),
          () => timeBare(stepsFile, census),
          () => timeBare(shapedFile, census, false, true),
        ];
        const order = run % 2 === 1 ? [0, 1, 3, 2] : [2, 3, 1, 0];
        const timed: Timed[] = [];
        for (const side of order) timed[side] = await sides[side]!();
        const [simulate, unsent, bare, shaped] = timed as [Timed, Timed, Timed, Timed];
        const ratio = simulate.seconds / bare.seconds;
        const cpuRatio = simulate.cpu !== undefined && bare.cpu !== undefined ? simulate.cpu / bare.cpu : undefined;
        ratios.get(scenario)!.push({ simulate: simulate.seconds, unsent: unsent.seconds, bare: bare.seconds, shaped: shaped.seconds, ratio, cpuRatio });
        const cpu = cpuRatio === undefined ? '' : `; CPU ${simulate.cpu!.toFixed(1)} s / ${bare.cpu!.toFixed(1)} s = ${cpuRatio.toFixed(2)}`;
        process.stdout.write(
          `${runs > 1 ? `run ${run}, ` : ''}${scenario}: simulate ${simulate.seconds.toFixed(2)} s ${simulate.seconds <= 15 ? '(within the 15 s target)' : '(OVER the 15 s target)'}, bare ${bare.seconds.toFixed(2)} s, ratio simulate / bare: ${ratio.toFixed(2)} (load ${simulate.load.toFixed(1)} / ${bare.load.toFixed(1)})${cpu}\n`,
        );
        process.stdout.write(`  the same rehearsal without letters: ${unsent.seconds.toFixed(2)} s, ${(unsent.seconds / bare.seconds).toFixed(2)} × bare: ${split(simulate, unsent, bare)}\n`);
        process.stdout.write(
          `  the bare workflow in the round's shape (a parent and its children, each with its counterpart's timers and activities): ${shaped.seconds.toFixed(2)} s, ${(shaped.seconds / bare.seconds).toFixed(2)} × bare${shaped.cpu !== undefined && bare.cpu !== undefined ? ` (CPU ${(shaped.cpu / bare.cpu).toFixed(2)} ×)` : ''}\n`,
        );
      }
    }
    if (runs > 1) {
      for (const [scenario, measured] of ratios) {
        const med = (pick: (m: (typeof measured)[number]) => number) => median(measured.map(pick));
        process.stdout.write(
          `${scenario}, median of ${runs}: simulate ${med((m) => m.simulate).toFixed(2)} s, without letters ${med((m) => m.unsent).toFixed(2)} s, bare ${med((m) => m.bare).toFixed(2)} s, bare in the round's shape ${med((m) => m.shaped).toFixed(2)} s (${med((m) => m.shaped / m.bare).toFixed(2)} × bare), ratio ${med((m) => m.ratio).toFixed(2)}${measured[0]?.cpuRatio === undefined ? '' : `, CPU ratio ${med((m) => m.cpuRatio!).toFixed(2)}`}\n`,
        );
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
