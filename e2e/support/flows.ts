// Steps that several end-to-end tests share.
import type { Page } from 'playwright-core';

/** Where a person starts: the site's root. */
export const START_PATH = process.env.E2E_START_PATH ?? '/';
export const DEMO_USER = 'demo';
export const DEMO_PASSWORD = 'demo1234';

export async function login(page: Page, baseUrl: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await page.goto(baseUrl + START_PATH);
  if (!response || response.status() >= 400) throw new Error(`GET ${START_PATH} answered ${response?.status()}: the server must serve the SPA there`);
  await page.locator('input[name=username]').fill(DEMO_USER);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(/\/day\/\d{4}-\d{2}-\d{2}$/, { timeout: 30_000 });
  await page.getByTestId('generate-vlog').waitFor();
  return /\/day\/(\d{4}-\d{2}-\d{2})$/.exec(page.url())![1]!;
}

/** A GraphQL request as the signed-in browser (its session cookie). */
export async function gql<T = any>(page: Page, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const body = await page.evaluate(
    async ({ query, variables }) => {
      const res = await fetch('/graphql', {
        method: 'POST',
        credentials: 'include',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return res.json();
    },
    { query, variables },
  );
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}

/** Records every aria-valuenow the page's progress bars show, in order. */
export async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __progress?: number[]; __progressObserver?: MutationObserver };
    w.__progress = [];
    const read = () => {
      for (const el of document.querySelectorAll('[role=progressbar]')) {
        const v = Number(el.getAttribute('aria-valuenow'));
        const list = w.__progress!;
        if (list[list.length - 1] !== v) list.push(v);
      }
    };
    w.__progressObserver?.disconnect();
    w.__progressObserver = new MutationObserver(read);
    w.__progressObserver.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
    read();
  });
}

export async function recordedProgress(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { __progress?: number[] }).__progress ?? []);
}

export async function progressValue(page: Page): Promise<number | null> {
  const bar = page.locator('[role=progressbar]');
  if ((await bar.count()) === 0) return null;
  const v = await bar.first().getAttribute('aria-valuenow').catch(() => null);
  return v === null ? null : Number(v);
}

/** Starts a short render (480p, 30 s) of every event of the day from the day page. */
export async function generateQuickly(page: Page, opts: { music?: boolean } = {}): Promise<void> {
  await page.getByTestId('generate-vlog').click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('button', { hasText: /^(全選|Select all)$/ }).click();
  await dialog.locator('button', { hasText: /^(下一步|Next)$/ }).click();
  await dialog.locator('.music-list').waitFor();
  if (opts.music === false) await dialog.locator('.music-list input[type=radio]').first().check();
  await dialog.locator('input[type=radio][value=P480]').check({ force: true });
  await dialog.locator('input[type=number][id$=maxDuration]').fill('30');
  await dialog.locator('button[type=submit]').click();
  await page.getByTestId('progress-panel').waitFor({ timeout: 30_000 });
  await dialog.waitFor({ state: 'detached' });
}
