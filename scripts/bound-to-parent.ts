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
 * So the watch looks once a second, with shell builtins only (one `sleep` a second is its whole cost):
 * - on Linux, in /proc/<server>/stat: whether the server's parent is still its starter. A process whose
 *   parent dies is handed to init (or a subreaper) at once, even while its dead parent waits, as a zombie,
 *   for its own parent to reap it, which `kill -0` would take for alive. The server's start time, read
 *   there too, tells it from a later process given the same pid, so the watch never stops a stranger.
 * - elsewhere (macOS): whether the starter's pid still exists (`kill -0`, POSIX).
 *
 * The watch leaves the server's output pipes alone (the core waits for them to close on teardown), ignores
 * a terminal's Ctrl-C and hangup (the starter and the server get those themselves; the watch must stay to
 * clean up if the starter dies of them but the server does not), and ends within a second of the server:
 * nothing lingers. It asks the server to stop with SIGTERM, as a normal stop does (the dev server closes its
 * database; the JVM takes half a second), and kills it if it still runs 10 s later.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isExecutableFile } from '../client/simulation/provisioned-servers';

/** Shell lines to run just before `exec`-ing the server: $$ is the server-to-be, $PPID its starter. */
export const WATCH_STARTER_LINES: readonly string[] = [
  '# The server ends with the process that started it: see scripts/bound-to-parent.ts in JSR Exchange.',
  'starter=$PPID',
  'server=$$',
  '(',
  "  trap '' INT HUP QUIT",
  '  read_server() {',
  '    read -r stat <"/proc/$server/stat" || return 1',
  '    set -- ${stat##*)}',
  '    server_state=$1 server_parent=$2 server_started=${20}',
  '  }',
  '  if read_server; then',
  '    started=$server_started',
  '    alive() { read_server && [ "$server_started" = "$started" ] && [ "$server_state" != Z ]; }',
  '    orphaned() { [ "$server_parent" != "$starter" ]; }',
  '  else',
  '    alive() { kill -0 "$server" 2>/dev/null; }',
  '    orphaned() { ! kill -0 "$starter" 2>/dev/null; }',
  '  fi',
  // `while sleep 1` would end the loop, and stop a healthy server, on a failed fork of `sleep`.
  '  while :; do',
  '    sleep 1',
  '    alive || exit 0',
  '    orphaned && break',
  '  done',
  '  kill -TERM "$server"',
  '  waited=0',
  '  while [ "$waited" -lt 10 ]; do',
  '    sleep 1',
  '    alive || exit 0',
  '    waited=$((waited + 1))',
  '  done',
  '  kill -KILL "$server"',
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

/**
 * A launcher script that runs `executable` bound to its starter's life, for starters that only take a path
 * to spawn (the SDK's core, which starts the tests' dev server). Written once into `dir` and named by its
 * content, so processes that write it at the same time agree, and a changed watch gets a file of its own.
 */
export function boundLauncher(executable: string, dir: string): string {
  const quoted = `'${executable.replace(/'/g, `'\\''`)}'`;
  const script = ['#!/bin/sh', ...WATCH_STARTER_LINES, `exec ${quoted} "$@"`, ''].join('\n');
  const digest = createHash('sha256').update(script).digest('hex').slice(0, 12);
  const launcher = path.join(dir, `${path.basename(executable)}-bound-${digest}`);
  if (!isExecutableFile(launcher)) {
    mkdirSync(dir, { recursive: true });
    // Written aside, then renamed: a concurrent start never runs a half-written script.
    const partial = `${launcher}.partial-${process.pid}`;
    writeFileSync(partial, script, { mode: 0o755 });
    renameSync(partial, launcher);
  }
  return launcher;
}
