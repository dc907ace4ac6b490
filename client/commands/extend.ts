/** `jsrx extend ROUND DELIVERABLE --due … --reason …`: move one deliverable's due date; its reminders move with it. */
import { Command } from 'commander';
import type { CommonOptions } from '../output';
import { runUpdate } from './update-runner';

interface ExtendOptions extends CommonOptions {
  due: string;
  reason: string;
}

export function extendCommand(): Command {
  return new Command('extend')
    .description("move one deliverable's due date; its reminders move with it and its owners are told")
    .argument('<round>', 'the round id')
    .argument('<deliverable>', 'the deliverable id, as jsrx status --json shows it (KE/jsr-documents)')
    .requiredOption(
      '--due <when>',
      'the new due date: a day (YYYY-MM-DD, due at 17:00 host time) or an ISO instant with its offset',
    )
    .requiredOption('--reason <text>', 'why, told to the owners and the coordinator')
    .option('--json', 'print the outcome as JSON')
    .action((roundId: string, deliverable: string, options: ExtendOptions) =>
      runUpdate(
        roundId,
        { action: 'extend', deliverable, dueAt: options.due, reason: options.reason },
        options,
        `extend ${deliverable} to ${options.due}`,
      ),
    );
}
