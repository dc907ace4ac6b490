/**
 * The round worker: the workflows of workflows/index.ts and the activities, on the configured
 * task queue. Built here rather than in main.ts so tests run the very same worker in-process.
 */
import { Worker, type NativeConnection, type WorkflowBundle } from '@temporalio/worker';
import type { RoundActivities } from '../activities';
import type { Config } from './config';
import { workflowCode } from './workflow-code';

export { WORKFLOWS_PATH } from './workflow-code';

export interface RoundWorkerOptions {
  connection: NativeConnection;
  config: Config;
  /** The real ones come from `createMessageActivities(config)` (worker/activities.ts). */
  activities: RoundActivities;
  /** A prebuilt bundle (tests bundle once per file); otherwise `dist/workflow-bundle.js` from a build, else the worker bundles `WORKFLOWS_PATH`. */
  workflowBundle?: WorkflowBundle;
  taskQueue?: string;
}

export function createRoundWorker(options: RoundWorkerOptions): Promise<Worker> {
  const { connection, config } = options;
  return Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: options.taskQueue ?? config.temporal.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : workflowCode()),
    activities: options.activities,
    // A stopping worker lets an SMTP send in progress finish rather than cut it (and resend it later).
    shutdownGraceTime: config.shutdownGraceMs,
    // A batch of letters heartbeats its progress after each letter; what reaches the server is what a
    // retry after a crash skips. At most a second's worth of letters can then go out twice.
    maxHeartbeatThrottleInterval: '1 second',
    // Each cached execution holds its workflow state in the worker's memory: the main cost of a worker
    // serving many rounds (npm run bench.cluster measures it).
    maxCachedWorkflows: config.maxCachedWorkflows,
  });
}
