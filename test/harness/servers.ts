/**
 * The one place tests open Temporal servers. Both run from executables this project provisions
 * (scripts/provision.ts), never the SDK's download; swapping the Java time-skipping server for another
 * implementation means changing this file only.
 */
import nodePath from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { serverCacheDir } from '../../client/simulation/provisioned-servers';
import { openTimeSkippingServer } from '../../client/simulation/time-skipping-server';
import { cachedWorkflowBundle } from '../../client/simulation/workflow-bundle-cache';
import { boundLauncher } from '../../scripts/bound-to-parent';
import { provisionDevServer } from '../../scripts/provision';
import { ROUND_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

/** The time-skipping server with the round's search attributes registered (see client/simulation/time-skipping-server.ts). */
export function openTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return openTimeSkippingServer();
}

/**
 * The provisioned `temporal` CLI behind a launcher that stops its dev server if this process dies without a
 * teardown (a jest killed outright), as the test server's wrapper does (scripts/bound-to-parent.ts).
 */
export async function devServerExecutable(): Promise<string> {
  const { path } = await provisionDevServer();
  return boundLauncher(path, nodePath.join(serverCacheDir(), 'bound'));
}

/** A dev server on 127.0.0.1 with the round's search attributes registered, in memory unless `dbFilename` is given. */
export async function openDevServerEnv(options: { dbFilename?: string } = {}): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: await devServerExecutable() },
      ip: '127.0.0.1',
      searchAttributes: ROUND_SEARCH_ATTRIBUTES,
      dbFilename: options.dbFilename,
      log: { format: 'pretty', level: 'error' },
    },
  });
}

/**
 * The workflow bundle, from the same hash-keyed cache `jsrx simulate` uses: webpack runs once per
 * change of the workflow sources, not once per test file.
 */
export function workflowBundle(workflowsPath: string): Promise<{ code: string }> {
  return cachedWorkflowBundle(workflowsPath);
}
