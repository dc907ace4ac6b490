/** A child process's output, both streams, appended to one log file. */
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/**
 * Neither pipe may end the file: the stream that closes first would, and the other's next write would
 * throw "write after end" in the process that started the child. The file ends once the child has closed both.
 */
export function appendOutputTo(child: ChildProcess, logFile: string): void {
  const out = createWriteStream(logFile, { flags: 'a' });
  child.stdout?.pipe(out, { end: false });
  child.stderr?.pipe(out, { end: false });
  child.once('close', () => out.end());
}
