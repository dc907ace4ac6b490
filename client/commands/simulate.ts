/**
 * `jsrx simulate FILE [--outbox DIR]`: rehearse a round before launching it. Runs it from launch to end on
 * the time-skipping test server with the real workflow, activities and templates; every email lands in
 * DIR (by default a new temporary folder), listed in DIR/manifest.json with its simulated send time.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '../../worker/config';
import { buildPlan } from '../../domain/plan';
import { EXIT_INPUT, InputError, Reported } from '../exit';
import { createPrinter, formatDateTime, type CommonOptions } from '../output';
import { requireValidRound } from '../round-input';
import { loadScenario, resolveAt, timedActions } from '../simulation/scenario';
import { printStatus } from './status';

interface SimulateOptions extends CommonOptions {
  scenario?: string;
  until?: string;
  outbox?: string;
}

export function simulateCommand(): Command {
  return new Command('simulate')
    .description('rehearse a round from launch to end in simulated time; every email goes to the outbox folder')
    .argument('<file>', 'the round file')
    .option('--scenario <scenario>', 'on-time (everyone submits a day early), silent (nobody submits), or a scenario YAML file', 'on-time')
    .option('--until <when>', 'stop the rehearsal here and show where the round stands: an instant or an event offset (vc2+1d)')
    .option('--outbox <dir>', 'folder the emails are written to, with manifest.json: a new or empty folder, or an earlier rehearsal’s (default: a new temporary folder)')
    .option('--tz <zone>', 'IANA time zone to show times in (default: this machine’s zone)')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: SimulateOptions) => {
      const printer = createPrinter(options);
      const { round, input } = await requireValidRound(file, printer);
      if (Date.parse(round.schedule.vc1.start) <= Date.now()) {
        throw new InputError(`${round.id}: vc1 (${round.schedule.vc1.start}) is already past; a rehearsal starts now, so move the schedule into the future`);
      }
      const scenario = await loadScenario(options.scenario);
      // Checked before the server starts, so a typo costs nothing.
      const draft = buildPlan(round, new Date().toISOString());
      timedActions(scenario, draft);
      if (options.until !== undefined) {
        const stop = resolveAt(options.until, draft, '--until');
        // A stop before the launch would still send the launch's letters, then report a moment the round never reached.
        if (stop < draft.launchedAt) {
          throw new InputError(`--until ${options.until} (${stop}) falls before the launch (${draft.launchedAt}): stop the rehearsal at the launch or later (launch, vc1-1d, an instant)`);
        }
      }
      const config = loadConfig();
      const { checkRehearsalFolder, claimRehearsalFolder, writeSimulationManifest, SIMULATION_MANIFEST } = await import('../simulation/manifest');
      if (options.outbox !== undefined) await checkRehearsalFolder(options.outbox);
      // Loaded here, not at the top: the worker SDK and the test server cost a second that other commands need not pay.
      const [{ Runtime }, { createJsonLogger }, { rehearse }, { requireTestServer }] = await Promise.all([
        import('@temporalio/worker'),
        import('../../worker/logger'),
        import('../simulation/rehearsal'),
        import('../simulation/time-skipping-server'),
      ]);
      requireTestServer();
      const outbox = options.outbox ?? mkdtempSync(path.join(tmpdir(), `jsrx-rehearsal-${round.id}-`));
      const mark = { roundId: round.id, scenario: options.scenario ?? 'on-time', startedAt: new Date().toISOString() };
      const replaced = await claimRehearsalFolder(outbox, mark);
      if (replaced > 0 && !printer.json) process.stderr.write(`simulate: replacing the ${replaced} emails of an earlier rehearsal in ${outbox}\n`);
      // The SDK's own INFO lines would drown the rehearsal's output; warnings still show, on stderr.
      Runtime.install({
        logger: createJsonLogger('WARN', (line) => process.stderr.write(`${line}\n`)),
        // Core warns that the test server lacks a recent capability; only its errors matter here.
        telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
      });
      let result: Awaited<ReturnType<typeof rehearse>>;
      try {
        result = await rehearse({
          round,
          input,
          outboxDir: outbox,
          config,
          actions: (launchedAt) => timedActions(scenario, buildPlan(round, launchedAt)),
          until: options.until === undefined ? undefined : (launchedAt) => resolveAt(options.until as string, buildPlan(round, launchedAt), '--until'),
          log: (line) => {
            if (!printer.json) process.stderr.write(`simulate: ${line}\n`);
          },
        });
      } catch (error) {
        // The emails written so far are this rehearsal's: listing them keeps the folder reusable.
        await writeSimulationManifest(outbox, mark).catch(() => undefined);
        throw error;
      }
      const messages = await writeSimulationManifest(outbox, mark);
      const refused = result.actions.filter((record) => !record.outcome.accepted);
      printer.result({ ...result, messages: messages.length, outbox, manifest: path.join(outbox, SIMULATION_MANIFEST) }, () => {
        printer.line(`rehearsed ${round.id} from ${formatDateTime(result.launchedAt, printer.zone)} to ${formatDateTime(result.endedAt, printer.zone)} (simulated)`);
        printer.line(`${messages.length} emails in ${outbox} (see ${SIMULATION_MANIFEST}); ${result.actions.length} scenario actions, ${refused.length} refused`);
        for (const record of refused) printer.line(`  refused: ${record.summary}: ${record.outcome.accepted ? '' : record.outcome.reason}`);
        if (!result.ending.ok) printer.line(`the round ended with: ${result.ending.message}`);
        if ('stoppedAt' in result.ending) printer.line(`stopped at ${formatDateTime(result.ending.stoppedAt, printer.zone)}, the round still running`);
        printer.line();
        printStatus(result.progress, printer);
      });
      if (refused.length > 0) throw new Reported(EXIT_INPUT);
    });
}
