/**
 * Servers that end with the process that started them, however it ends. The test server's wrapper
 * (scripts/provision.ts) and `npm start`'s children (scripts/start-local.ts) run the same few shell lines
 * before they `exec` the server: a small watch, in the background, that stops the server once the process
 * that started it is gone. Without it, a `jsrx simulate`, a jest worker or an `npm start` killed outright
 * (SIGKILL, a crash, the OOM killer) left its server running for good, holding its port and its memory.
 *
 * Why this shape, among the ways a child can learn that its parent died:
 * - The server itself stays the process its starter spawned (`exec`, same pid). The SDK's core stops the
 *   test server with SIGKILL on the pid it spawned, so a wrapper that stayed in between as the server's
 *   parent would die on a normal teardown and leave the server behind: the very leak to fix. With `exec`,
 *   SIGTERM and SIGINT reach the server directly and its exit status is the one its starter sees.
 * - prctl(PR_SET_PDEATHSIG) (`setpriv --pdeathsig`) is Linux only, and fires when the parent *thread*
 *   exits, not the process: the core spawns from one of its runtime's threads, and a runtime that retires
 *   that thread would kill a live rehearsal's server.
 * - A pipe that closes when the parent dies would wake the watch at once, but there is none to read: the
 *   core gives the server /dev/null as stdin, and its output pipes can only be written to.
 * So the watch asks, once a second, whether the starter's pid still exists (`kill -0`, POSIX, so Linux
 * and macOS alike); a few forks of `sleep` a minute cost nothing next to a JVM.
 *
 * The watch leaves the server's output pipes alone (the core waits for them to close on teardown), ignores
 * a terminal's Ctrl-C and hangup (the starter and the server get those themselves; the watch must stay to
 * clean up if the starter dies of them but the server does not), and ends within a second of the server:
 * nothing lingers. It asks the server to stop with SIGTERM, as a normal stop does (the dev server closes its
 * database), and kills it if it still runs 10 s later. A pid reused within that one second is the
 * remaining gap: 32768 processes would have to start in a second for it to matter.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** Shell lines to run just before `exec`-ing the server: $$ is the server-to-be, $PPID its starter. */
export const WATCH_STARTER_LINES: readonly string[] = [
  '# The server ends with the process that started it: see scripts/bound-to-parent.ts in JSR Exchange.',
  'starter=$PPID',
  'server=$$',
  '(',
  "  trap '' INT HUP QUIT",
  '  while sleep 1; do',
  '    kill -0 "$server" 2>/dev/null || exit 0',
  '    kill -0 "$starter" 2>/dev/null || break',
  '  done',
  '  kill -TERM "$server" 2>/dev/null',
  '  waited=0',
  '  while [ "$waited" -lt 10 ]; do',
  '    sleep 1',
  '    kill -0 "$server" 2>/dev/null || exit 0',
  '    waited=$((waited + 1))',
  '  done',
  '  kill -KILL "$server" 2>/dev/null',
  ') </dev/null >/dev/null 2>&1 &',
];

/** `spawn(command, args)`, with the server bound to this process's life; the child's pid is the server's. */
export function spawnBoundToParent(
  command: string,
  args: readonly string[],
  options: SpawnOptions,
): ChildProcess {
  const script = [...WATCH_STARTER_LINES, 'exec "$0" "$@"'].join('\n');
  return spawn('/bin/sh', ['-c', script, command, ...args], options);
}
