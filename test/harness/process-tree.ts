/**
 * What a test sees of the processes another process started, read from /proc (Linux): which are its
 * descendants, and whether they still run. A zombie counts as gone: it holds no port and no memory,
 * only an entry its new parent has yet to reap.
 */
import { readdirSync, readFileSync } from 'node:fs';

interface ProcessStat {
  pid: number;
  ppid: number;
  state: string;
}

function stat(pid: number): ProcessStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name sits in parentheses and may itself hold spaces or parentheses: fields follow the last ')'.
  const [state = '', ppid = '0'] = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { pid, ppid: Number(ppid), state };
}

function allProcesses(): ProcessStat[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => stat(Number(name)))
    .filter((found): found is ProcessStat => found !== undefined);
}

export function isRunning(pid: number): boolean {
  const found = stat(pid);
  return found !== undefined && found.state !== 'Z';
}

export function commandLine(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/** Children, grandchildren and so on, as they are at this instant. */
export function descendantsOf(pid: number): number[] {
  const processes = allProcesses();
  const found: number[] = [];
  const frontier = [pid];
  while (frontier.length) {
    const parent = frontier.pop()!;
    for (const child of processes.filter(
      (candidate) => candidate.ppid === parent && candidate.state !== 'Z',
    )) {
      found.push(child.pid);
      frontier.push(child.pid);
    }
  }
  return found;
}

/** Waits until none of the processes runs; those still running after the timeout. */
export async function waitUntilGone(pids: number[], timeoutMs: number): Promise<number[]> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const running = pids.filter(isRunning);
    if (running.length === 0 || Date.now() >= giveUpAt) return running;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A test stops what it starts, even what a failed assertion left running. */
export function killAll(pids: number[]): void {
  for (const pid of pids.filter(isRunning)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone between the check and the kill
    }
  }
}
