/**
 * The CLI's connection to the Temporal service, from the environment (worker/config.ts). A service that
 * does not answer is a service failure (exit 1), with the address and the variable to check.
 */
import { Client, Connection } from '@temporalio/client';
import type { Config } from '../worker/config';
import { temporalConnectionOptions } from '../worker/connection-options';
import { ServiceFailure } from './exit';

export async function connectClient(config: Config): Promise<Client> {
  // Outside the try: an unreadable certificate is bad configuration (exit 2), not an unreachable service.
  const options = temporalConnectionOptions(config);
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...options, connectTimeout: '5s' });
  } catch (error) {
    throw new ServiceFailure(
      `cannot reach the Temporal service at ${config.temporal.address} (${(error as Error).message}). ` +
        'Start one (npm start, or temporal server start-dev) or set TEMPORAL_ADDRESS.',
    );
  }
  return new Client({ connection, namespace: config.temporal.namespace });
}
