/**
 * A deliberately changed decision, for the test that proves the replay check can fail: this build of
 * the workflows no longer sends the welcome letters. Bundled with the real workflows as an interceptor.
 */
import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      scheduleActivity(input, next) {
        const [letter] = input.args as Array<{ message?: { kind?: string } }>;
        // Never scheduled: the command the recorded history expects is missing.
        if (letter?.message?.kind === 'welcome') return new Promise<never>(() => undefined);
        return next(input);
      },
    },
  ],
});
