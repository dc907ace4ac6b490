/**
 * Runs `node bin/jsrx.js …` as a child process, the way a coordinator would, and collects its exit code
 * and output. Asynchronous on purpose: a test may run a worker in this process while the CLI talks to it.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

export const projectRoot = path.resolve(__dirname, '..', '..');
const jsrxBin = path.join(projectRoot, 'bin', 'jsrx.js');

export interface JsrxRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function jsrx(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<JsrxRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [jsrxBin, ...args], {
      cwd: projectRoot,
      // A French locale would have `report` write semicolons: tests that want it say so.
      env: { ...process.env, NO_COLOR: '1', TZ: 'UTC', LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `jsrx … --json`, parsed; fails the test with the CLI's stderr when the output is not JSON. */
export async function jsrxJson<T>(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; value: T; stderr: string }> {
  const run = await jsrx([...args, '--json'], env);
  try {
    return { code: run.code, value: JSON.parse(run.stdout) as T, stderr: run.stderr };
  } catch {
    throw new Error(`jsrx ${args.join(' ')} --json printed no JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
}
