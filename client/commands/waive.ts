/** `jsrx waive ROUND DELIVERABLE --reason …`: excuse a delegation from a deliverable; its reminders stop. */
import { Command } from 'commander';
import type { CommonOptions } from '../output';
import { runUpdate } from './update-runner';

export function waiveCommand(): Command {
  return new Command('waive')
    .description('waive a deliverable (no more reminders for it)')
    .argument('<round>', 'the round id')
    .argument('<deliverable>', 'the deliverable id (KE/meeting-requests)')
    .requiredOption('--reason <text>', 'why, for the record and the delegation')
    .option('--json', 'print the outcome as JSON')
    .action((roundId: string, deliverable: string, options: CommonOptions & { reason: string }) =>
      runUpdate(roundId, { action: 'waive', deliverable, reason: options.reason }, options, `waive ${deliverable}`),
    );
}
