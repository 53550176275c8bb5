// The product's whole flow, as a person does it in Traditional Chinese:
// 登入 → the demo day → 【生成Vlog】 → 【AI推薦】 → 手動勾選 → 【下一步】 → music and its window →
// 【送出生成】 → live progress to 100 % → the video plays, as long as planned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2EBrowser, openBrowser } from './support/browser.ts';
import { gql, login, recordedProgress, recordProgress } from './support/flows.ts';
import { type E2EServer, startServer, tearDown } from './support/server.ts';

const FRAME = 1 / 30;

describe('generate a vlog (zh-TW)', () => {
  let server: E2EServer;
  let browser: E2EBrowser;

  beforeAll(async () => {
    server = await startServer('generate');
    browser = await openBrowser('generate');
  });
  afterAll(() => tearDown(server, browser));

  it('recommends, edits the selection, picks music and its window, renders and plays', async () => {
    const { page, shot } = browser;

    // Login, errors in place first.
    await page.goto(server.url + (process.env.E2E_START_PATH ?? '/'));
    await page.locator('input[name=username]').fill('demo');
    await page.locator('input[name=password]').fill('wrong password');
    await page.locator('form button[type=submit]').click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('帳號或密碼不正確');
    await shot('login-error');
    const date = await login(page, server.url);

    // The day: the most recent day with events, its events on the timeline.
    const { days, limits } = await gql(page, '{ days { date eventCount } limits { minEvents } }');
    expect(date).toBe(days[0].date);
    const total: number = days[0].eventCount;
    expect(total).toBeGreaterThanOrEqual(12);
    await page.locator('.moment').first().waitFor();
    expect(await page.locator('.moment').count()).toBe(total);
    expect(await page.locator('.moment img').count()).toBeGreaterThan(0);
    expect(await page.locator('h1').textContent()).toMatch(/年.*月.*日/);
    await shot('day', page, { fullPage: true });

    // 【生成Vlog】 → the event selection dialog.
    await page.getByRole('button', { name: '生成Vlog' }).click();
    const dialog = page.getByRole('dialog', { name: '選擇片段' });
    await dialog.waitFor();
    const next = dialog.getByRole('button', { name: '下一步' });
    const min = Math.min(limits.minEvents, total);
    expect(await next.isDisabled()).toBe(true);
    expect(await dialog.getByTestId('next-reason').textContent()).toContain(`至少要選 ${min} 個事件`);
    expect(await dialog.getByTestId('selected-count').textContent()).toBe(`已選 0 / ${total}`);
    await shot('select');

    // 【AI推薦】 with a limit of 12: ticks exactly the 12 picks, with reasons.
    await dialog.getByRole('spinbutton', { name: '要挑幾個' }).fill('12');
    await dialog.getByRole('button', { name: 'AI推薦' }).click();
    await expect.poll(() => dialog.getByTestId('recommend-status').textContent()).toContain('AI 挑選了 12 個事件');
    expect(await dialog.getByTestId('selected-count').textContent()).toBe(`已選 12 / ${total}`);
    const picked = await dialog.locator('input[type=checkbox]:checked').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).dataset.eventId));
    const recommended = await gql(page, 'query($d: Date!) { recommendEvents(date: $d, limit: 12) { event { id } } }', { d: date });
    expect(new Set(picked)).toEqual(new Set(recommended.recommendEvents.map((r: { event: { id: string } }) => r.event.id)));
    expect(await dialog.locator('.event-row.recommended .chip').count()).toBeGreaterThan(0);
    await shot('recommended');

    // 手動勾選: untick three (below the minimum → reason), tick one back.
    const checked = dialog.locator('input[type=checkbox]:checked');
    for (let i = 0; i < 3; i++) await checked.first().uncheck();
    expect(await dialog.getByTestId('selected-count').textContent()).toBe(`已選 9 / ${total}`);
    expect(await next.isDisabled()).toBe(true);
    expect(await dialog.getByTestId('next-reason').textContent()).toContain('還差 1 個');
    const unchecked = dialog.locator('input[type=checkbox]:not(:checked)');
    await unchecked.last().check();
    expect(await dialog.getByTestId('selected-count').textContent()).toBe(`已選 10 / ${total}`);
    expect(await next.isDisabled()).toBe(false);
    const selection = await dialog.locator('input[type=checkbox]:checked').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).dataset.eventId!));
    await shot('selection-edited');

    // 【下一步】 → settings: pick the second track, drag its window.
    await next.click();
    const settings = page.getByRole('dialog', { name: 'Vlog 設定' });
    await settings.waitFor();
    const { music } = await gql(page, '{ music { id name duration } }');
    expect(music.length).toBeGreaterThanOrEqual(2);
    const track = music[1];
    await settings.getByRole('radio', { name: new RegExp(track.name) }).check();
    const startHandle = settings.getByRole('slider', { name: '音樂開始點' });
    const endHandle = settings.getByRole('slider', { name: '音樂結束點' });
    const windowBody = settings.getByRole('slider', { name: /音樂區段/ });
    expect(Number(await endHandle.getAttribute('aria-valuenow'))).toBeCloseTo(Math.min(track.duration, 180), 1);
    await settings.locator('.music-window').scrollIntoViewIfNeeded();
    const trackBox = (await settings.locator('.waveform-track').boundingBox())!;
    const center = async (l: typeof endHandle) => {
      const b = (await l.boundingBox())!;
      return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
    };
    // End handle to ~40 % of the track.
    let c = await center(endHandle);
    await page.mouse.move(c.x, c.y);
    await page.mouse.down();
    await page.mouse.move(trackBox.x + trackBox.width * 0.4, c.y, { steps: 8 });
    await page.mouse.up();
    const endAfter = Number(await endHandle.getAttribute('aria-valuenow'));
    expect(endAfter).toBeGreaterThan(track.duration * 0.35);
    expect(endAfter).toBeLessThan(track.duration * 0.45);
    // The whole window ~20 % to the right, keeping its length.
    c = await center(windowBody);
    await page.mouse.move(c.x, c.y);
    await page.mouse.down();
    await page.mouse.move(c.x + trackBox.width * 0.2, c.y, { steps: 8 });
    await page.mouse.up();
    const start = Number(await startHandle.getAttribute('aria-valuenow'));
    const end = Number(await endHandle.getAttribute('aria-valuenow'));
    expect(start).toBeGreaterThan(track.duration * 0.15);
    expect(end - start).toBeCloseTo(endAfter, 1);
    // Keyboard: the start handle can't pass end − 0.5 s.
    await startHandle.focus();
    await page.keyboard.press('End');
    expect(Number(await startHandle.getAttribute('aria-valuenow'))).toBeCloseTo(end - 0.5, 3);
    await page.keyboard.press('Home');
    await page.keyboard.press('End');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowLeft');
    const windowStart = Number(await startHandle.getAttribute('aria-valuenow'));
    expect(windowStart).toBeCloseTo(Math.max(0, end - 30.5), 3);

    // Preview plays only the window, with a moving playhead.
    await settings.getByRole('button', { name: '試聽這一段' }).click();
    const playhead = settings.getByTestId('playhead');
    await playhead.waitFor();
    const left1 = await playhead.evaluate((e) => parseFloat((e as HTMLElement).style.left));
    await page.waitForTimeout(1200);
    const left2 = await playhead.evaluate((e) => parseFloat((e as HTMLElement).style.left));
    expect(left2).toBeGreaterThan(left1);
    expect(left1).toBeGreaterThanOrEqual((windowStart / track.duration) * 100 - 0.5);
    await shot('settings-preview');
    await settings.getByRole('button', { name: '停止' }).click();
    await playhead.waitFor({ state: 'detached' });

    // Small and short: 480p, 30 s.
    await settings.locator('input[type=radio][value=P480]').check({ force: true });
    await settings.getByRole('spinbutton', { name: 'Vlog 長度' }).fill('30');
    await shot('settings');

    // 【送出生成】 → progress, live, up to 100 %.
    await settings.getByRole('button', { name: '送出生成' }).click();
    const panel = page.getByTestId('progress-panel');
    await panel.waitFor({ timeout: 30_000 });
    await recordProgress(page);
    expect(await page.getByTestId('generate-vlog').isDisabled()).toBe(true);
    await shot('progress-start');
    await expect.poll(() => page.getByTestId('progress-sentence').textContent(), { timeout: 120_000, interval: 250 }).toMatch(/正在剪輯第 \d+ 段.*%/);
    await shot('progress-rendering');
    const video = page.getByTestId('hero-video');
    await video.waitFor({ timeout: 240_000 });
    const seen = await recordedProgress(page);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toBe(100);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(await panel.count()).toBe(0);
    expect(await page.getByTestId('generate-vlog').isDisabled()).toBe(false);

    // The video: what was asked for, and it plays.
    const { vlogByDate: vlog } = await gql(
      page,
      'query($d: Date!) { vlogByDate(date: $d) { id status title duration url thumbnailUrl settings { maxDuration resolution music { start end music { id } } } segments { event { id } } } }',
      { d: date },
    );
    expect(vlog).toMatchObject({ status: 'COMPLETED', title: `${date} 的 Vlog`, settings: { maxDuration: 30, resolution: 'P480', music: { music: { id: track.id } } } });
    expect(vlog.settings.music.start).toBeCloseTo(windowStart, 2);
    expect(vlog.settings.music.end).toBeCloseTo(end, 2);
    expect(new Set(vlog.segments.map((s: { event: { id: string } }) => s.event.id))).toEqual(new Set(selection));
    expect(await video.getAttribute('poster')).toBe(vlog.thumbnailUrl);
    await video.evaluate(async (v: HTMLVideoElement) => {
      v.muted = true;
      v.currentTime = 0;
      await v.play();
    });
    const t0 = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 }).toBeGreaterThan(t0 + 0.3);
    const duration = await video.evaluate((v: HTMLVideoElement) => v.duration);
    expect(Math.abs(duration - 30)).toBeLessThanOrEqual(FRAME + 0.01);
    expect(Math.abs(duration - vlog.duration)).toBeLessThanOrEqual(FRAME);
    await video.evaluate((v: HTMLVideoElement) => v.pause());
    // Soft captions (the default) as the player's captions track.
    expect(await video.locator('track[kind=captions]').count()).toBe(1);
    await shot('playing', page, { fullPage: true });

    // 編輯（新版本）: the same events and settings, another track → a new version; the first one
    // moves to the earlier vlogs, still there to delete.
    await page.getByRole('button', { name: '編輯（新版本）' }).first().click();
    const again = page.getByRole('dialog', { name: '選擇片段' });
    await again.waitFor();
    expect(await again.getByTestId('selected-count').textContent()).toBe(`已選 ${selection.length} / ${total}`);
    await again.getByRole('button', { name: '下一步' }).click();
    const edit = page.getByRole('dialog', { name: 'Vlog 設定' });
    await edit.waitFor();
    expect(await edit.getByRole('radio', { name: new RegExp(track.name) }).isChecked()).toBe(true);
    expect(await edit.getByRole('spinbutton', { name: 'Vlog 長度' }).inputValue()).toBe('30');
    await edit.getByRole('radio', { name: new RegExp(music[0].name) }).check();
    await edit.getByRole('spinbutton', { name: 'Vlog 長度' }).fill('30');
    await edit.getByRole('button', { name: '送出生成' }).click();
    await expect
      .poll(async () => (await gql(page, 'query($d: Date!) { vlogByDate(date: $d) { id status settings { resolution music { music { id } } } } }', { d: date })).vlogByDate, { timeout: 240_000, interval: 500 })
      .toMatchObject({ status: 'COMPLETED', settings: { resolution: 'P480', music: { music: { id: music[0].id } } } });
    await page.locator('.vlog-list [data-vlog-id="' + vlog.id + '"]').waitFor({ timeout: 30_000 });
    await shot('new-version', page, { fullPage: true });
  });
});
