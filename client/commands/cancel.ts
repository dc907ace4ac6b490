/** `jsrx cancel ROUND --reason …`: stop a round; invitations are withdrawn and everyone is told why. */
import { Command } from 'commander';
import type { CommonOptions } from '../output';
import { runUpdate } from './update-runner';

export function cancelCommand(): Command {
  return new Command('cancel')
    .description('cancel a round: withdraw its invitations and tell everyone')
    .argument('<round>', 'the round id')
    .requiredOption('--reason <text>', 'told to everyone')
    .option('--json', 'print the outcome as JSON')
    .action((roundId: string, options: CommonOptions & { reason: string }) => runUpdate(roundId, { action: 'cancel', reason: options.reason }, options, 'cancel'));
}
