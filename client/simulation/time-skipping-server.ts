/**
 * The one place the project opens Temporal's time-skipping test server, for rehearsals and tests alike.
 * The Java server is reported as headed for deprecation upstream: swapping it means changing this file.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ROUND_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { ServiceFailure } from '../exit';
import { findTestServer } from './provisioned-servers';

/** INDEXED_VALUE_TYPE_KEYWORD in Temporal's API: every round search attribute is a keyword. */
const KEYWORD = 2;

/**
 * The provisioned server's executable. Checked before a rehearsal touches anything, so a machine that
 * was never provisioned gets the one command that fixes it, not a half-written outbox.
 */
export function requireTestServer(env: NodeJS.ProcessEnv = process.env): string {
  const found = findTestServer({ env });
  if (!found) {
    throw new ServiceFailure(
      "no Temporal time-skipping test server is provisioned on this machine: run `npm run provision` once in the project folder (it needs Java 17 and Maven), or set TEMPORAL_TEST_SERVER=/path/to/temporal-test-server",
    );
  }
  return found.path;
}

/** Tries at starting the Java server: the SDK gives it a few seconds, which a busy machine can miss. */
const START_ATTEMPTS = 3;

async function startJavaServer(path: string): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
    } catch (error) {
      // Only a slow start is worth another try; a missing or broken executable fails the same way every time.
      if (attempt >= START_ATTEMPTS || !/did not start within/.test(String((error as Error).message))) throw error;
    }
  }
}

export async function openTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  const path = requireTestServer();
  const env = await startJavaServer(path);
  try {
    // The test server refuses search attributes it does not know, and a round upserts its phase at launch.
    await env.connection.operatorService.addSearchAttributes({
      namespace: env.namespace ?? 'default',
      searchAttributes: Object.fromEntries(ROUND_SEARCH_ATTRIBUTES.map((key) => [key.name, KEYWORD])),
    });
  } catch (error) {
    await env.teardown();
    throw error;
  }
  return env;
}
