/**
 * The round worker: the workflows of workflows/index.ts and the activities, on the configured
 * task queue. Built here rather than in main.ts so tests run the very same worker in-process.
 */
import path from 'node:path';
import { Worker, type NativeConnection, type WorkflowBundle } from '@temporalio/worker';
import type { RoundActivities } from '../activities';
import { PROJECT_ROOT, type Config } from './config';

export const WORKFLOWS_PATH = path.join(PROJECT_ROOT, 'workflows', 'index.ts');

export interface RoundWorkerOptions {
  connection: NativeConnection;
  config: Config;
  /** The real ones come from `createMessageActivities(config)` (worker/activities.ts). */
  activities: RoundActivities;
  /** A prebuilt bundle (tests bundle once per file); otherwise the worker bundles `WORKFLOWS_PATH`. */
  workflowBundle?: WorkflowBundle;
  taskQueue?: string;
}

export function createRoundWorker(options: RoundWorkerOptions): Promise<Worker> {
  const { connection, config } = options;
  return Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: options.taskQueue ?? config.temporal.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities: options.activities,
    // A stopping worker lets an SMTP send in progress finish rather than cut it (and resend it later).
    shutdownGraceTime: config.shutdownGraceMs,
  });
}
