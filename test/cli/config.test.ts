import path from 'node:path';
import { ConfigError, loadConfig, PROJECT_ROOT } from '../../worker/config';
import { temporalConnectionOptions } from '../../worker/connection-options';

describe('the configuration from the environment', () => {
  it('runs locally with nothing set: a dev server on 127.0.0.1:7233 and emails in the outbox folder', () => {
    const config = loadConfig({});

    expect(config.temporal).toEqual({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'jsr-exchange', tls: false, apiKey: undefined, tlsCertPair: undefined });
    expect(config.mail.smtpUrl).toBeUndefined();
    expect(config.mail.outboxDir).toBe(path.join(PROJECT_ROOT, '.data', 'outbox'));
    // Temporal's history is the record of what was delivered: no worker keeps a sent record on disk.
    expect(config).not.toHaveProperty('sentRecordDir');
    expect(config.mail.from).toMatch(/<secretariat@/);
    expect(temporalConnectionOptions(config)).toEqual({ address: '127.0.0.1:7233' });
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

  it('says which certificate file it cannot read', () => {
    const config = loadConfig({ TEMPORAL_TLS_CERT: '/nonexistent/client.pem', TEMPORAL_TLS_KEY: '/nonexistent/client.key' });

    expect(() => temporalConnectionOptions(config)).toThrow(/TEMPORAL_TLS_CERT: cannot read \/nonexistent\/client\.pem \(ENOENT\)/);
  });
});
