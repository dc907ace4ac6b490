/**
 * The activities a benchmark runs a round with: the real planning, and a send activity that only counts
 * the letters it is handed (rendering and sending are measured elsewhere: npm run bench.cluster).
 */
import { createPlanningActivities } from '../activities/planning';
import { messageActivities, type RoundActivities } from '../activities';
import type { Letter, LetterReceipt } from '../workflows/dispatch';

export function countingActivities(): { activities: RoundActivities; letters(): number } {
  let letters = 0;
  const deliverLetter = async ({ message, to }: Letter): Promise<LetterReceipt> => {
    letters++;
    return { messageId: `<${message.kind}.${message.about}.${to.email}@bench>`, handedOverAt: new Date().toISOString() };
  };
  return { activities: { ...createPlanningActivities(), ...messageActivities(deliverLetter) }, letters: () => letters };
}
