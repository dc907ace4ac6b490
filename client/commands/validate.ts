/** `jsrx validate FILE`: every problem of a round file at once, and its dated plan; nothing is started. */
import { Command } from 'commander';
import { limitRows } from '../../domain/limits';
import { buildPlan } from '../../domain/plan';
import { EXIT_INPUT, Reported } from '../exit';
import { createPrinter, type CommonOptions } from '../output';
import { printProblems, validateFile } from '../round-input';
import { printTimeline } from '../timeline';

interface ValidateOptions extends CommonOptions {
  launchAt?: string;
}

export function validateCommand(): Command {
  return new Command('validate')
    .description('check a round file (YAML or JSON) and show its dated plan; exit 2 if it has errors')
    .argument('<file>', 'the round file')
    .option('--tz <zone>', 'IANA time zone to show times in (default: this machine’s zone)')
    .option('--launch-at <instant>', 'plan as if launched at this ISO instant (default: now)')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', limitsHelp())
    .action(async (file: string, options: ValidateOptions) => {
      const printer = createPrinter(options);
      // The plan is shown as if launched now (or at --launch-at), and its dates count from that launch.
      const launchAt = options.launchAt ?? new Date().toISOString();
      const result = await validateFile(file, { now: launchAt });
      if (!result.ok) {
        printer.result({ ok: false, errors: result.errors, warnings: result.warnings }, () =>
          printProblems(printer, file, result.errors, result.warnings),
        );
        throw new Reported(EXIT_INPUT);
      }
      const plan = buildPlan(result.round, launchAt);
      // result.warnings holds the file's own and those its plan shows (a deliverable due before it is requested), as launch prints them.
      const { warnings } = result;
      printer.result({ ok: true, warnings, round: result.round, plan }, () => {
        printer.line(printer.colors.green(`${file}: valid round ${result.round.id} — ${result.round.title}`));
        printProblems(printer, file, [], warnings);
        printer.line();
        printTimeline(plan, printer);
      });
    });
}

function limitsHelp(): string {
  const rows = limitRows();
  const width = Math.max(...rows.map(([what]) => what.length));
  return [
    '',
    'Limits (a file past one is refused, naming the field and the limit):',
    ...rows.map(([what, limit]) => `  ${what.padEnd(width)}  ${limit}`),
  ].join('\n');
}
