import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../worker/config';
import { resolveLinkSecret } from '../../worker/link-secret';

describe('the web service’s settings', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'jsrx-web-settings-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('listens on 127.0.0.1:8080 with a 25 MB upload limit, and every emailed link points at it unless JSRX_PUBLIC_URL says otherwise', () => {
    const config = loadConfig({ JSRX_DATA_DIR: dataDir });
    expect(config.web).toEqual({
      host: '127.0.0.1',
      port: 8080,
      uploadMaxBytes: 25 * 1024 * 1024,
      uploadsDir: path.join(dataDir, 'uploads'),
      staffPassword: undefined,
      readsPerMinute: 120,
    });
    expect(config.publicUrl).toBe('http://127.0.0.1:8080');
    expect(loadConfig({ JSRX_WEB_HOST: '0.0.0.0', JSRX_WEB_PORT: '9090' }).publicUrl).toBe(
      'http://127.0.0.1:9090',
    );
    expect(loadConfig({ JSRX_PUBLIC_URL: 'https://jsrx.example.org/' }).publicUrl).toBe(
      'https://jsrx.example.org',
    );
  });

  it('names a bad port, upload limit or short secret, with how to fix it', () => {
    const load = () =>
      loadConfig({ JSRX_WEB_PORT: 'eighty', JSRX_UPLOAD_MAX_BYTES: '-5', JSRX_LINK_SECRET: 'short' });
    expect(load).toThrow(/JSRX_WEB_PORT: write a port number/);
    expect(load).toThrow(/JSRX_UPLOAD_MAX_BYTES/);
    expect(load).toThrow(/JSRX_LINK_SECRET: use at least 32 characters/);
  });

  it('generates the link secret once into the data folder, readable by its owner only, and keeps it across starts', () => {
    const config = loadConfig({ JSRX_DATA_DIR: dataDir });
    const first = resolveLinkSecret(config);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(config.linkSecretFile).mode & 0o777).toBe(0o600);
    expect(resolveLinkSecret(loadConfig({ JSRX_DATA_DIR: dataDir }))).toBe(first);
    // The environment wins over the file; rotating means a new value (or deleting the file).
    expect(resolveLinkSecret(loadConfig({ JSRX_DATA_DIR: dataDir, JSRX_LINK_SECRET: 'x'.repeat(40) }))).toBe(
      'x'.repeat(40),
    );
    writeFileSync(config.linkSecretFile, 'rotated-secret-0123456789abcdef0123456789\n');
    expect(resolveLinkSecret(config)).toBe('rotated-secret-0123456789abcdef0123456789');
    expect(readFileSync(config.linkSecretFile, 'utf8')).toContain('rotated');
  });
});
