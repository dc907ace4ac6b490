/**
 * `npm run worker`: the worker process. Configuration from the environment (worker/config.ts), JSON log
 * lines on stdout, and a graceful stop on SIGINT or SIGTERM: the Runtime stops polling for new tasks,
 * in-flight activities get `JSRX_SHUTDOWN_GRACE` to finish, then the process exits.
 */
import { Runtime } from '@temporalio/worker';
import { ConfigError, loadConfig } from './config';
import { connectWorker } from './connect';
import { createJsonLogger } from './logger';
import { createRoundWorker } from './round-worker';
import { createMessageActivities } from './activities';
import { workflowCode } from './workflow-code';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createJsonLogger(config.logLevel);
  Runtime.install({
    logger,
    // The Runtime calls worker.shutdown() on these signals; run() then resolves once work has drained.
    shutdownSignals: ['SIGINT', 'SIGTERM'],
    telemetryOptions: {
      logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} },
      ...(config.metricsAddress ? { metrics: { prometheus: { bindAddress: config.metricsAddress } } } : {}),
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
      metrics: config.metricsAddress ? `http://${config.metricsAddress}/metrics` : 'off',
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
