// Debian's Chromium through playwright-core, a fresh profile per browser, and numbered
// screenshots of each step under test-output/e2e/<name>/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { OUTPUT } from './server.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface E2EBrowser {
  context: BrowserContext;
  page: Page;
  /** Saves test-output/e2e/<name>/<nn>-<step>.png of the page (or of the viewport). */
  shot: (step: string, page?: Page, opts?: { fullPage?: boolean }) => Promise<void>;
  close: () => Promise<void>;
}

export async function openBrowser(name: string, opts: { viewport?: { width: number; height: number } } = {}): Promise<E2EBrowser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), `dayreel-e2e-chromium-`));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: opts.viewport ?? { width: 1280, height: 860 },
    locale: 'en-US',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // Violations the browser does not log itself (e.g. in workers) still reach the console watcher below.
  await context.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI}`)),
  );
  const page = context.pages()[0] ?? (await context.newPage());
  const dir = path.join(OUTPUT, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  let n = 0;
  const errors: string[] = [];
  const watch = (p: Page) => {
    p.on('pageerror', (e) => errors.push(e.message));
    // The server's Content-Security-Policy must fit the app: any violation fails the test.
    p.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text());
    });
  };
  watch(page);
  context.on('page', watch);
  return {
    context,
    page,
    async shot(step, p = page, o = {}) {
      n += 1;
      await p.screenshot({ path: path.join(dir, `${String(n).padStart(2, '0')}-${step}.png`), fullPage: o.fullPage ?? false });
    },
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
      if (errors.length) throw new Error(`uncaught errors in the page:\n${errors.join('\n')}`);
    },
  };
}
