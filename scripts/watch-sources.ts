/**
 * What `npm run start.watch` watches: the folders each process is built from. The worker bundles the
 * workflows with webpack rather than requiring them, so node's own watch (which follows `require`) would
 * miss a changed workflow; the folders are named instead.
 */
import path from 'node:path';

export const WATCHED_SOURCES = {
  worker: ['worker', 'workflows', 'activities', 'domain', 'templates'],
  web: ['client', 'workflows', 'activities', 'domain', 'templates'],
} as const;

/**
 * Node's watch mode around a process: on a change it stops the process with SIGTERM, waits for it (the
 * worker finishes its tasks first) and starts it again; a Ctrl-C reaches the process through it.
 */
export function watchFlags(root: string, folders: readonly string[]): string[] {
  return ['--watch', ...folders.map((folder) => `--watch-path=${path.join(root, folder)}`)];
}
