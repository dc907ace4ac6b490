/**
 * A child's two output streams appended to one log file (scripts/child-log.ts), with a real child process
 * whose stdout closes well before its stderr: the case that, piped plainly, ended the file under the other
 * stream and threw "write after end" in the test that had started the Temporal cluster.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { appendOutputTo } from '../../scripts/child-log';

describe('a child process logged to one file', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'jsrx-child-log-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('keeps what each stream wrote, even what stderr writes after stdout has closed', async () => {
    const logFile = path.join(scratch, 'service.log');
    const script = [
      "process.stdout.write('first on stdout\\n');",
      'require("node:fs").closeSync(1);',
      "setTimeout(() => process.stderr.write('later on stderr\\n'), 200);",
    ].join(' ');
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const errors: unknown[] = [];
    const onError = (error: unknown) => errors.push(error);
    process.on('uncaughtException', onError);
    try {
      appendOutputTo(child, logFile);
      await new Promise((resolve) => child.once('close', resolve));
      // Let the file's last write and its end land.
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      process.off('uncaughtException', onError);
    }
    expect(errors).toEqual([]);
    expect(readFileSync(logFile, 'utf8')).toBe('first on stdout\nlater on stderr\n');
  });
});
