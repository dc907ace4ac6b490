/** The worker's native connection to the Temporal service, from the same options as the CLI's. */
import { NativeConnection } from '@temporalio/worker';
import type { Config } from './config';
import { temporalConnectionOptions } from './connection-options';

export async function connectWorker(config: Config): Promise<NativeConnection> {
  // Outside the try: an unreadable certificate is a configuration error, not an unreachable service.
  const options = temporalConnectionOptions(config);
  try {
    return await NativeConnection.connect(options);
  } catch (error) {
    throw new Error(
      `cannot reach the Temporal service at ${config.temporal.address} (${(error as Error).message}); start one (npm start) or set TEMPORAL_ADDRESS`,
      { cause: error },
    );
  }
}
