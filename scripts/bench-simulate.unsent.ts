/**
 * `node -r @swc-node/register scripts/bench-simulate.unsent.ts ROUND.yaml on-time|silent`: the middle
 * side of `npm run bench.simulate`, the rehearsal `jsrx simulate` runs with the send activity replaced by
 * one that only counts (scripts/counting-activities.ts), timed as a command of its own like the other two.
 * Between the bare workflow and the rehearsal, it splits what the round costs into its logic (children,
 * signals, updates, planning) and its letters (rendering, MIME, calendar files, the outbox).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { readRoundFile } from '../client/round-file-io';
import { rehearse } from '../client/simulation/rehearsal';
import { loadScenario, timedActions } from '../client/simulation/scenario';
import { buildPlan } from '../domain/plan';
import { validateRound } from '../domain/validate';
import { loadConfig } from '../worker/config';
import { countingActivities } from './counting-activities';

async function main(): Promise<void> {
  const [file, scenario] = process.argv.slice(2);
  if (!file || !scenario) throw new Error('usage: bench-simulate.unsent.ts ROUND.yaml on-time|silent');
  // As `jsrx simulate` installs it: warnings only.
  Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
  const input = await readRoundFile(file);
  const validation = validateRound(input);
  if (!validation.ok) throw new Error(`${file} does not validate: run jsrx validate ${file}`);
  const round = validation.round;
  const choice = await loadScenario(scenario);
  const { activities, letters } = countingActivities();
  const outbox = mkdtempSync(path.join(tmpdir(), 'bench-unsent-'));
  try {
    const result = await rehearse({
      round,
      input,
      outboxDir: outbox,
      config: loadConfig(),
      actions: (launchedAt) => timedActions(choice, buildPlan(round, launchedAt)),
      activities,
      log: () => undefined,
    });
    if (!result.ending.ok) throw new Error(`the rehearsal ended with: ${result.ending.message}`);
    process.stdout.write(`${JSON.stringify({ letters: letters() })}\n`);
  } finally {
    rmSync(outbox, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench-simulate.unsent: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
