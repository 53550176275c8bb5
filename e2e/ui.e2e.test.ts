// Errors shown where they belong (the client's own checks and the server's BAD_USER_INPUT with
// extensions.field), the English UI and its persistence, keyboard use of the dialog, and a
// 375 px wide screen.
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2EBrowser, openBrowser } from './support/browser.ts';
import { gql, login } from './support/flows.ts';
import { type E2EServer, startServer, tearDown } from './support/server.ts';

/** Rewrites the next createVlog request's input (as a tampering client would). */
async function tamperCreateVlog(page: Page, patch: (input: Record<string, unknown>) => void): Promise<() => Promise<void>> {
  const handler = async (route: import('playwright-core').Route) => {
    const body = route.request().postDataJSON() as { operationName?: string; variables?: { input?: Record<string, unknown> } } | null;
    if (body?.operationName === 'CreateVlog' && body.variables?.input) {
      patch(body.variables.input);
      await route.continue({ postData: JSON.stringify(body) });
    } else {
      await route.continue();
    }
  };
  await page.route('**/graphql', handler);
  return () => page.unroute('**/graphql', handler);
}

describe('the UI around the flow', () => {
  let server: E2EServer;
  let browser: E2EBrowser;
  let date: string;

  beforeAll(async () => {
    server = await startServer('ui');
    browser = await openBrowser('ui');
    date = await login(browser.page, server.url);
  });
  afterAll(() => tearDown(server, browser));

  it('shows validation errors next to the field that caused them, and creates nothing', async () => {
    const { page, shot } = browser;
    await page.getByRole('button', { name: '生成Vlog' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: '全選' }).click();
    await dialog.getByRole('button', { name: '下一步' }).click();
    await dialog.locator('.music-list').waitFor();
    await dialog.locator('input[type=radio][value=P480]').check({ force: true });

    // The client's own check: a length below 30 s never leaves the browser.
    const creates: Request[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/graphql') && r.postData()?.includes('CreateVlog')) creates.push(r);
    });
    const length = dialog.getByRole('spinbutton', { name: 'Vlog 長度' });
    await length.fill('20');
    await dialog.getByRole('button', { name: '送出生成' }).click();
    const lengthError = dialog.locator('[data-field=maxDuration]');
    expect(await lengthError.textContent()).toContain('請選擇 30 到 180 秒之間的長度');
    expect(await length.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('number');
    expect(creates).toHaveLength(0);
    await shot('client-error');
    await length.fill('30');
    expect(await lengthError.count()).toBe(0);

    // The server's check, reached by a tampered request: musicEnd past the track.
    let untamper = await tamperCreateVlog(page, (input) => {
      input['musicEnd'] = 99999;
    });
    await dialog.getByRole('button', { name: '送出生成' }).click();
    const musicEndError = dialog.locator('[data-field=musicEnd]');
    await musicEndError.waitFor();
    // A sentence in the page's language naming the field, not the server's English text.
    expect(await musicEndError.textContent()).toContain('伺服器不接受「音樂結束點」');
    const endHandle = dialog.getByRole('slider', { name: '音樂結束點' });
    expect(await endHandle.getAttribute('aria-invalid')).toBe('true');
    expect(await endHandle.getAttribute('aria-describedby')).toContain((await musicEndError.getAttribute('id'))!);
    await musicEndError.scrollIntoViewIfNeeded();
    await shot('server-error-music');
    await untamper();
    // Moving the handle clears the server's complaint about it.
    await endHandle.focus();
    await page.keyboard.press('ArrowLeft');
    expect(await musicEndError.count()).toBe(0);

    // An event that is not the caller's: the error sits with the selection.
    untamper = await tamperCreateVlog(page, (input) => {
      (input['eventIds'] as string[])[0] = '00000000-0000-7000-8000-000000000000';
    });
    await dialog.getByRole('button', { name: '送出生成' }).click();
    const selectionError = dialog.locator('[data-field=eventIds]');
    await selectionError.waitFor();
    expect(await selectionError.getByRole('button', { name: '修改勾選的事件' }).count()).toBe(1);
    await shot('server-error-events');
    await untamper();
    await selectionError.getByRole('button', { name: '修改勾選的事件' }).click();
    await dialog.getByTestId('selected-count').waitFor();
    expect(await dialog.locator('.field-error').textContent()).toBeTruthy();

    const { vlogs } = await gql(page, 'query($d: Date!) { vlogs(date: $d) { totalCount } }', { d: date });
    expect(vlogs.totalCount).toBe(0);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('works by keyboard: focus inside the dialog, Escape closes, focus back on the button', async () => {
    const { page } = browser;
    const generate = page.getByTestId('generate-vlog');
    await generate.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    }
    // Ticking by keyboard.
    const count = async () => Number(/已選 (\d+)/.exec((await dialog.getByTestId('selected-count').textContent()) ?? '')?.[1]);
    const box = dialog.locator('input[type=checkbox]').first();
    const wasChecked = await box.isChecked();
    const before = await count();
    await box.focus();
    await page.keyboard.press('Space');
    expect(await box.isChecked()).toBe(!wasChecked);
    expect(await count()).toBe(before + (wasChecked ? -1 : 1));
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await generate.evaluate((b) => b === document.activeElement)).toBe(true);
  });

  it('switches to English, keeps it after a reload, and fits a 375 px screen', async () => {
    const { page, shot } = browser;
    await page.getByRole('group', { name: '語言' }).getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Generate vlog' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expect.poll(async () => (await gql(page, '{ me { locale } }')).me.locale).toBe('en');
    await page.reload();
    await page.getByRole('button', { name: 'Generate vlog' }).waitFor();
    expect(await page.locator('h1').textContent()).toMatch(/^[A-Z][a-z]+day, [A-Z][a-z]+ \d+, \d{4}$/);
    await shot('english-day', page, { fullPage: true });

    await page.getByRole('button', { name: 'Generate vlog' }).click();
    const dialog = page.getByRole('dialog', { name: 'Choose the moments' });
    await dialog.waitFor();
    // The ticks of the earlier tests survive the reload (sessionStorage): start from none.
    await dialog.getByRole('button', { name: 'Select none' }).click();
    expect(await dialog.getByTestId('next-reason').textContent()).toMatch(/^Select at least \d+ events to go on/);
    await dialog.getByRole('button', { name: 'AI recommend' }).click();
    await expect.poll(() => dialog.getByTestId('recommend-status').textContent()).toMatch(/^The AI picked \d+ events/);
    await shot('english-select');
    await dialog.getByRole('button', { name: 'Next' }).click();
    const settings = page.getByRole('dialog', { name: 'Vlog settings' });
    await settings.waitFor();
    expect(await settings.getByRole('textbox', { name: 'Title' }).inputValue()).toBe(`Vlog of ${date}`);
    expect(await settings.getByRole('button', { name: 'Generate' }).count()).toBe(1);
    await shot('english-settings');

    // Narrow screen: nothing wider than the screen, the dialog fills it.
    await page.setViewportSize({ width: 375, height: 740 });
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const box = (await settings.boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(375);
    await settings.locator('.music-window').scrollIntoViewIfNeeded();
    await shot('narrow-settings');
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot('narrow-day');
    // Back to Chinese for whoever comes next.
    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: '中文' }).click();
    await page.getByRole('button', { name: '生成Vlog' }).waitFor();
  });
  it('offers the offline GraphQL IDE at /graphql, signed in by the cookie', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/graphql`);
    await page.locator('.graphiql-container').waitFor({ timeout: 30_000 });
    // Run the IDE's starter query (it asks for `me`); the editor takes a moment to load its workers.
    await page.locator('.graphiql-query-editor .monaco-editor').first().waitFor({ timeout: 30_000 });
    const response = async () => (await page.locator('.graphiql-response').innerText()).replace(/\s+/g, ' ');
    for (let attempt = 0; attempt < 10 && !(await response()).includes('"username"'); attempt++) {
      await page.locator('.graphiql-query-editor').first().click();
      await page.keyboard.press('Control+Enter');
      await page.waitForTimeout(1500);
    }
    expect(await response()).toMatch(/"username": "demo"/);
    await browser.shot('graphiql', page);
    await page.close();
  });
});
