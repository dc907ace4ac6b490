/**
 * `npm run worker`: the worker process. Configuration from the environment (worker/config.ts), log
 * lines on stdout (readable on a terminal, JSON otherwise: worker/logger.ts), Prometheus metrics when
 * JSRX_METRICS_PORT is set, and a graceful stop on SIGINT or SIGTERM: the Runtime stops polling for new tasks,
 * in-flight activities get `JSRX_SHUTDOWN_GRACE` to finish, then the process exits.
 */
import { Runtime } from '@temporalio/worker';
import { ConfigError, loadConfig } from './config';
import { connectWorker } from './connect';
import { chooseLogFormat, createLogger } from './logger';
import { createRoundWorker } from './round-worker';
import { createMessageActivities } from './activities';
import { workflowCode } from './workflow-code';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, chooseLogFormat(config.logFormat, process.stdout.isTTY));
  Runtime.install({
    logger,
    // The Runtime calls worker.shutdown() on these signals; run() then resolves once work has drained.
    shutdownSignals: ['SIGINT', 'SIGTERM'],
    telemetryOptions: {
      logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} },
      // The SDK's own series (temporal_…) and the letters counters of the send activity, on /metrics.
      ...(config.metricsBindAddress ? { metrics: { prometheus: { bindAddress: config.metricsBindAddress } } } : {}),
    },
  });
  const connection = await connectWorker(config);
  const mail = createMessageActivities(config);
  try {
    const worker = await createRoundWorker({ connection, config, activities: mail.activities });
    const code = workflowCode();
    logger.info('worker started', {
      address: config.temporal.address,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      mail: config.mail.smtpUrl ? `smtp ${new URL(config.mail.smtpUrl).host}` : `outbox ${config.mail.outboxDir}`,
      ...(config.metricsBindAddress ? { metrics: `http://${config.metricsBindAddress}/metrics` } : {}),
      workflows: 'workflowBundle' in code ? `bundle ${code.workflowBundle.codePath}` : `bundled at start from ${code.workflowsPath}`,
    });
    await worker.run();
    logger.info('worker stopped');
  } finally {
    mail.close();
    await connection.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`worker: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`worker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
