import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BrowserProvisionError, provisionChromium } from '../../scripts/provision-browser';

describe('provisioning the browser tests’ Chromium', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'jsrx-provision-browser-'));
  });
  afterEach(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  const fakeExecutable = (name: string): string => {
    const bin = path.join(scratch, 'bin');
    mkdirSync(bin, { recursive: true });
    const file = path.join(bin, name);
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, 0o755);
    return file;
  };

  it('takes JSRX_CHROMIUM first, and refuses one that points nowhere', () => {
    const chrome = fakeExecutable('my-chrome');
    expect(provisionChromium({ env: { JSRX_CHROMIUM: chrome, PATH: '' } })).toMatchObject({
      path: chrome,
      source: 'env',
    });
    expect(() =>
      provisionChromium({ env: { JSRX_CHROMIUM: path.join(scratch, 'nowhere'), PATH: '' } }),
    ).toThrow(/JSRX_CHROMIUM=.* is not an executable file/);
  });

  it('finds chromium-browser or google-chrome on PATH when there is no chromium', () => {
    const chrome = fakeExecutable('google-chrome');
    expect(provisionChromium({ env: { PATH: path.dirname(chrome) } })).toMatchObject({
      path: chrome,
      source: 'path',
    });
  });

  it('names what to install when the browser is missing and apt-get cannot run', () => {
    const aptGet = fakeExecutable('apt-get');
    const provision = () => provisionChromium({ env: { PATH: path.dirname(aptGet) }, uid: 1000 });
    expect(provision).toThrow(BrowserProvisionError);
    expect(provision).toThrow(
      /Cannot provide Chromium.*\n.*apt-get install chromium.*\n.*JSRX_CHROMIUM=[^]*not root \(uid 1000\)/,
    );
  });
});
