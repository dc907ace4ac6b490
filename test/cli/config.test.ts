import path from 'node:path';
import { ConfigError, loadConfig, PROJECT_ROOT, type Config } from '../../worker/config';
import { temporalConnectionOptions } from '../../worker/connection-options';

describe('the configuration from the environment', () => {
  it('runs locally with nothing set: a dev server on 127.0.0.1:7233 and emails in the outbox folder', () => {
    const config = loadConfig({});

    expect(config.temporal).toEqual({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'jsr-exchange', tls: false, apiKey: undefined, tlsCertPair: undefined });
    expect(config.mail.smtpUrl).toBeUndefined();
    expect(config.dataDir).toBe(path.join(PROJECT_ROOT, '.data'));
    expect(config.mail.outboxDir).toBe(path.join(PROJECT_ROOT, '.data', 'outbox'));
    // Temporal's history is the record of what was delivered: no worker keeps a sent record on disk.
    expect(config).not.toHaveProperty('sentRecordDir');
    expect(config.mail.from).toMatch(/<secretariat@/);
    expect(temporalConnectionOptions(config)).toEqual({ address: '127.0.0.1:7233' });
  });

  it('keeps every piece of local state under JSRX_DATA_DIR: two data folders share nothing', () => {
    const localState = (config: Config) => [config.dataDir, path.dirname(config.devServer.databaseFile), config.devServer.logFile, config.mail.outboxDir];
    const first = loadConfig({ JSRX_DATA_DIR: '/srv/jsrx/first' });
    const second = loadConfig({ JSRX_DATA_DIR: 'relative/second' });

    expect(localState(first)).toEqual(['/srv/jsrx/first', '/srv/jsrx/first/temporal', '/srv/jsrx/first/temporal.log', '/srv/jsrx/first/outbox']);
    expect(second.dataDir).toBe(path.join(PROJECT_ROOT, 'relative', 'second'));
    for (const config of [first, second]) {
      const other = config === first ? second : first;
      for (const place of localState(config)) {
        expect(isWithin(place, config.dataDir)).toBe(true);
        expect(isWithin(place, other.dataDir)).toBe(false);
      }
    }
  });

  it('lets an explicit JSRX_OUTBOX_DIR win over the data folder', () => {
    const config = loadConfig({ JSRX_DATA_DIR: '/srv/jsrx/data', JSRX_OUTBOX_DIR: '/var/mail/jsrx' });

    expect(config.mail.outboxDir).toBe('/var/mail/jsrx');
    expect(config.devServer.databaseFile).toBe('/srv/jsrx/data/temporal/dev.db');
  });

  it('treats an empty variable as unset, and turns TLS on for a Temporal Cloud API key', () => {
    const config = loadConfig({ SMTP_URL: '', TEMPORAL_ADDRESS: 'ns.a1b2c.tmprl.cloud:7233', TEMPORAL_API_KEY: 'key-123', JSRX_SHUTDOWN_GRACE: '2m' });

    expect(config.mail.smtpUrl).toBeUndefined();
    expect(config.shutdownGraceMs).toBe(120_000);
    expect(temporalConnectionOptions(config)).toEqual({ address: 'ns.a1b2c.tmprl.cloud:7233', tls: true, apiKey: 'key-123' });
  });

  it('names every bad variable at once, with what it got and how to fix it', () => {
    const load = () => loadConfig({ TEMPORAL_ADDRESS: 'localhost', SMTP_URL: 'mail.example.org', JSRX_PUBLIC_URL: 'nowhere', TEMPORAL_TLS_CERT: '/certs/client.pem' });

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/TEMPORAL_ADDRESS: write it as host:port.*\(got "localhost"\)/);
    expect(load).toThrow(/SMTP_URL: write it as smtp:\/\/.*\(got "mail\.example\.org"\)/);
    expect(load).toThrow(/JSRX_PUBLIC_URL: write a full URL/);
    expect(load).toThrow(/TEMPORAL_TLS_KEY: mTLS needs both/);
  });

  it('takes as sender only an address a round file would accept, named or bare', () => {
    expect(loadConfig({ JSRX_MAIL_FROM: '"Awa Diallo" <awa.diallo@example.org>' }).mail.from).toBe('"Awa Diallo" <awa.diallo@example.org>');
    expect(loadConfig({ JSRX_MAIL_FROM: 'secretariat@example.org' }).mail.from).toBe('secretariat@example.org');
    expect(() => loadConfig({ JSRX_MAIL_FROM: 'Secretariat <secretariat@localhost>' })).toThrow(
      /JSRX_MAIL_FROM: write it as "Name <address@example.org>" or a bare address \(got "Secretariat <secretariat@localhost>"\)/,
    );
  });

  it('says which certificate file it cannot read', () => {
    const config = loadConfig({ TEMPORAL_TLS_CERT: '/nonexistent/client.pem', TEMPORAL_TLS_KEY: '/nonexistent/client.key' });

    expect(() => temporalConnectionOptions(config)).toThrow(/TEMPORAL_TLS_CERT: cannot read \/nonexistent\/client\.pem \(ENOENT\)/);
  });
});

function isWithin(place: string, folder: string): boolean {
  const relative = path.relative(folder, place);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
