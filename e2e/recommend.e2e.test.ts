// AI recommend in the selection dialog, in Chromium against the real server and its demo day
// (14 events, a Chinese diary): the count starts at the day's minimum and cannot go below it,
// reasons show translation pairs, and when nothing matches the dialog says so instead of
// claiming an AI pick.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2EBrowser, openBrowser } from './support/browser.ts';
import { login } from './support/flows.ts';
import { type E2EServer, startServer, tearDown } from './support/server.ts';

describe('AI recommend', () => {
  let server: E2EServer;
  let browser: E2EBrowser;

  beforeAll(async () => {
    server = await startServer('recommend');
    browser = await openBrowser('recommend');
    await login(browser.page, server.url);
  });
  afterAll(() => tearDown(server, browser));

  it('defaults the count to the day’s minimum and will not go below it', async () => {
    const { page, shot } = browser;
    await page.getByRole('button', { name: '生成Vlog' }).click();
    const dialog = page.getByRole('dialog');
    const count = dialog.getByRole('spinbutton', { name: /要挑幾個/ });
    expect(await count.inputValue()).toBe('10'); // min(MIN_EVENTS 10, 14 events)
    expect(await count.getAttribute('min')).toBe('10');
    expect(await count.getAttribute('max')).toBe('14');
    expect(await dialog.getByText('10 到 14 個').count()).toBe(1);
    await count.fill('3');
    await dialog.getByRole('button', { name: /AI推薦/ }).click();
    await expect.poll(() => dialog.getByTestId('selected-count').textContent(), { timeout: 30_000 }).toBe('已選 10 / 14');
    expect(await count.inputValue()).toBe('10');
    expect(await dialog.getByRole('button', { name: '下一步' }).isEnabled()).toBe(true);
    expect(await dialog.getByTestId('next-reason').count()).toBe(0);
    await shot('count-at-minimum');
  });

  it('matches an English query to Chinese events and shows the translation as the reason', async () => {
    const { page, shot } = browser;
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: /想找的內容/ }).fill('sunset');
    await dialog.getByRole('button', { name: /AI推薦/ }).click();
    await expect.poll(() => dialog.getByTestId('recommend-status').textContent(), { timeout: 30_000 }).toMatch(/符合描述.*精彩片段/);
    const sunsetRow = dialog.locator('li', { hasText: '在淡水河邊看夕陽慢慢沉到山後面' });
    expect(await sunsetRow.locator('.chip').allTextContents()).toContain('sunset ≈ 夕陽');
    expect(await sunsetRow.locator('.badge.recommend').textContent()).toContain('第 1 名');
    await shot('english-query');
  });

  it('says nothing matched instead of claiming an AI pick, and still selects the day’s highlights', async () => {
    const { page, shot } = browser;
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: /想找的內容/ }).fill('quantum spreadsheet');
    await dialog.getByRole('button', { name: /AI推薦/ }).click();
    await expect.poll(() => dialog.getByTestId('recommend-status').textContent(), { timeout: 30_000 }).toBe('沒有符合您要找的內容；以下是當天的精彩片段。');
    expect(await dialog.getByTestId('recommend-status').textContent()).not.toContain('AI 挑選了');
    expect(await dialog.locator('.chip').count()).toBe(0);
    expect(await dialog.getByTestId('selected-count').textContent()).toBe('已選 10 / 14');
    await shot('no-match');
  });
});
