/**
 * `npm run web`: the web service alone (`npm start` runs it beside the worker). Settings from
 * worker/config.ts: JSRX_WEB_HOST and JSRX_WEB_PORT to listen on, JSRX_PUBLIC_URL for the links it
 * writes, the link secret (JSRX_LINK_SECRET or the data folder's), the upload limit and folder, the reads
 * allowed per link and minute (JSRX_WEB_READS_PER_MINUTE).
 */
import { ConfigError, loadConfig } from '../../worker/config';
import { resolveLinkSecret } from '../../worker/link-secret';
import { chooseLogFormat, webLogStream } from '../../worker/logger';
import { connectClient } from '../connect';
import { roundGateway } from './round-gateway';
import { buildWebApp } from './server';
import { staffRounds } from './staff/staff-rounds';

async function main(): Promise<void> {
  const config = loadConfig();
  const client = await connectClient(config);
  const linkSecret = resolveLinkSecret(config);
  const app = await buildWebApp({
    rounds: roundGateway(client),
    config,
    linkSecret,
    limits: { readsPerMinute: config.web.readsPerMinute },
    staff: {
      rounds: staffRounds(client),
      password: config.web.staffPassword,
      secret: linkSecret,
      secureCookies: config.publicUrl.startsWith('https:'),
    },
    logger: {
      level: config.logLevel === 'TRACE' ? 'trace' : config.logLevel.toLowerCase(),
      stream: webLogStream(chooseLogFormat(config.logFormat, process.stdout.isTTY)),
    },
  });
  const stop = () => {
    void app
      .close()
      .then(() => client.connection.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const address = await app.listen({ host: config.web.host, port: config.web.port });
  process.stdout.write(`web: listening on ${address}; links point at ${config.publicUrl}; staff dashboard at ${config.publicUrl.replace(/\/+$/, '')}/staff\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`web: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
