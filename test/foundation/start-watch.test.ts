/**
 * `npm run start.watch`: the worker and the web service run under node's watch mode, on the folders
 * they are built from. Checked with a stand-in process in a scratch folder, so the test never edits the
 * project's sources: a change deep in a watched folder restarts it, a change elsewhere does not, and a
 * SIGTERM (what `npm start` sends when it stops) reaches it and ends the watch.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../worker/config';
import { WATCHED_SOURCES, watchFlags } from '../../scripts/watch-sources';

const STAND_IN = `
process.stdout.write('started ' + process.pid + '\\n');
process.on('SIGTERM', () => { process.stdout.write('stopping ' + process.pid + '\\n'); process.exit(0); });
setInterval(() => undefined, 1000);
`;

function waitFor(read: () => string, pattern: RegExp, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (pattern.test(read())) resolve();
      else if (Date.now() > deadline) reject(new Error(`no ${pattern} within ${timeoutMs} ms in:\n${read()}`));
      else setTimeout(poll, 50);
    };
    poll();
  });
}

describe('npm run start.watch', () => {
  it('names folders that exist, for both processes, with the workflows among the worker’s', () => {
    for (const folder of [...WATCHED_SOURCES.worker, ...WATCHED_SOURCES.web]) {
      expect(statSync(path.join(PROJECT_ROOT, folder)).isDirectory()).toBe(true);
    }
    expect(WATCHED_SOURCES.worker).toEqual(expect.arrayContaining(['workflows', 'activities', 'templates']));
  });

  it('restarts the process when a file deep in a watched folder changes, not for one outside, and stops it on SIGTERM', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'jsrx-watch-'));
    mkdirSync(path.join(root, 'workflows', 'deep'), { recursive: true });
    mkdirSync(path.join(root, 'elsewhere'));
    writeFileSync(path.join(root, 'workflows', 'deep', 'round.ts'), '// one\n');
    writeFileSync(path.join(root, 'elsewhere', 'notes.txt'), 'one\n');
    writeFileSync(path.join(root, 'main.js'), STAND_IN);
    const child = spawn(process.execPath, [...watchFlags(root, ['workflows']), path.join(root, 'main.js')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const starts = () => output.match(/^started \d+$/gm)?.length ?? 0;
    try {
      await waitFor(() => output, /^started \d+$/m);
      writeFileSync(path.join(root, 'elsewhere', 'notes.txt'), 'two\n');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(starts()).toBe(1);

      writeFileSync(path.join(root, 'workflows', 'deep', 'round.ts'), '// two\n');
      await waitFor(() => String(starts()), /^2$/);
      // The first process was asked to stop, and did, before the second started.
      expect(output.indexOf('stopping ')).toBeGreaterThan(-1);
      expect(output.indexOf('stopping ')).toBeLessThan(output.lastIndexOf('started '));

      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output.match(/^stopping \d+$/gm)).toHaveLength(2);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      if (existsSync(root)) rmSync(root, { recursive: true, force: true });
    }
  }, 30_000);
});
