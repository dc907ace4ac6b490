/**
 * `jsrx replace-participant ROUND COUNTRY --leaving … --name … --email …`: staff turnover, the concept
 * note's named risk. The newcomer takes over open tasks and future invitations and gets an onboarding
 * email; the person who left gets the cancellations.
 */
import { Command } from 'commander';
import type { CommonOptions } from '../output';
import { runUpdate } from './update-runner';

interface ReplaceOptions extends CommonOptions {
  leaving: string;
  name: string;
  email: string;
}

export function replaceParticipantCommand(): Command {
  return new Command('replace-participant')
    .description('replace a participant who left their delegation')
    .argument('<round>', 'the round id')
    .argument('<country>', 'the delegation (ISO code, KE)')
    .requiredOption('--leaving <email>', 'the email of the participant who leaves')
    .requiredOption('--name <name>', 'the newcomer’s name')
    .requiredOption('--email <email>', 'the newcomer’s email')
    .option('--json', 'print the outcome as JSON')
    .action((roundId: string, country: string, options: ReplaceOptions) =>
      runUpdate(
        roundId,
        { action: 'replace', country: country.toUpperCase(), leaving: options.leaving, newcomer: { name: options.name, email: options.email } },
        options,
        `replace ${options.leaving} by ${options.email}`,
      ),
    );
}
