/**
 * Rounds live for months, so today's workflow code must replay the histories recorded by earlier code.
 * Every file under test/histories/ (written by the scenario tests with JSRX_RECORD_HISTORIES=1) is
 * replayed here; a change that breaks determinism fails this test until it is guarded with `patched()`.
 *
 * Histories are read with protobufjs's own `fromObject` (the inverse of the `toJSON` that wrote them):
 * the SDK's historyFromJSON trips over jest's per-file module registry (two protobuf roots).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../harness/servers';
import { repoRoot } from './round-fixture';

const folder = path.join(repoRoot, 'test', 'histories');
const files = readdirSync(folder).filter((name) => name.endsWith('.json')).sort();

describe('recorded round histories', () => {
  it('every history recorded under test/histories/ replays with the current workflow code', async () => {
    expect(files.length).toBeGreaterThan(0);
    const histories = files.map((name) => {
      const recorded = JSON.parse(readFileSync(path.join(folder, name), 'utf8')) as { workflowId: string; history: unknown };
      return {
        workflowId: recorded.workflowId,
        history: temporal.api.history.v1.History.fromObject(recorded.history as Record<string, unknown>),
      };
    });
    const failures: Array<{ workflowId: string; error: string }> = [];
    const results = Worker.runReplayHistories(
      { workflowBundle: await workflowBundle(path.join(repoRoot, 'workflows', 'index.ts')) },
      histories,
    );
    let replayed = 0;
    for await (const result of results) {
      replayed++;
      if (result.error) failures.push({ workflowId: result.workflowId, error: String(result.error) });
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(files.length);
  });
});
