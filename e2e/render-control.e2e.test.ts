// A render in progress: it survives a reload, shows the same in a second tab, can be canceled
// (confirmed in place), retried, and the finished vlog deleted (confirmed in place).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2EBrowser, openBrowser } from './support/browser.ts';
import { generateQuickly, gql, login, progressValue, recordedProgress, recordProgress } from './support/flows.ts';
import { type E2EServer, startServer, tearDown } from './support/server.ts';

describe('a render in progress', () => {
  let server: E2EServer;
  let browser: E2EBrowser;

  beforeAll(async () => {
    server = await startServer('render-control');
    browser = await openBrowser('render-control');
  });
  afterAll(() => tearDown(server, browser));

  it('survives a reload, shows in a second tab, cancels, retries and deletes', async () => {
    const { page, context, shot } = browser;
    const date = await login(page, server.url);
    await generateQuickly(page);
    await shot('started');

    // Wait until it is really rendering, then reload.
    await expect.poll(() => progressValue(page), { timeout: 120_000, interval: 200 }).toBeGreaterThanOrEqual(5);
    const before = (await progressValue(page))!;
    await page.reload();
    await page.getByTestId('progress-panel').waitFor({ timeout: 30_000 });
    await recordProgress(page);
    await expect.poll(() => progressValue(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(before);
    expect(await page.getByTestId('generate-vlog').isDisabled()).toBe(true);
    await shot('after-reload');

    // A second tab picks the same render up.
    const second = await context.newPage();
    await second.goto(page.url());
    await second.getByTestId('progress-panel').waitFor({ timeout: 30_000 });
    const inSecond = (await progressValue(second))!;
    await expect.poll(() => progressValue(second), { timeout: 60_000, interval: 200 }).toBeGreaterThan(inSecond);
    await shot('second-tab', second);

    // Cancel, confirmed in place (no browser dialog).
    let browserDialog = false;
    page.on('dialog', (d) => {
      browserDialog = true;
      void d.dismiss();
    });
    await page.bringToFront();
    const panel = page.getByTestId('progress-panel');
    await panel.getByRole('button', { name: '取消製作' }).click();
    const question = panel.getByRole('group', { name: '要停止製作這支 Vlog 嗎？' });
    await question.waitFor();
    // The safe answer has the focus.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('不要，繼續製作');
    await shot('cancel-confirm');
    await question.getByRole('button', { name: '確定停止' }).click();
    await panel.waitFor({ state: 'detached', timeout: 30_000 });
    const hero = page.locator('article.vlog.hero');
    await expect.poll(() => hero.locator('.status-chip').textContent()).toBe('已取消');
    expect(browserDialog).toBe(false);
    const seen = await recordedProgress(page);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(await page.getByTestId('generate-vlog').isDisabled()).toBe(false);
    // The second tab hears it too.
    await second.getByTestId('progress-panel').waitFor({ state: 'detached', timeout: 30_000 });
    await expect.poll(() => second.locator('article.vlog.hero .status-chip').textContent()).toBe('已取消');
    await shot('canceled');
    await shot('canceled-second-tab', second);
    await second.close();

    // Retry → renders to the end.
    await hero.getByRole('button', { name: '重新製作' }).click();
    await page.getByTestId('progress-panel').waitFor({ timeout: 30_000 });
    await shot('retried');
    await page.getByTestId('hero-video').waitFor({ timeout: 240_000 });
    const { vlogByDate } = await gql(page, 'query($d: Date!) { vlogByDate(date: $d) { id status duration } }', { d: date });
    expect(vlogByDate.status).toBe('COMPLETED');
    await shot('completed');

    // Delete, confirmed in place: the hero goes, nothing is left for the day.
    await hero.getByRole('button', { name: '刪除' }).click();
    await hero.getByRole('group').waitFor();
    await shot('delete-confirm');
    await hero.getByRole('button', { name: '確定刪除' }).click();
    await page.locator('.empty-hero').waitFor({ timeout: 30_000 });
    expect(browserDialog).toBe(false);
    const after = await gql(page, 'query($d: Date!) { vlogs(date: $d) { totalCount } vlog(id: $id) { id } }'.replace('$d: Date!', '$d: Date!, $id: ID!'), { d: date, id: vlogByDate.id });
    expect(after.vlogs.totalCount).toBe(0);
    expect(after.vlog).toBeNull();
    await shot('deleted');
  });
});
