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
const releases = [...new Set(files.map((name) => name.split(path.sep)[0]!))];

/** Read one at a time as the replay asks for them: a release's histories are over 20 MB of JSON, and holding
 * every release's at once made the garbage collector the slowest part of the test on a loaded machine. */
function* readHistories(names: string[]) {
  for (const name of names) {
    const recorded = JSON.parse(readFileSync(path.join(folder, name), 'utf8')) as { workflowId: string; history: unknown };
    yield {
      workflowId: recorded.workflowId,
      history: temporal.api.history.v1.History.fromObject(recorded.history as Record<string, unknown>),
    };
  }
}

async function replayAll(workflowBundle: { code: string }, names: string[]) {
  const failures: Array<{ workflowId: string; error: string }> = [];
  let replayed = 0;
  for await (const result of Worker.runReplayHistories({ workflowBundle }, readHistories(names))) {
    replayed++;
    if (result.error) failures.push({ workflowId: result.workflowId, error: String(result.error) });
  }
  return { failures, replayed };
}

const entry = path.join(repoRoot, 'workflows', 'index.ts');

describe('recorded round histories', () => {
  it('histories were recorded by more than one release', () => {
    expect(releases.length).toBeGreaterThan(1);
  });

  // One test per release, so a slow machine spends its time budget on one release at a time and a failure
  // names the release whose rounds would break.
  it.each(releases)('every history recorded by release %s replays with the current workflow code', async (release) => {
    const names = files.filter((name) => name.startsWith(release + path.sep));
    expect(names.length).toBeGreaterThan(0);
    const { failures, replayed } = await replayAll(await workflowBundle(entry), names);
    expect(failures).toEqual([]);
    expect(replayed).toBe(names.length);
    // About 22 MB of histories per release: 15 s on a quiet machine, several times that on a loaded one.
  }, 180_000);

  it('a build whose decisions changed (the welcome no longer sent) is caught as non-determinism', async () => {
    const changed = await bundleWorkflowCode({
      workflowsPath: entry,
      workflowInterceptorModules: [path.join(__dirname, 'changed-decision', 'drop-welcome.interceptor.ts')],
      logger: quietBundlerLogger,
    });
    // A round that launched (a refused launch sent no welcome to drop).
    const launched = files.filter((name) => name.endsWith('.round.json') && !name.includes('not-valid'));
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
