// Phone-first layout and the details, at 1280×800 and 375×812: a header ≤ 64 px; the day
// switcher (previous / date / next) at the top; the calendar as one tab stop with arrow keys;
// the language chosen on the sign-in page kept after signing in and the wrong-password message
// following the language; an empty day with Generate disabled, one "nothing recorded" and no
// fake ▶; distinct 16:9 / 9:16 icons; a narrow music window that can still be dragged; a 45 s
// track giving a 45 s target; a strong focus ring on the waveform; and an axe scan of every
// screen with no serious or critical violation.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/a11y.ts';
import { type E2EBrowser, openBrowser } from './support/browser.ts';
import { DEMO_PASSWORD, DEMO_USER, gql, login, START_PATH } from './support/flows.ts';
import { type E2EServer, startServer, tearDown } from './support/server.ts';
import { SIZES } from './support/sizes.ts';
import { shiftDate } from '../web/src/domain/format.ts';

const dayInUrl = (page: Page) => /\/day\/(\d{4}-\d{2}-\d{2})$/.exec(page.url())?.[1];

describe.each(SIZES)('layout at $name', ({ name, viewport }) => {
  let server: E2EServer;
  let browser: E2EBrowser;
  let date: string;

  beforeAll(async () => {
    server = await startServer(`spa-layout-${name}`);
    browser = await openBrowser(`spa-layout-${name}`, { viewport });
  });
  afterAll(() => tearDown(server, browser));

  it('keeps the language picked on the sign-in page, and re-words the wrong-password message', async () => {
    const { page, shot } = browser;
    await page.goto(server.url + START_PATH);
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('input[name=username]').fill(DEMO_USER);
    await page.locator('input[name=password]').fill('wrong password');
    await page.locator('form button[type=submit]').click();
    const error = page.getByRole('alert');
    await expect.poll(() => error.textContent()).toContain('帳號或密碼不正確');
    await page.getByRole('group', { name: '語言' }).getByRole('button', { name: 'English' }).click();
    await expect.poll(() => error.textContent()).toContain('user name and password don’t match');
    await shot('login-error-english');
    expect(await seriousViolations(page)).toEqual([]);

    await page.locator('input[name=password]').fill(DEMO_PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.getByRole('button', { name: 'Generate vlog' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expect.poll(async () => (await gql(page, '{ me { locale } }')).me.locale).toBe('en');
    // English words are longer: the header still fits on one line of at most 64 px.
    expect((await page.locator('header.topbar').boundingBox())!.height).toBeLessThanOrEqual(64);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    await shot('day-english');
    // Back to Chinese for the rest of this file.
    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: '中文' }).click();
    await page.getByRole('button', { name: '生成Vlog' }).waitFor();
    date = dayInUrl(page)!;
  });

  it('has a header of at most 64 px and the day switcher at the top', async () => {
    const { page, shot } = browser;
    const header = (await page.locator('header.topbar').boundingBox())!;
    expect(header.height).toBeLessThanOrEqual(64);
    const switcher = (await page.getByRole('navigation', { name: '選擇日期' }).boundingBox())!;
    expect(switcher.y).toBeLessThan(header.y + header.height + 40);
    expect(switcher.y + switcher.height).toBeLessThanOrEqual(viewport.height);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    await shot('day');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId('previous-day').click();
    await expect.poll(() => dayInUrl(page)).toBe(shiftDate(date, -1));
    // Focus stays on the button, so it can be pressed again.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('previous-day');
    await page.getByTestId('next-day').click();
    await expect.poll(() => dayInUrl(page)).toBe(date);
    await page.getByTestId('date-input').fill(shiftDate(date, -3));
    await expect.poll(() => dayInUrl(page)).toBe(shiftDate(date, -3));
    await page.goBack();
    await expect.poll(() => dayInUrl(page)).toBe(date);
    await page.getByTestId('generate-vlog').waitFor();
  });

  it('makes the calendar one tab stop with arrow keys inside', async () => {
    const { page, shot } = browser;
    const grid = page.locator('.calendar-grid');
    expect(await grid.locator('button[tabindex="0"]').count()).toBe(1);
    expect(await grid.locator('button:not([tabindex="-1"])').count()).toBe(1);
    await grid.locator('button[tabindex="0"]').focus();
    // Focus moves after React re-renders the grid: poll, as a user would see it land.
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-date'));
    await expect.poll(focused).toBe(date);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(focused).toBe(shiftDate(date, -1));
    await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe(shiftDate(date, 6));
    await page.keyboard.press('ArrowUp');
    await expect.poll(focused).toBe(shiftDate(date, -1));
    await page.keyboard.press('ArrowRight');
    await expect.poll(focused).toBe(date);
    // Still one tab stop after moving.
    expect(await grid.locator('button[tabindex="0"]').count()).toBe(1);
    await shot('calendar-focus');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await expect.poll(() => dayInUrl(page)).toBe(shiftDate(date, -1));
    await page.goBack();
    await page.getByTestId('generate-vlog').waitFor();

    // From the top of a freshly loaded page, Generate is a few Tab presses away (it was 39).
    await page.reload();
    await page.getByTestId('generate-vlog').waitFor();
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    let presses = 0;
    while (presses < 40 && (await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) !== 'generate-vlog') {
      await page.keyboard.press('Tab');
      presses++;
    }
    console.log(`[spa-layout ${name}] Tab presses from the top to Generate: ${presses}`);
    expect(presses).toBeLessThanOrEqual(20);
  });

  it('an empty day: Generate disabled with a reason, "nothing recorded" once, no fake ▶', async () => {
    const { page, shot } = browser;
    const empty = shiftDate(date, -40);
    await page.getByTestId('date-input').fill(empty);
    await expect.poll(() => dayInUrl(page)).toBe(empty);
    const generate = page.getByTestId('generate-vlog');
    await expect.poll(() => generate.getAttribute('aria-describedby')).toBe('generate-no-events');
    expect(await generate.isDisabled()).toBe(true);
    const reason = await generate.getAttribute('aria-describedby');
    expect(await page.locator(`#${reason}`).textContent()).toBe('沒有可以做成 Vlog 的內容。');
    const body = await page.locator('main').innerText();
    expect(body.split('這一天沒有錄到任何事件').length - 1).toBe(1);
    expect(await page.locator('main').getByText('▶').count()).toBe(0);
    await shot('empty-day');
    expect(await seriousViolations(page)).toEqual([]);
    await page.goBack();
    await expect.poll(() => dayInUrl(page)).toBe(date);
  });

  it('settings: distinct shape icons, a 45 s track gives 45 s, a narrow window can be dragged, a strong focus ring', async () => {
    const { page, shot } = browser;
    await page.getByTestId('generate-vlog').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: '全選' }).click();
    await dialog.getByRole('button', { name: '下一步' }).click();
    await dialog.locator('.music-list').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    const wide = (await dialog.locator('.aspect-icon.landscape').boundingBox())!;
    const tall = (await dialog.locator('.aspect-icon.portrait').boundingBox())!;
    expect(wide.width).toBeGreaterThan(wide.height * 1.4);
    expect(tall.height).toBeGreaterThan(tall.width * 1.4);

    const { music } = await gql(page, '{ music { name duration } }');
    const short = music.find((m: { duration: number }) => m.duration < 60);
    await dialog.locator('.music-list label', { hasText: short.name }).locator('input').check({ force: true });
    const length = Number(await dialog.locator('input[type=number][id$=maxDuration]').inputValue());
    expect(length).toBeLessThanOrEqual(short.duration);
    expect(length).toBe(Math.floor(short.duration));

    // Drag the start handle past the end: a 0.5 s window that can still be moved as a whole.
    const start = dialog.getByRole('slider', { name: '音樂開始點' });
    const win = dialog.getByRole('slider', { name: '音樂區段（兩端一起移動）' });
    const end = dialog.getByRole('slider', { name: '音樂結束點' });
    await end.scrollIntoViewIfNeeded();
    // First bring the end in to the middle so the window has room to move both ways.
    const endBox = (await end.boundingBox())!;
    const track = (await dialog.locator('.waveform-track').boundingBox())!;
    await page.mouse.move(endBox.x + endBox.width / 2, endBox.y + endBox.height / 2);
    await page.mouse.down();
    await page.mouse.move(track.x + track.width / 2, endBox.y + endBox.height / 2, { steps: 5 });
    await page.mouse.up();
    const startBox = (await start.boundingBox())!;
    await page.mouse.move(startBox.x + startBox.width / 2, startBox.y + startBox.height / 2);
    await page.mouse.down();
    await page.mouse.move(track.x + track.width * 0.9, startBox.y + startBox.height / 2, { steps: 5 });
    await page.mouse.up();
    const before = Number(await win.getAttribute('aria-valuenow'));
    const endAt = Number(await end.getAttribute('aria-valuenow'));
    expect(endAt - before).toBeCloseTo(0.5, 2);
    await shot('narrow-window');
    const winBox = (await win.boundingBox())!;
    await page.mouse.move(winBox.x + winBox.width / 2, winBox.y + winBox.height / 2);
    await page.mouse.down();
    await page.mouse.move(winBox.x + winBox.width / 2 - track.width * 0.2, winBox.y + winBox.height / 2, { steps: 5 });
    await page.mouse.up();
    const after = Number(await win.getAttribute('aria-valuenow'));
    expect(after).toBeLessThan(before - 1);
    expect(Number(await end.getAttribute('aria-valuenow')) - after).toBeCloseTo(0.5, 2);

    // The focus ring of the waveform's handles: solid, ≥ 3 px, in the focus colour.
    await start.focus();
    await page.keyboard.press('ArrowLeft');
    const ring = await start.locator('.grip').evaluate((g) => {
      const s = getComputedStyle(g);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor };
    });
    expect(ring.style).toBe('solid');
    expect(ring.width).toBeGreaterThanOrEqual(3);
    expect(ring.color).toBe('rgb(31, 95, 214)');
    await shot('waveform-focus');
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
  });
});
