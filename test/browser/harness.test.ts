/**
 * The browser the project installs for itself (scripts/provision-browser.ts), proved on a small static
 * page: it opens, it is screenshotted, and axe finds nothing serious; an image without alt text is caught.
 */
import { existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  expectNoSeriousA11yViolations,
  openBrowser,
  screenshot,
  seriousA11yViolations,
  type OpenBrowser,
} from '../harness/browser';

// A 1×1 transparent PNG: the page stays self-contained, no remote image.
const PIXEL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>` +
  `<body><main><h1>${title}</h1>${body}</main></body></html>`;

const PAGES: Record<string, string> = {
  '/timeline': page(
    'Round timeline',
    `<p>Video conference 1: 10 February 2027, 14:00 (Africa/Ndjamena).</p><img src="${PIXEL}" alt="Round logo" width="40" height="40">` +
      '<form method="post" action="/timeline"><label for="note">Note</label> <input id="note" name="note"> <button type="submit">Send</button></form>',
  ),
  '/missing-alt': page('Round timeline', `<img src="${PIXEL}" width="40" height="40">`),
};

describe('the browser the project installs for itself', () => {
  let server: Server;
  let baseUrl: string;
  let browser: OpenBrowser;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const html = PAGES[request.url ?? ''];
      response.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      response.end(html ?? 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  it('opens a page served on loopback, screenshots it, and axe finds no serious or critical violation', async () => {
    const tab = await browser.newPage();
    const response = await tab.goto(`${baseUrl}/timeline`);
    expect(response?.status()).toBe(200);
    await expect(tab.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Round timeline');

    const file = await screenshot(tab, 'harness-timeline');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).size).toBeGreaterThan(1000);

    await expectNoSeriousA11yViolations(tab);
    await tab.close();
  });

  it('catches an image without alt text as a critical violation', async () => {
    const tab = await browser.newPage();
    await tab.goto(`${baseUrl}/missing-alt`);

    const violations = await seriousA11yViolations(tab);
    expect(violations).toEqual([
      expect.objectContaining({ id: 'image-alt', impact: 'critical', targets: ['img'] }),
    ]);
    await expect(expectNoSeriousA11yViolations(tab)).rejects.toThrow();
    await tab.close();
  });
});
