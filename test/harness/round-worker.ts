/**
 * The real worker, in-process, against a test's server: the real workflow bundle and the real message
 * activities wired from configuration (outbox or SMTP), as `npm run worker` wires them.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig } from '../../worker/config';
import { createMessageActivities } from '../../worker/activities';
import { createRoundWorker, WORKFLOWS_PATH } from '../../worker/round-worker';
import { workflowBundle } from './servers';

export interface RunningRoundWorker {
  stop(): Promise<void>;
}

/** `settings` are the worker's environment variables (task queue, SMTP_URL, outbox folder). */
export async function startRoundWorker(env: TestWorkflowEnvironment, settings: NodeJS.ProcessEnv): Promise<RunningRoundWorker> {
  const config = loadConfig(settings);
  const mail = createMessageActivities(config);
  const worker = await createRoundWorker({
    connection: env.nativeConnection,
    config,
    activities: mail.activities,
    workflowBundle: await workflowBundle(WORKFLOWS_PATH),
  });
  const running = worker.run();
  return {
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      mail.close();
    },
  };
}
