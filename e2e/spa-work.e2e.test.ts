// Watch before you pick (a moment's own seconds of its recording, by Range requests, with the
// part the vlog uses marked, trims sent with createVlog and honoured by the render), and work
// that is never lost (sessionStorage across an expired session and a reload; Back closes the
// dialog instead of leaving the day). At 1280×800 and 375×812.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/a11y.ts';
import { type E2EBrowser, openBrowser } from './support/browser.ts';
import { DEMO_PASSWORD, DEMO_USER, gql, login } from './support/flows.ts';
import { type E2EServer, startServer, tearDown } from './support/server.ts';
import { SIZES } from './support/sizes.ts';

const selectedCount = async (page: Page) => Number(/已選 (\d+)/.exec((await page.getByTestId('selected-count').textContent()) ?? '')?.[1]);

/** Plays the visible clip player's video for a while and reports where it played. */
async function playClip(page: Page, root: Locator) {
  const video = root.getByTestId('clip-player').locator('video');
  await video.waitFor();
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
  const from = Number(await video.getAttribute('data-from'));
  const to = Number(await video.getAttribute('data-to'));
  await video.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    const w = window as unknown as { __clipTimes: number[] };
    w.__clipTimes = [];
    v.addEventListener('timeupdate', () => w.__clipTimes.push(v.currentTime));
    void v.play();
  });
  return { video, from, to };
}

describe.each(SIZES)('work at $name', ({ name, viewport }) => {
  let server: E2EServer;
  let browser: E2EBrowser;
  let date: string;

  beforeAll(async () => {
    server = await startServer(`spa-work-${name}`);
    browser = await openBrowser(`spa-work-${name}`, { viewport });
    date = await login(browser.page, server.url);
  });
  afterAll(() => tearDown(server, browser));

  it('plays a moment of the timeline from its start to its end, by Range requests', async () => {
    const { page, shot } = browser;
    const ranges: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/media/') && r.resourceType() === 'media') ranges.push(r.headers()['range'] ?? '');
    });
    const moment = page.locator('.moment-button').nth(1);
    await moment.scrollIntoViewIfNeeded();
    await moment.click();
    const { video, from, to } = await playClip(page, page.locator('.moment').nth(1));
    expect(to).toBeGreaterThan(from);
    // It stops by itself at the event's end, never having shown footage outside the event.
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.paused), { timeout: 60_000 }).toBe(true);
    const times = await page.evaluate(() => (window as unknown as { __clipTimes: number[] }).__clipTimes);
    expect(times.length).toBeGreaterThan(1);
    for (const t of times) {
      expect(t).toBeGreaterThanOrEqual(from - 0.3);
      expect(t).toBeLessThanOrEqual(to + 0.3);
    }
    expect(Math.max(...times)).toBeGreaterThan(to - 1);
    expect(ranges.length).toBeGreaterThan(0);
    expect(ranges.every((r) => /^bytes=\d+-/.test(r))).toBe(true);
    // The part the vlog will use is marked on the bar.
    expect(await page.getByTestId('clip-bar').locator('.clip-used').count()).toBe(1);
    await video.scrollIntoViewIfNeeded();
    await shot('timeline-clip');
    expect(await seriousViolations(page)).toEqual([]);
    await moment.click();
  });

  it('plays and trims an event in the picker; the trim reaches the render', async () => {
    const { page, shot } = browser;
    await page.getByTestId('generate-vlog').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: '全選' }).click();
    const row = dialog.locator('.event-row').nth(2);
    const eventId = (await row.locator('input[type=checkbox]').getAttribute('data-event-id'))!;
    // By keyboard: the Watch button opens the player, focus goes to it.
    await row.getByTestId('watch-event').focus();
    await page.keyboard.press('Enter');
    await row.getByTestId('clip-player').waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('VIDEO');
    const { from } = await playClip(page, row);
    await row.getByTestId('trim-start').fill('2');
    await row.getByTestId('trim-end').fill('6');
    // The player now plays just the trim.
    await expect.poll(async () => Number(await row.locator('video').getAttribute('data-from'))).toBeCloseTo(from + 2, 1);
    await row.getByTestId('clip-player').scrollIntoViewIfNeeded();
    await shot('picker-trim');
    expect(await seriousViolations(page)).toEqual([]);
    // A bad trim says why, in the page's language, and is not sent.
    await row.getByTestId('trim-end').fill('2.5');
    expect(await row.locator('.field-error').textContent()).toContain('開始必須早於結束');
    await row.getByTestId('trim-end').fill('6');
    expect(await row.locator('.field-error').count()).toBe(0);

    await dialog.getByRole('button', { name: '下一步' }).click();
    await dialog.locator('.music-list').waitFor();
    await dialog.locator('input[type=radio][value=P480]').check({ force: true });
    await dialog.locator('input[type=number][id$=maxDuration]').fill('30');
    const sent = page.waitForRequest((r) => r.url().endsWith('/graphql') && !!r.postData()?.includes('CreateVlog'));
    await dialog.locator('button[type=submit]').click();
    const input = (await sent).postDataJSON().variables.input;
    expect(input.clips).toEqual([{ eventId, start: 2, end: 6 }]);
    await page.getByTestId('progress-panel').waitFor({ timeout: 30_000 });
    const { vlogs } = await gql(page, 'query($d: Date!) { vlogs(date: $d, first: 1) { nodes { id segments { startOffset endOffset event { id startTime } recording { startTime } } } } }', { d: date });
    const seg = vlogs.nodes[0].segments.find((s: { event: { id: string } }) => s.event.id === eventId);
    const eventOffset = (Date.parse(seg.event.startTime) - Date.parse(seg.recording.startTime)) / 1000;
    expect(seg.startOffset).toBeGreaterThanOrEqual(eventOffset + 2 - 0.05);
    expect(seg.endOffset).toBeLessThanOrEqual(eventOffset + 6 + 0.05);
    // The segments are the frozen render plan the pipeline cuts by; a finished render is the
    // other files' business (spa-outcomes), so stop this one and spare the shared CPU.
    await gql(page, 'mutation($id: ID!) { cancelVlog(id: $id) { status } }', { id: vlogs.nodes[0].id });
    await page.getByTestId('progress-panel').waitFor({ state: 'detached', timeout: 60_000 });
  });

  it('keeps the selection and settings through an expired session, and resumes after sign-in', async () => {
    const { page, context, shot } = browser;
    await page.getByTestId('generate-vlog').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: '全不選' }).click();
    const boxes = dialog.locator('input[type=checkbox]');
    for (let i = 0; i < 11; i++) await boxes.nth(i).check();
    expect(await selectedCount(page)).toBe(11);
    // A reload keeps everything, dialog included.
    await page.reload();
    await page.getByRole('dialog').waitFor();
    expect(await selectedCount(page)).toBe(11);
    await page.getByRole('dialog').getByRole('button', { name: '下一步' }).click();
    const title = page.getByRole('dialog').getByRole('textbox', { name: '標題' });
    await title.fill('我的週末');

    // The session ends (cookie gone); Generate answers UNAUTHENTICATED.
    await context.clearCookies();
    await page.getByRole('dialog').locator('button[type=submit]').click();
    const notice = page.getByTestId('signed-out');
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.textContent()).toContain('您已登出');
    await shot('signed-out');
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('input[name=username]').fill(DEMO_USER);
    await page.locator('input[name=password]').fill(DEMO_PASSWORD);
    await page.locator('form button[type=submit]').click();

    // Back where it was: the same day, the dialog at step 2 with the typed title.
    const resumed = page.getByRole('dialog');
    await resumed.waitFor({ timeout: 30_000 });
    expect(page.url()).toContain(`/day/${date}`);
    expect(await resumed.getByRole('textbox', { name: '標題' }).inputValue()).toBe('我的週末');
    await shot('resumed');
    await resumed.getByRole('button', { name: '上一步' }).click();
    expect(await selectedCount(page)).toBe(11);
    await page.keyboard.press('Escape');
    await resumed.waitFor({ state: 'detached' });
  });

  it('closes the dialog on Back instead of leaving the day, and keeps the selection', async () => {
    const { page, shot } = browser;
    const url = page.url();
    await page.getByTestId('generate-vlog').click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const count = await selectedCount(page);
    await page.goBack();
    await dialog.waitFor({ state: 'detached' });
    expect(page.url()).toBe(url);
    await page.getByTestId('generate-vlog').waitFor();
    await shot('after-back');
    // Forward opens it again, with the same selection.
    await page.goForward();
    await dialog.waitFor();
    expect(await selectedCount(page)).toBe(count);
    // Closing with ✕ leaves no dialog entry behind: Back now leaves the page's day history alone.
    await dialog.getByRole('button', { name: '關閉' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(page.url()).toBe(url);
  });
});
