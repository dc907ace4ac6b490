/**
 * What a cancellation called off. The round cancels only the events that had not ended when it was
 * cancelled (its CANCEL letters skip the others, workflows/round.workflow.ts): a video conference held last
 * month took place, and the participant's page and the calendar feeds must not say otherwise.
 */
import type { RoundProgress } from '../../workflows/messages';

type Progress = Pick<RoundProgress, 'status' | 'phase' | 'phaseSince'>;

export function eventCalledOff(event: Pick<RoundProgress['events'][number], 'end'>, progress: Progress): boolean {
  if (progress.status !== 'cancelled') return false;
  // The round enters its `cancelled` phase at the cancellation: without that instant, everything was called off.
  if (progress.phase !== 'cancelled') return true;
  return Date.parse(event.end) > Date.parse(progress.phaseSince);
}
