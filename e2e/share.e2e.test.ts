// Sharing a day's vlog with family, as a person does it: a finished vlog → Share → a link with a
// note → opened in a fresh browser with no account (player, title, date only; noindex) → turned
// off, after which the same browser gets "no longer works". Then the settings page turns the
// automatic daily vlog on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2EBrowser, openBrowser } from './support/browser.ts';
import { gql, login } from './support/flows.ts';
import { type E2EServer, startServer, tearDown } from './support/server.ts';

describe('share a vlog and set up the automatic one', () => {
  let server: E2EServer;
  let owner: E2EBrowser;
  let guest: E2EBrowser | undefined;

  beforeAll(async () => {
    server = await startServer('share');
    owner = await openBrowser('share');
  });
  afterAll(() => tearDown(server, guest, owner));

  it('shares a finished vlog by link, opens it signed out, and turns the link off', async () => {
    const { page, shot } = owner;
    const date = await login(page, server.url);

    // A short vlog of the day, made through the API as the signed-in browser, rendered for real.
    const { recommendEvents } = await gql(page, 'query($d: Date!) { recommendEvents(date: $d, limit: 12) { event { id } } }', { d: date });
    const { createVlog } = await gql(page, 'mutation($i: CreateVlogInput!) { createVlog(input: $i) { id title } }', {
      i: { date, eventIds: recommendEvents.map((r: { event: { id: string } }) => r.event.id), resolution: 'P480', maxDuration: 30, transition: 'CUT', title: '奶奶的星期五' },
    });
    await expect
      .poll(async () => (await gql(page, 'query($id: ID!) { vlog(id: $id) { status } }', { id: createVlog.id })).vlog.status, { timeout: 280_000, interval: 1000 })
      .toBe('COMPLETED');
    await page.reload();
    const hero = page.locator(`article[data-vlog-id="${createVlog.id}"]`);
    await hero.waitFor();

    // Share → the panel → a link with a note, listed with its expiry.
    await hero.getByTestId('share-open').click();
    await hero.getByRole('textbox', { name: /備註|Note/ }).fill('給小雯');
    await hero.getByTestId('share-create').click();
    const url = hero.getByTestId('share-link-url');
    await url.waitFor();
    const link = await url.inputValue();
    expect(link).toMatch(new RegExp(`^${server.url}/s/[0-9a-f]{32}[A-Za-z0-9_-]{32}$`));
    expect(await hero.getByTestId('share-link').textContent()).toContain('給小雯');
    expect(await hero.getByTestId('share-link').textContent()).toContain('有效至');
    await shot('share-panel');

    // A fresh browser with no account: the player, the title, the date — and nothing else.
    guest = await openBrowser('share-guest');
    const response = await guest.page.goto(link);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['x-robots-tag']).toContain('noindex');
    expect(await guest.page.locator('meta[name=robots]').getAttribute('content')).toContain('noindex');
    expect(await guest.page.locator('h1').textContent()).toBe('奶奶的星期五');
    expect(await guest.page.locator('time').getAttribute('datetime')).toBe(date);
    const video = guest.page.locator('video');
    expect(await video.getAttribute('poster')).toMatch(/\/poster\.jpg$/);
    // The browser loads the video's metadata through the link (Range requests) and can play it.
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    expect(await video.evaluate((v: HTMLVideoElement) => v.duration)).toBeGreaterThan(20);
    await video.evaluate((v: HTMLVideoElement) => {
      v.muted = true;
      return v.play();
    });
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 30_000 }).toBeGreaterThan(0.2);
    const text = await guest.page.locator('body').innerText();
    expect(text).not.toContain('demo');
    expect(await guest.page.locator('a, form, input').count()).toBe(0);
    await guest.shot('shared-page');

    // The owner turns it off; the guest's next request is refused.
    await hero.getByTestId('share-link').getByRole('button', { name: '關閉', exact: true }).click();
    await hero.getByRole('button', { name: '關閉連結', exact: true }).click();
    await expect.poll(() => hero.getByTestId('share-link').count()).toBe(0);
    const again = await guest.page.reload();
    expect(again?.status()).toBe(404);
    expect(await guest.page.locator('h1').textContent()).toMatch(/no longer works|已失效/);
    await guest.shot('link-turned-off');
  });

  it('turns the automatic daily vlog on from the settings page', async () => {
    const { page, shot } = owner;
    await page.getByRole('link', { name: '設定' }).click();
    await page.waitForURL(/\/settings$/);
    const heading = page.getByRole('heading', { level: 1, name: '設定' });
    await heading.waitFor();
    await page.getByTestId('auto-vlog-enabled').check();
    await page.getByLabel('製作時間').fill('20:30');
    await page.getByLabel('長度（秒）').fill('45');
    await page.getByLabel('解析度').selectOption('P720');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '設定已儲存' }).count()).toBe(1);
    await shot('settings-saved', page, { fullPage: true });
    const { me } = await gql(page, '{ me { autoVlog { enabled time maxDuration resolution nextRunAt } } }');
    expect(me.autoVlog).toMatchObject({ enabled: true, time: '20:30', maxDuration: 45, resolution: 'P720' });
    expect(me.autoVlog.nextRunAt).not.toBeNull();
    // A bad length is refused by the server with the field shown in place.
    await page.getByLabel('長度（秒）').fill('200');
    await page.getByLabel('長度（秒）').evaluate((el: HTMLInputElement) => el.removeAttribute('max'));
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.locator('.field-error').textContent()).toContain('30 到 180 秒');
    expect(await page.getByLabel('長度（秒）').getAttribute('aria-invalid')).toBe('true');
  });
});
