// The SPA's dev server (`npm run dev:web`): Vite's dependency optimizer once failed on GraphiQL's
// Monaco `?worker` imports (UNLOADABLE_DEPENDENCY), so the IDE never loaded in development. Here
// the dev server runs from web/vite.config.ts and the IDE must render its editors in Chromium
// (no API behind it: only the page itself is checked).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import path from 'node:path';
import { type E2EBrowser, openBrowser } from './support/browser.ts';
import { freePort, REPO } from './support/server.ts';

describe('the dev server', () => {
  let vite: ViteDevServer;
  let browser: E2EBrowser;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    vite = await createServer({ configFile: path.join(REPO, 'web/vite.config.ts'), server: { port, strictPort: true, host: '127.0.0.1' }, logLevel: 'error', cacheDir: path.join(REPO, 'test-output/vite-dev-cache') });
    await vite.listen();
    url = `http://127.0.0.1:${port}`;
    browser = await openBrowser('dev-server');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await vite?.close();
  });

  it('serves the GraphQL IDE with its Monaco editors', async () => {
    const errors: string[] = [];
    browser.page.on('pageerror', (e) => errors.push(String(e)));
    await browser.page.goto(`${url}/graphiql.html`);
    await browser.page.waitForSelector('.graphiql-container .monaco-editor', { timeout: 90_000 });
    expect(await browser.page.locator('.monaco-editor').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  }, 120_000);
});
