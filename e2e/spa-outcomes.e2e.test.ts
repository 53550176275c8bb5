// Visible outcomes and one truth per day, at 1280×800 and 375×812: two tabs that each start a
// render of the day both show every active render with its own progress and cancel; a cancel
// leaves "Canceled — Retry / Delete" where the panel was; offline says "reconnecting…" and
// catches up; 100 % shows before the player takes the panel's place and focus moves to it; a
// stale tab gets a sentence in the page's language (no ids) and loses the deleted video.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/a11y.ts';
import { type E2EBrowser, openBrowser } from './support/browser.ts';
import { gql, login, progressValue, recordedProgress, recordProgress } from './support/flows.ts';
import { type E2EServer, startServer, tearDown } from './support/server.ts';
import { SIZES } from './support/sizes.ts';

/**
 * Opens the dialog and fills in a render: a cheap one (10 events, 480p, 30 s, cuts), or a
 * longer one (1080p, 60 s) that stays active long enough for the other tab to join in and for
 * the next test to cancel the render queued behind it.
 */
async function prepareRender(page: Page, submit: boolean, long = false): Promise<void> {
  await page.getByTestId('generate-vlog').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: '全不選' }).click();
  const boxes = dialog.locator('input[type=checkbox]');
  for (let i = 0; i < 10; i++) await boxes.nth(i).check();
  await dialog.getByRole('button', { name: '下一步' }).click();
  await dialog.locator('.music-list').waitFor();
  await dialog.locator(`input[type=radio][value=${long ? 'P1080' : 'P480'}]`).check({ force: true });
  await dialog.locator('input[type=radio][value=CUT]').check({ force: true });
  await dialog.locator('input[type=number][id$=maxDuration]').fill(long ? '60' : '30');
  if (submit) await submitRender(page);
}

async function submitRender(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.locator('button[type=submit]').click();
  await dialog.waitFor({ state: 'detached', timeout: 30_000 });
}

const sentence = (page: Page) => page.getByTestId('progress-sentence').first().textContent();

describe.each(SIZES)('outcomes at $name', ({ name, viewport }) => {
  let server: E2EServer;
  let browser: E2EBrowser;
  let a: Page;
  let b: Page;

  beforeAll(async () => {
    server = await startServer(`spa-outcomes-${name}`);
    browser = await openBrowser(`spa-outcomes-${name}`, { viewport });
    a = browser.page;
    await login(a, server.url);
    b = await browser.context.newPage();
    await b.goto(a.url());
    await b.getByTestId('generate-vlog').waitFor();
  });
  afterAll(() => tearDown(server, browser));

  it('shows every active render of the day in both tabs, each with its own progress and cancel', async () => {
    const { shot } = browser;
    // Tab B has its dialog ready before tab A starts a render; then B generates too.
    await b.bringToFront();
    await prepareRender(b, false);
    await a.bringToFront();
    await prepareRender(a, true, true);
    await b.bringToFront();
    await submitRender(b);
    // Tab A was not touched: it learns of B's render by itself (it re-reads the day while one renders).
    for (const page of [b, a]) {
      await expect.poll(() => page.getByTestId('progress-panel').count(), { timeout: 30_000 }).toBe(2);
      for (const panel of await page.getByTestId('progress-panel').all()) {
        expect(await panel.getByRole('progressbar').count()).toBe(1);
        expect(await panel.getByRole('button', { name: '取消製作' }).count()).toBe(1);
      }
      expect(await page.getByTestId('generate-vlog').isDisabled()).toBe(true);
    }
    await shot('two-renders-a', a, { fullPage: true });
    await shot('two-renders-b', b, { fullPage: true });
    expect(await seriousViolations(a)).toEqual([]);
  });

  it('leaves "Canceled — Retry / Delete" in place of a canceled render, with the focus', async () => {
    const { shot } = browser;
    await a.bringToFront();
    // Cancel B's render, queued behind A's.
    const panel = a.getByTestId('progress-panel').filter({ has: a.locator('.status-chip.pending') });
    await panel.getByRole('button', { name: '取消製作' }).click();
    await panel.getByRole('button', { name: '確定停止' }).click();
    await expect.poll(() => a.getByTestId('progress-panel').count(), { timeout: 30_000 }).toBe(1);
    const canceled = a.locator('article.vlog.hero.status-canceled');
    await canceled.waitFor({ timeout: 30_000 });
    // Right below the render still going, above the timeline: where its panel was.
    const panelBox = (await a.getByTestId('progress-panel').boundingBox())!;
    const canceledBox = (await canceled.boundingBox())!;
    const timelineBox = (await a.locator('#timeline-heading').boundingBox())!;
    expect(canceledBox.y).toBeGreaterThan(panelBox.y);
    expect(canceledBox.y).toBeLessThan(timelineBox.y);
    expect(await canceled.locator('.status-chip').textContent()).toBe('已取消');
    expect(await canceled.getByRole('button', { name: '重新製作' }).count()).toBe(1);
    expect(await canceled.getByRole('button', { name: '刪除' }).count()).toBe(1);
    await expect.poll(() => a.evaluate(() => document.activeElement?.closest('article')?.classList.contains('status-canceled') ?? false)).toBe(true);
    await shot('canceled-in-place');
    expect(await seriousViolations(a)).toEqual([]);
    // The other tab hears it too.
    await b.bringToFront();
    await b.locator('article.vlog.hero.status-canceled').waitFor({ timeout: 30_000 });
  });

  it('says "reconnecting…" while offline and catches up when back', async () => {
    const { shot, context } = browser;
    await a.bringToFront();
    await expect.poll(() => progressValue(a), { timeout: 300_000, interval: 500 }).toBeGreaterThanOrEqual(3);
    await context.setOffline(true);
    await expect.poll(() => sentence(a), { timeout: 15_000 }).toContain('正在重新連線');
    const offlineAt = (await progressValue(a))!;
    await shot('offline');
    await a.waitForTimeout(8000);
    await context.setOffline(false);
    await expect.poll(() => sentence(a), { timeout: 30_000 }).not.toContain('正在重新連線');
    // Caught up: the bar moves on from where the server is, not from where it froze.
    await expect.poll(async () => (await progressValue(a)) ?? 100, { timeout: 120_000, interval: 500 }).toBeGreaterThan(offlineAt);
    await shot('back-online');
  });

  it('shows 100 % before the player replaces the panel, then focuses the player', async () => {
    const { shot } = browser;
    await recordProgress(a);
    try {
      await a.getByTestId('hero-video').waitFor({ timeout: 400_000 });
    } catch (e) {
      await shot('no-player', a, { fullPage: true });
      throw e;
    }
    const seen = await recordedProgress(a);
    expect(seen.at(-1)).toBe(100);
    await expect.poll(() => a.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('hero-video');
    await shot('completed');
    expect(await seriousViolations(a)).toEqual([]);
  }, 450_000);

  it('a stale tab says, in its language and without ids, that the vlog is gone, and drops it', async () => {
    const { shot } = browser;
    // Tab B still shows the finished vlog; tab A deletes it.
    await b.getByTestId('hero-video').waitFor({ timeout: 60_000 });
    await a.bringToFront();
    const hero = a.locator('article.vlog.hero.status-completed');
    await hero.getByRole('button', { name: '刪除' }).click();
    await hero.getByRole('button', { name: '確定刪除' }).click();
    await a.getByTestId('hero-video').waitFor({ state: 'detached', timeout: 30_000 });

    // B acts without having looked again (no focus change): Delete answers NOT_FOUND.
    const stale = b.locator('article.vlog.hero.status-completed');
    await stale.getByRole('button', { name: '刪除' }).click();
    await stale.getByRole('button', { name: '確定刪除' }).click();
    const notice = b.getByTestId('day-notice');
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.textContent()).toContain('它已經不在了');
    await b.getByTestId('hero-video').waitFor({ state: 'detached', timeout: 30_000 });
    const text = await b.locator('body').innerText();
    expect(text).not.toMatch(/not found|[0-9a-f]{8}-[0-9a-f]{4}-/i);
    await shot('stale-tab', b);
    const { vlogs } = await gql(b, 'query($d: Date!) { vlogs(date: $d, status: COMPLETED) { totalCount } }', { d: /\/day\/(.+)$/.exec(b.url())![1] });
    expect(vlogs.totalCount).toBe(0);
  });
});
