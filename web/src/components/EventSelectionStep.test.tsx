import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { fakeEvents, renderWithI18n } from '../test/render.tsx';
import { EventSelectionStep, type EventItem, type Recommendation, type RecommendationMap } from './EventSelectionStep.tsx';

function Harness(props: {
  events: EventItem[];
  minEvents?: number;
  initial?: string[];
  recommend?: (limit: number, query: string | null) => Promise<Recommendation[]>;
  onNext?: () => void;
}) {
  const [selected, setSelected] = useState<Set<string>>(new Set(props.initial ?? []));
  const [recs, setRecs] = useState<RecommendationMap | null>(null);
  return (
    <EventSelectionStep
      titleId="t"
      events={props.events}
      timeZone="Asia/Taipei"
      limits={{ minEvents: props.minEvents ?? 10, maxEvents: 200 }}
      selected={selected}
      onSelectedChange={setSelected}
      recommendations={recs}
      onRecommendations={setRecs}
      recommend={props.recommend ?? (async () => [])}
      onNext={props.onNext ?? (() => {})}
      onCancel={() => {}}
    />
  );
}

const next = () => screen.getByRole('button', { name: '下一步' }) as HTMLButtonElement;
const boxes = () => screen.getAllByRole('checkbox') as HTMLInputElement[];

describe('event selection: minimum rule', () => {
  it('keeps 下一步 disabled below min(10, events) and says why', async () => {
    const user = userEvent.setup();
    const onNext = vi.fn();
    renderWithI18n(<Harness events={fakeEvents(12)} onNext={onNext} />);

    expect(boxes()).toHaveLength(12);
    expect(screen.getByTestId('selected-count').textContent).toBe('已選 0 / 12');
    expect(next().disabled).toBe(true);
    expect(screen.getByTestId('next-reason').textContent).toContain('至少要選 10 個事件');
    expect(screen.getByTestId('next-reason').textContent).toContain('還差 10 個');
    expect(next().getAttribute('aria-describedby')).toBe(screen.getByTestId('next-reason').id);

    for (const box of boxes().slice(0, 9)) await user.click(box);
    expect(screen.getByTestId('selected-count').textContent).toBe('已選 9 / 12');
    expect(next().disabled).toBe(true);
    expect(screen.getByTestId('next-reason').textContent).toContain('還差 1 個');

    await user.click(boxes()[9]!);
    expect(next().disabled).toBe(false);
    expect(screen.queryByTestId('next-reason')).toBeNull();
    await user.click(next());
    expect(onNext).toHaveBeenCalledTimes(1);

    await user.click(boxes()[0]!);
    expect(next().disabled).toBe(true);
  });

  it('needs every event on a day with fewer events than the minimum', async () => {
    const user = userEvent.setup();
    renderWithI18n(<Harness events={fakeEvents(4)} />);
    await user.click(screen.getByRole('button', { name: '全選' }));
    expect(next().disabled).toBe(false);
    await user.click(boxes()[2]!);
    expect(next().disabled).toBe(true);
    expect(screen.getByTestId('next-reason').textContent).toContain('至少要選 4 個事件');
    await user.click(screen.getByRole('button', { name: '全不選' }));
    expect(screen.getByTestId('selected-count').textContent).toBe('已選 0 / 4');
  });

  it('says so on an empty day', () => {
    renderWithI18n(<Harness events={[]} />);
    expect(next().disabled).toBe(true);
    expect(screen.getByTestId('next-reason').textContent).toBe('這一天沒有事件，無法製作 Vlog。');
    expect(screen.queryByRole('button', { name: /AI推薦/ })).toBeNull();
  });

  it('shows each row: local HH:MM, length, action, scene, summary, thumbnail', () => {
    renderWithI18n(<Harness events={fakeEvents(2)} />, 'en');
    const row = boxes()[1]!.closest('li')!;
    expect(within(row).getByText('08:40')).toBeTruthy();
    expect(within(row).getByText('31 s')).toBeTruthy();
    expect(within(row).getByText('動作2')).toBeTruthy();
    expect(within(row).getByText('場景2')).toBeTruthy();
    expect(within(row).getByText('摘要 2')).toBeTruthy();
    expect(row.querySelector('img')?.getAttribute('src')).toBe('/media/thumb/e2.jpg');
  });
});

describe('event selection: AI recommend', () => {
  it('replaces the selection with the picks and shows why each was picked', async () => {
    const user = userEvent.setup();
    const recommend = vi.fn(async (limit: number) =>
      ['e12', 'e3', 'e7', 'e1', 'e5', 'e9', 'e2', 'e11', 'e4', 'e10', 'e8', 'e6']
        .slice(0, limit)
        .map((id, i) => ({ eventId: id, reasons: [`理由${i + 1}`, '單車 ≈ 腳踏車'], score: 1 - i / 20, basis: 'DIARY' as const })),
    );
    renderWithI18n(<Harness events={fakeEvents(12)} initial={['e6', 'e8']} recommend={recommend} />);
    const limit = screen.getByRole('spinbutton', { name: /要挑幾個/ }) as HTMLInputElement;
    // Default: the day's minimum selection, min(10, 12).
    expect(limit.value).toBe('10');
    expect(limit.min).toBe('10');
    await user.click(screen.getByRole('button', { name: /AI推薦/ }));
    await waitFor(() => expect(screen.getByTestId('selected-count').textContent).toBe('已選 10 / 12'));
    expect(recommend).toHaveBeenCalledWith(10, null);

    const checked = boxes().filter((b) => b.checked).map((b) => b.dataset.eventId);
    // e6 and e8 were ticked by hand before; the AI's picks replaced them.
    expect(checked).not.toContain('e6');
    expect(checked).not.toContain('e8');
    const row12 = boxes().find((b) => b.dataset.eventId === 'e12')!.closest('li')!;
    expect(within(row12).getByText(/第 1 名/)).toBeTruthy();
    expect(within(row12).getByText('理由1')).toBeTruthy();
    expect(within(row12).getByText('單車 ≈ 腳踏車')).toBeTruthy();
    expect(screen.getByTestId('recommend-status').textContent).toContain('AI 挑選了 10 個事件');
    // The picks reach the minimum: Next may go on.
    expect(next().disabled).toBe(false);
  });

  it('cannot be set below the day’s minimum', async () => {
    const user = userEvent.setup();
    const recommend = vi.fn(async (limit: number) => fakeEvents(12).slice(0, limit).map((e) => ({ eventId: e.id, reasons: ['公園'], basis: 'DIARY' as const })));
    renderWithI18n(<Harness events={fakeEvents(12)} recommend={recommend} />);
    const limit = screen.getByRole('spinbutton', { name: /要挑幾個/ }) as HTMLInputElement;
    await user.clear(limit);
    await user.type(limit, '3');
    await user.click(screen.getByRole('button', { name: /AI推薦/ }));
    await waitFor(() => expect(recommend).toHaveBeenCalledWith(10, null));
    expect(limit.value).toBe('10');
    expect(next().disabled).toBe(false);
  });

  it('says so when nothing matched, instead of claiming an AI pick', async () => {
    const user = userEvent.setup();
    const highlights = async (limit: number) => fakeEvents(12).slice(0, limit).map((e) => ({ eventId: e.id, reasons: [], score: 0, basis: 'HIGHLIGHTS' as const }));
    renderWithI18n(<Harness events={fakeEvents(12)} recommend={highlights} />, 'en');
    await user.click(screen.getByRole('button', { name: /AI recommend/ }));
    await waitFor(() => expect(screen.getByTestId('recommend-status').textContent).toBe('Nothing in the diary matched; these are the day’s highlights.'));
    expect(screen.getByTestId('recommend-status').textContent).not.toContain('AI picked');
  });

  it('tells matches from highlights when only some matched', async () => {
    const user = userEvent.setup();
    const some = async (limit: number) =>
      fakeEvents(12).slice(0, limit).map((e, i) => (i < 4 ? { eventId: e.id, reasons: ['公園'], basis: 'DIARY' as const } : { eventId: e.id, reasons: [], basis: 'HIGHLIGHTS' as const }));
    renderWithI18n(<Harness events={fakeEvents(12)} recommend={some} />);
    await user.click(screen.getByRole('button', { name: /AI推薦/ }));
    await waitFor(() => expect(screen.getByTestId('recommend-status').textContent).toBe('4 個事件符合描述，另外 6 個是當天的精彩片段。'));
  });

  it('clamps the limit to the day and says when nothing was found', async () => {
    const user = userEvent.setup();
    const recommend = vi.fn(async () => [] as Recommendation[]);
    renderWithI18n(<Harness events={fakeEvents(5)} initial={['e1']} recommend={recommend} />, 'en');
    const limit = screen.getByRole('spinbutton', { name: /How many/ }) as HTMLInputElement;
    fireEvent.change(limit, { target: { value: '99' } });
    await user.click(screen.getByRole('button', { name: /AI recommend/ }));
    await waitFor(() => expect(recommend).toHaveBeenCalledWith(5, null));
    expect(limit.value).toBe('5');
    await waitFor(() => expect(screen.getByTestId('recommend-status').textContent).toContain('found nothing to recommend'));
    expect(screen.getByTestId('selected-count').textContent).toBe('Selected 0 / 5');
  });

  it('keeps the selection when the recommender fails', async () => {
    const user = userEvent.setup();
    renderWithI18n(<Harness events={fakeEvents(5)} initial={['e1', 'e2']} recommend={async () => { throw new Error('boom'); }} />, 'en');
    await user.click(screen.getByRole('button', { name: /AI recommend/ }));
    await waitFor(() => expect(screen.getByTestId('recommend-status').textContent).toContain('boom'));
    expect(screen.getByTestId('selected-count').textContent).toBe('Selected 2 / 5');
  });
});
