/**
 * `npm run bench`: every performance figure the project promises, printed, never asserted in a test
 * (timed tests flake on a shared two-core machine). Each benchmark is its own script; this runs them in turn.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const benchmarks = [
  { script: 'scripts/bench-round.ts', what: 'a silent 4-delegation round under time skipping: history sizes and wall time' },
  { script: 'scripts/bench-simulate.ts', what: '`jsrx simulate` of the anglophone example, on-time and silent, against a bare workflow with the same timers and activities' },
  { script: 'scripts/bench-web.ts', what: 'the web pages: the round page of a 4-delegation round on the wire, p95 at 50 connections (autocannon) against a separate web process' },
];

let failed = 0;
for (const { script, what } of benchmarks) {
  const file = path.resolve(__dirname, '..', script);
  process.stdout.write(`\n== ${what} (${script})\n`);
  if (!existsSync(file)) {
    process.stdout.write('missing\n');
    failed++;
    continue;
  }
  const result = spawnSync(process.execPath, ['-r', '@swc-node/register', file], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
