/**
 * Rounds live for months, so today's workflow code must replay the histories recorded by earlier code.
 * Every file under test/histories/<release>/ (written by the scenario tests with
 * JSRX_RECORD_HISTORIES=<release>) is replayed here; a change that breaks determinism fails this test until it is guarded with `patched()`.
 *
 * Histories are read with protobufjs's own `fromObject` (the inverse of the `toJSON` that wrote them):
 * the SDK's historyFromJSON trips over jest's per-file module registry (two protobuf roots).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { quietBundlerLogger } from '../../client/simulation/workflow-bundle-cache';
import { workflowBundle } from '../harness/servers';
import { repoRoot } from './round-fixture';

const folder = path.join(repoRoot, 'test', 'histories');
/** One folder per release that recorded them (`1-one-activity-per-letter/…`). */
const files = (readdirSync(folder, { recursive: true }) as string[]).filter((name) => name.endsWith('.json')).sort();

function readHistories() {
  return files.map((name) => {
    const recorded = JSON.parse(readFileSync(path.join(folder, name), 'utf8')) as { workflowId: string; history: unknown };
    return {
      name,
      workflowId: recorded.workflowId,
      history: temporal.api.history.v1.History.fromObject(recorded.history as Record<string, unknown>),
    };
  });
}

async function replayAll(workflowBundle: { code: string }, histories = readHistories()) {
  const failures: Array<{ workflowId: string; error: string }> = [];
  let replayed = 0;
  for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) {
    replayed++;
    if (result.error) failures.push({ workflowId: result.workflowId, error: String(result.error) });
  }
  return { failures, replayed };
}

const entry = path.join(repoRoot, 'workflows', 'index.ts');

describe('recorded round histories', () => {
  it('every history recorded under test/histories/ replays with the current workflow code', async () => {
    expect(files.length).toBeGreaterThan(0);
    const { failures, replayed } = await replayAll(await workflowBundle(entry));
    expect(failures).toEqual([]);
    expect(replayed).toBe(files.length);
    // About 22 MB of histories per release: a minute on a quiet machine is not enough on a loaded one.
  }, 300_000);

  it('a build whose decisions changed (the welcome no longer sent) is caught as non-determinism', async () => {
    const changed = await bundleWorkflowCode({
      workflowsPath: entry,
      workflowInterceptorModules: [path.join(__dirname, 'changed-decision', 'drop-welcome.interceptor.ts')],
      logger: quietBundlerLogger,
    });
    // A round that launched (a refused launch sent no welcome to drop).
    const launched = readHistories().filter(({ name }) => name.endsWith('.round.json') && !name.includes('not-valid'));
    expect(launched.length).toBeGreaterThan(0);
    const { failures } = await replayAll(changed, launched.slice(0, 1));
    expect(failures).toHaveLength(1);
    expect(failures[0]?.error).toMatch(/[Nn]ondetermin/);
  }, 180_000);

  it('the workflow bundle carries no domain code: no zod, no luxon, no plan builder, so their upgrades cannot move a running round', async () => {
    const { code } = await workflowBundle(entry);
    expect(code).not.toMatch(/node_modules\/(zod|luxon)\//);
    expect(code).not.toMatch(/domain\/(plan|validate|round-file|due-dates)\.ts/);
    expect(code).toMatch(/workflows\/round\.workflow\.ts/);
  });
});
