/**
 * A process that opens the time-skipping server as `jsrx simulate` does, says its pid and where the server
 * listens, and holds it until SIGTERM, when it tears it down and exits 0. A test kills it to see what
 * outlives it.
 */
import { openTimeSkippingServer } from '../../client/simulation/time-skipping-server';

async function main(): Promise<void> {
  const env = await openTimeSkippingServer();
  process.once('SIGTERM', () => {
    const started = Date.now();
    env.teardown().then(
      () => {
        process.stdout.write(`torn down in ${Date.now() - started} ms\n`);
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`teardown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
  process.stdout.write(`holder ${process.pid} listening ${env.address}\n`);
  setInterval(() => undefined, 60_000);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
