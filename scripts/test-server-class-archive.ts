/**
 * A class-data-sharing archive for the time-skipping test server. Every rehearsal and every workflow test
 * starts a fresh JVM, which loads and verifies the same few thousand classes (gRPC, Netty, protobuf, the
 * server's own) before it can listen; mapping them from an archive made once at provisioning halves that
 * start (0.7 s and 0.9 CPU-s to listen, against 0.3 s and 0.3 CPU-s, measured on this machine).
 *
 * The archive is dumped by a training run of the server in its final folder: the JVM checks the classpath
 * it was made with, so a moved cache folder or another Java build makes it unusable, and the server then
 * starts the slow way without a word (the wrapper silences the CDS log).
 */
import { spawn } from 'node:child_process';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { accepts, freePort } from './loopback-ports';

export const CLASS_ARCHIVE = 'classes.jsa';
/**
 * A rehearsal's server lives seconds: the optimizing compiler would spend a core on code it never gets to
 * run, so C1 alone (a rehearsal about a sixth faster, measured). The training run uses the same flags, as
 * the JVM refuses an archive dumped under another garbage collector.
 */
export const TEST_SERVER_JVM_FLAGS = ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xss1m'];

const TRAINING_TIMEOUT_MS = 120_000;

/** Dumps `classes.jsa` into the installed server's folder; false (and the reason logged) when it could not. */
export async function trainClassArchive(installDir: string, java: string, main: string, log: (line: string) => void): Promise<boolean> {
  const partial = path.join(installDir, `${CLASS_ARCHIVE}.partial-${process.pid}`);
  const port = await freePort();
  const server = spawn(
    java,
    [...TEST_SERVER_JVM_FLAGS, `-XX:ArchiveClassesAtExit=${partial}`, '-cp', `${path.join(installDir, 'lib')}/*`, main, String(port)],
    { stdio: 'ignore' },
  );
  const exited = new Promise<number | null>((resolve) => {
    server.once('exit', (code) => resolve(code));
    server.once('error', () => resolve(null));
  });
  try {
    await waitForPort(port, TRAINING_TIMEOUT_MS, exited);
    await exercise(port);
    server.kill('SIGTERM'); // the JVM writes the archive on its way out
    await exited;
    if (!existsSync(partial) || statSync(partial).size === 0) throw new Error('the JVM wrote no archive');
    renameSync(partial, path.join(installDir, CLASS_ARCHIVE));
    return true;
  } catch (error) {
    log(`test-server: no class archive, the server will start without one (${(error as Error).message})`);
    return false;
  } finally {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    rmSync(partial, { force: true });
  }
}

/** The calls a rehearsal makes first, so the classes that answer them are in the archive too. */
async function exercise(port: number): Promise<void> {
  const connection = await Connection.connect({ address: `127.0.0.1:${port}` });
  try {
    await connection.workflowService.getSystemInfo({});
    await connection.workflowService.describeNamespace({ namespace: 'default' });
  } finally {
    await connection.close();
  }
}

async function waitForPort(port: number, timeoutMs: number, exited: Promise<unknown>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const giveUpAt = Date.now() + timeoutMs;
  while (Date.now() < giveUpAt) {
    if (gone) throw new Error('the server exited before it listened');
    if (await accepts(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the server did not listen within ${timeoutMs / 1000} s`);
}

