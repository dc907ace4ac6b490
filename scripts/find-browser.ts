/**
 * Where a Chromium for the browser tests is, without installing anything: JSRX_CHROMIUM, then
 * `chromium` / `chromium-browser` / `google-chrome` on PATH. Installing is scripts/provision-browser.ts's
 * job; the test harness imports this finder so a test file never starts an apt-get on its own.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** The names Debian, Ubuntu and Google give the browser's launcher, tried in this order. */
export const CHROMIUM_COMMANDS = ['chromium', 'chromium-browser', 'google-chrome'] as const;

/** A browser that cannot be found or installed; its message says what to install or set. */
export class BrowserProvisionError extends Error {
  override name = 'BrowserProvisionError';
}

export interface FoundBrowser {
  path: string;
  source: 'env' | 'path';
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Resolves a command on the given PATH the way a shell would, without spawning one. */
export function whichCommand(command: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** JSRX_CHROMIUM, then the usual launchers on PATH; undefined when none is there. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): FoundBrowser | undefined {
  const fromEnv = env.JSRX_CHROMIUM;
  if (fromEnv) {
    // An explicit override that points nowhere is a mistake to report, not a reason to use another browser.
    if (!isExecutableFile(fromEnv))
      throw new BrowserProvisionError(
        `JSRX_CHROMIUM=${fromEnv} is not an executable file: fix the path or unset JSRX_CHROMIUM.`,
      );
    return { path: fromEnv, source: 'env' };
  }
  for (const command of CHROMIUM_COMMANDS) {
    const onPath = whichCommand(command, env);
    if (onPath) return { path: onPath, source: 'path' };
  }
  return undefined;
}
