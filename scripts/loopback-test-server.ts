/**
 * The time-skipping test server, listening on 127.0.0.1 only. The artifact's own main class binds its
 * port on every interface (`Grpc.newServerBuilderForPort`), which would put an unauthenticated Temporal
 * frontend on the machine's network for as long as a rehearsal or a test suite runs. This main builds the
 * same services (`TestServicesStarter`, registered as the artifact's main does) behind a server bound to
 * the loopback address. It is compiled at provisioning into `lib/`, so the wrapper's `lib/*` classpath,
 * and the class archive made from it, include it; a JVM without javac keeps the artifact's main.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

/** The artifact's main: listens on every interface. */
export const ARTIFACT_MAIN = 'io.temporal.testserver.TestServer';
export const LOOPBACK_MAIN = 'jsrx.LoopbackTestServer';
/** In lib/, so the wrapper's classpath and the class archive's take it in without a change. */
export const LOOPBACK_JAR = 'jsrx-loopback-test-server.jar';

const SOURCE = `package jsrx;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** io.temporal.testserver.TestServer's command line (<port> [--enable-time-skipping]), on 127.0.0.1 only. */
public final class LoopbackTestServer {
  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].equalsIgnoreCase("--enable-time-skipping"))) {
      System.err.println("Usage: <port> [--enable-time-skipping]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    boolean lockTimeSkipping = args.length < 2;
    TestServicesStarter services = new TestServicesStarter(lockTimeSkipping, 0);
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
    ServerBuilder<?> builder = NettyServerBuilder.forAddress(loopback, InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server = builder.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdownNow();
      services.close();
    }));
    server.awaitTermination();
  }
}
`;

/**
 * Compiles the loopback main against `libDir`'s jars and packs it into `libDir/LOOPBACK_JAR`. Returns why
 * it could not (no javac or jar next to `java`, or a compile error), or undefined when the jar is there.
 */
export function buildLoopbackMain(libDir: string, java: string): string | undefined {
  // /usr/bin/java is a link into the JDK, whose bin/ holds javac and jar (a JRE alone has neither).
  let bin: string;
  try {
    bin = path.dirname(realpathSync(java));
  } catch {
    return `${java} not found`;
  }
  const javac = path.join(bin, 'javac');
  const jar = path.join(bin, 'jar');
  const work = mkdtempSync(path.join(libDir, '..', 'loopback-'));
  try {
    const sourceFile = path.join(work, 'src', 'jsrx', 'LoopbackTestServer.java');
    mkdirSync(path.dirname(sourceFile), { recursive: true });
    writeFileSync(sourceFile, SOURCE);
    const classes = path.join(work, 'classes');
    const compiled = spawnSync(javac, ['-nowarn', '--release', '17', '-cp', `${libDir}/*`, '-d', classes, sourceFile], { encoding: 'utf8' });
    if (compiled.error) return `${javac}: ${compiled.error.message}`;
    if (compiled.status !== 0) return `javac failed: ${(compiled.stderr || compiled.stdout).trim().split('\n').slice(-5).join(' / ')}`;
    // A jar, not a folder: the JVM refuses to dump a class archive from a classpath with a non-empty folder.
    const packed = spawnSync(jar, ['--create', '--file', path.join(libDir, LOOPBACK_JAR), '-C', classes, '.'], { encoding: 'utf8' });
    if (packed.error) return `${jar}: ${packed.error.message}`;
    if (packed.status !== 0) return `jar failed: ${(packed.stderr || packed.stdout).trim()}`;
    return undefined;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
