/**
 * A worker as a separate process, the way production runs it: its JSON log lines parsed as they come,
 * its stderr kept for failure messages. The production test runs the built `dist/worker/main.js`; the
 * stateless-worker test runs two of them and SIGKILLs one.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface LogLine {
  level: string;
  message: string;
  [field: string]: unknown;
}

export interface WorkerProcess {
  child: ChildProcessWithoutNullStreams;
  logs: LogLine[];
  stderr(): string;
  exited: Promise<number | null>;
  /** Resolves with the first log line of that message; rejects after `timeoutMs` or if the process exits. */
  waitForLog(message: string, timeoutMs?: number): Promise<LogLine>;
  /** SIGKILL if still running, and wait for the exit. */
  kill(): Promise<void>;
}

export function startWorkerProcess(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): WorkerProcess {
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: { ...process.env, ...options.env } });
  const logs: LogLine[] = [];
  let pending = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        logs.push({ level: 'RAW', message: line });
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    logs,
    stderr: () => stderr,
    exited,
    async waitForLog(message, timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = logs.find((line) => line.message === message);
        if (found) return found;
        if (child.exitCode !== null)
          throw new Error(`the worker exited (${child.exitCode}) before logging "${message}":\n${stderr}`);
        if (Date.now() > deadline)
          throw new Error(
            `no "${message}" log line in ${timeoutMs} ms; got: ${logs.map((line) => line.message).join(' | ')}\n${stderr}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
