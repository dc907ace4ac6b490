/**
 * `npm run replay [-- PATH …] [--json]`: replays recorded round histories (files or folders of them,
 * `test/histories/` by default) against the workflow code of this checkout, and says which do not replay.
 * Exit 0 when every one replays, 1 when one does not, 2 when there is nothing to replay.
 *
 * A process of its own, not a jest test's: replaying a release's histories (some 80 rounds and children,
 * 20 MB of JSON) inside jest's long-lived process ran several times slower than here and outran its time
 * on a loaded machine. `test/workflows/replay.test.ts` runs this once per release.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { cachedWorkflowBundle } from '../client/simulation/workflow-bundle-cache';
import { WORKFLOWS_PATH } from '../worker/workflow-code';

const root = path.resolve(__dirname, '..');

export interface ReplayReport {
  replayed: number;
  failures: Array<{ file: string; workflowId: string; error: string }>;
}

function historyFiles(target: string): string[] {
  if (!statSync(target).isDirectory()) return [target];
  return (readdirSync(target, { recursive: true }) as string[])
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => path.join(target, name));
}

/** Read one at a time as the replay asks for them, so only one history is held at once. */
function* histories(files: string[]) {
  for (const file of files) {
    const recorded = JSON.parse(readFileSync(file, 'utf8')) as { workflowId?: unknown; history?: unknown };
    if (typeof recorded.workflowId !== 'string' || typeof recorded.history !== 'object' || recorded.history === null) {
      throw new Error(`${file}: not a recorded history (expected { "workflowId": …, "history": { "events": [ … ] } })`);
    }
    yield {
      // The file names the history in the report: a workflow id repeats across releases.
      workflowId: path.relative(root, file),
      history: temporal.api.history.v1.History.fromObject(recorded.history as Record<string, unknown>),
      recordedId: recorded.workflowId,
    };
  }
}

/** Replays the files against `workflowBundle`, by default this checkout's workflow code. */
export async function replayHistories(files: string[], workflowBundle?: { code: string }): Promise<ReplayReport> {
  workflowBundle ??= await cachedWorkflowBundle(WORKFLOWS_PATH);
  const report: ReplayReport = { replayed: 0, failures: [] };
  const ids = new Map<string, string>();
  const named = function* () {
    for (const entry of histories(files)) {
      ids.set(entry.workflowId, entry.recordedId);
      yield { workflowId: entry.workflowId, history: entry.history };
    }
  };
  for await (const result of Worker.runReplayHistories({ workflowBundle }, named())) {
    report.replayed++;
    if (result.error) {
      report.failures.push({ file: result.workflowId, workflowId: ids.get(result.workflowId) ?? '', error: String(result.error) });
    }
  }
  return report;
}

async function main(argv: string[]): Promise<number> {
  // The SDK's INFO lines (a worker starting and stopping) would bury the report.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const json = argv.includes('--json');
  const targets = argv.filter((arg) => arg !== '--json');
  const files = (targets.length ? targets : [path.join(root, 'test', 'histories')]).flatMap((target) => historyFiles(path.resolve(target)));
  if (files.length === 0) {
    process.stderr.write('replay: no recorded histories (*.json) to replay\n');
    return 2;
  }
  const report = await replayHistories(files);
  if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else {
    for (const failure of report.failures) process.stdout.write(`does not replay: ${failure.file} (${failure.workflowId})\n  ${failure.error}\n`);
    process.stdout.write(
      report.failures.length === 0
        ? `replay: all ${report.replayed} histories replay with this checkout's workflow code\n`
        : `replay: ${report.failures.length} of ${report.replayed} histories do not replay; guard the change with patched() (README, Changing the workflows)\n`,
    );
  }
  return report.failures.length === 0 ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`replay: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
