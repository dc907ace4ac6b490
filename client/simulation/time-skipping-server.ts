/**
 * The one place the project opens Temporal's time-skipping test server, for rehearsals and tests alike.
 * The Java server is reported as headed for deprecation upstream: swapping it means changing this file.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { provisionTestServer } from '../../scripts/provision';
import { ROUND_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

/** INDEXED_VALUE_TYPE_KEYWORD in Temporal's API: every round search attribute is a keyword. */
const KEYWORD = 2;

export async function openTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  const { path } = await provisionTestServer();
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
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
