/**
 * Rounds live for months, so today's workflow code must replay the histories recorded by earlier code.
 * Every file under test/histories/<release>/ (written by the scenario tests with
 * JSRX_RECORD_HISTORIES=<release>) is replayed here; a change that breaks determinism fails this test until it is guarded with `patched()`.
 *
 * Histories are read with protobufjs's own `fromObject` (the inverse of the `toJSON` that wrote them):
 * the SDK's historyFromJSON trips over jest's per-file module registry (two protobuf roots).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { quietBundlerLogger } from '../../client/simulation/workflow-bundle-cache';
import { workflowBundle } from '../harness/servers';
import { repoRoot } from './round-fixture';
import { replayHistories, type ReplayReport } from '../../scripts/replay-histories';

function runReplayScript(target: string, json = true): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = ['-r', '@swc-node/register', path.join(repoRoot, 'scripts', 'replay-histories.ts'), target, ...(json ? ['--json'] : [])];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const folder = path.join(repoRoot, 'test', 'histories');
/** One folder per release that recorded them (`1-one-activity-per-letter/…`). */
const files = (readdirSync(folder, { recursive: true }) as string[]).filter((name) => name.endsWith('.json')).sort();
const releases = [...new Set(files.map((name) => name.split(path.sep)[0]!))];

const entry = path.join(repoRoot, 'workflows', 'index.ts');

describe('recorded round histories', () => {
  it('histories were recorded by more than one release', () => {
    expect(releases.length).toBeGreaterThan(1);
  });

  // One test per release, each in a process of its own (scripts/replay-histories.ts): a failure names the
  // release whose rounds would break, and jest's long-lived process, which ran this several times slower,
  // stays out of it.
  it.each(releases)('every history recorded by release %s replays with the current workflow code', async (release) => {
    const names = files.filter((name) => name.startsWith(release + path.sep));
    expect(names.length).toBeGreaterThan(0);
    const run = await runReplayScript(path.join(folder, release));
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as ReplayReport;
    expect(report.failures).toEqual([]);
    expect(report.replayed).toBe(names.length);
    expect(run.code).toBe(0);
    // About 22 MB of histories per release: 15 s on a quiet machine, several times that on a loaded one.
  }, 180_000);

  it('the replay script says which history does not replay, and exits 1', async () => {
    // A round history with its first timer taken out: the code starts a timer the history does not have.
    const launched = files.find((name) => name.endsWith('.round.json') && !name.includes('not-valid'))!;
    const recorded = JSON.parse(readFileSync(path.join(folder, launched), 'utf8')) as { workflowId: string; history: { events: Array<Record<string, unknown>> } };
    const scratch = mkdtempSync(path.join(tmpdir(), 'jsrx-replay-'));
    try {
      const events = recorded.history.events;
      const firstCommand = events.findIndex((event) => event.eventType === 'EVENT_TYPE_TIMER_STARTED');
      const broken = { ...recorded, history: { events: events.filter((_, index) => index !== firstCommand) } };
      writeFileSync(path.join(scratch, 'broken.round.json'), JSON.stringify(broken));
      const run = await runReplayScript(scratch, false);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`does not replay: ${path.relative(repoRoot, path.join(scratch, 'broken.round.json'))} (${recorded.workflowId})`);
      expect(run.stdout).toMatch(/1 of 1 histories do not replay/);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 120_000);

  it('a build whose decisions changed (the welcome no longer sent) is caught as non-determinism', async () => {
    const changed = await bundleWorkflowCode({
      workflowsPath: entry,
      workflowInterceptorModules: [path.join(__dirname, 'changed-decision', 'drop-welcome.interceptor.ts')],
      logger: quietBundlerLogger,
    });
    // A round that launched (a refused launch sent no welcome to drop).
    const launched = files.filter((name) => name.endsWith('.round.json') && !name.includes('not-valid'));
    expect(launched.length).toBeGreaterThan(0);
    const { failures } = await replayHistories([path.join(folder, launched[0]!)], changed);
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
