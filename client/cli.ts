/**
 * `jsrx`: the coordinators' and staff's command line. Each command lives in its own module under
 * commands/; this file assembles them and turns whatever a command throws into one message on stderr
 * and an exit code (see exit.ts).
 */
import { Command, CommanderError } from 'commander';
import { cancelCommand } from './commands/cancel';
import { doctorCommand } from './commands/doctor';
import { launchCommand } from './commands/launch';
import { listCommand } from './commands/list';
import { replaceParticipantCommand } from './commands/replace-participant';
import { reportCommand } from './commands/report';
import { rescheduleCommand } from './commands/reschedule';
import { simulateCommand } from './commands/simulate';
import { statusCommand } from './commands/status';
import { submitCommand } from './commands/submit';
import { validateCommand } from './commands/validate';
import { waiveCommand } from './commands/waive';
import { describeFailure, EXIT_INPUT, EXIT_OK } from './exit';

export function buildProgram(): Command {
  const program = new Command('jsrx')
    .description('Run cross-country exchange rounds on Joint Sector Reviews, on Temporal.')
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      '\nExit codes: 0 done, 1 the service failed (unreachable, workflow error), 2 bad input (file, round id, refused update).\n' +
        'The service is configured from the environment: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE, … (see README).',
    );
  const commands = [
    validateCommand(),
    simulateCommand(),
    launchCommand(),
    statusCommand(),
    listCommand(),
    submitCommand(),
    waiveCommand(),
    rescheduleCommand(),
    replaceParticipantCommand(),
    cancelCommand(),
    reportCommand(),
    doctorCommand(),
  ];
  for (const command of commands) program.addCommand(command);
  // Commander's own errors (unknown option, missing argument) are bad input, not a crash.
  program.exitOverride();
  for (const command of program.commands) command.exitOverride();
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version land here with exit code 0; usage errors were already printed.
      return error.exitCode === 0 ? EXIT_OK : EXIT_INPUT;
    }
    const failure = describeFailure(error);
    if (failure.message) process.stderr.write(`jsrx: ${failure.message}\n`);
    return failure.exitCode;
  }
}
