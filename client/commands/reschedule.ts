/** `jsrx reschedule ROUND EVENT --start …`: move a video conference or the visit; invitations and reminders follow. */
import { Argument, Command } from 'commander';
import { InputError } from '../exit';
import type { CommonOptions } from '../output';
import { runUpdate } from './update-runner';

interface RescheduleOptions extends CommonOptions {
  start: string;
  end?: string;
  duration?: string;
  joinUrl?: string;
  reason?: string;
}

export function rescheduleCommand(): Command {
  return new Command('reschedule')
    .description('move vc1, vc2, vc3 or the visit; everyone gets the updated invitation')
    .argument('<round>', 'the round id')
    .addArgument(new Argument('<event>', 'vc1, vc2, vc3 or visit').choices(['vc1', 'vc2', 'vc3', 'visit']))
    .requiredOption('--start <when>', 'new start: an ISO instant with offset for a video conference, a date (YYYY-MM-DD) for the visit')
    .option('--end <date>', 'new last day of the visit (YYYY-MM-DD); leave it out to keep the visit’s length')
    .option('--duration <minutes>', 'new length of a video conference, in minutes')
    .option('--join-url <url>', 'new link of a video conference')
    .option('--reason <text>', 'told to everyone in the updated invitation')
    .option('--json', 'print the outcome as JSON')
    .addHelpText(
      'after',
      [
        '',
        'Moving the visit: --start alone moves the whole visit and keeps its length (a visit of 19 to 23 April',
        'moved with --start 2027-05-03 runs from 3 to 7 May); give --end as well to make it shorter or longer.',
        '',
        'A move that makes a deliverable due before it is requested, or one already requested due in the past,',
        'is taken, and each such deliverable is printed as a warning with the extend or waive command that fixes it.',
      ].join('\n'),
    )
    .action((roundId: string, event: 'vc1' | 'vc2' | 'vc3' | 'visit', options: RescheduleOptions) => {
      const durationMinutes = options.duration === undefined ? undefined : Number(options.duration);
      if (durationMinutes !== undefined && !(Number.isInteger(durationMinutes) && durationMinutes > 0)) {
        throw new InputError(`--duration ${options.duration}: give a whole number of minutes`);
      }
      if (options.end !== undefined && event !== 'visit') throw new InputError('--end is for the visit only; a video conference takes --duration');
      const change = { start: options.start, end: options.end, durationMinutes, joinUrl: options.joinUrl, reason: options.reason };
      return runUpdate(roundId, { action: 'reschedule', event, ...change }, options, `reschedule ${event}`);
    });
}
