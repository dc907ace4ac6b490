/**
 * The warnings a running round shows, as of its current dates. The round keeps the warnings found when
 * it was planned (workflows/round.workflow.ts), and a move or an extension does not revise them: a visa
 * letter flagged at launch as due before it is requested was still flagged after the visit moved away,
 * and a move that made a new one was never flagged on the page. The warnings that hang on dates are
 * therefore read again here from the progress (its events and due dates now); those about the file
 * itself (fewer than three staff, an unknown field) are kept as the round recorded them.
 */
import { phaseOpenings } from '../domain/plan';
import { dateWarnings } from '../domain/schedule-rules';
import type { Problem } from '../domain/round-file';
import type { RoundProgress } from '../workflows/messages';
import { isRunning, type RoundStop } from './round-stop';

type WarnedProgress = Pick<RoundProgress, 'status' | 'launchedAt' | 'events' | 'deliverables' | 'warnings'> & { stopped?: RoundStop };

export function currentWarnings(progress: WarnedProgress): Problem[] {
  const deliverableIds = new Set(progress.deliverables.map((deliverable) => deliverable.id));
  const aboutTheFile = progress.warnings.filter((warning) => !deliverableIds.has(warning.path));
  let phases: Array<{ phase: RoundProgress['phase']; startsAt: string }>;
  try {
    phases = phaseOpenings(progress.events ?? [], progress.launchedAt).map(([phase, startsAt]) => ({ phase, startsAt }));
  } catch {
    // A worker from before progress carried the events cannot tell: its warnings stay as recorded.
    return progress.warnings;
  }
  // An ended round is owed nothing more; a settled deliverable (submitted, waived) needs no fix.
  if (!isRunning(progress)) return aboutTheFile;
  const open = progress.deliverables.filter((deliverable) => deliverable.status === 'pending' || deliverable.status === 'overdue');
  return [...aboutTheFile, ...dateWarnings({ launchedAt: progress.launchedAt, phases, events: progress.events, deliverables: open })];
}
