import { MockedProvider } from '@apollo/client/testing/react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GraphQLError } from 'graphql';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { CreateVlogMutation, MusicQuery } from '../operations.ts';
import { fakeEvents, renderWithI18n } from '../test/render.tsx';
import type { RecommendationMap } from './EventSelectionStep.tsx';
import { GenerateWizard } from './GenerateWizard.tsx';

const limits = { minEvents: 10, maxEvents: 200, minDuration: 30, maxDuration: 180, minMusicWindow: 0.5, maxTitleLength: 200, burnedCaptions: true };
const music = {
  music: [
    { __typename: 'Music', id: 'm1', name: 'Morning Walk', composer: 'Lin', duration: 200, url: '/media/music/m1.mp3', peaks: [0.2, 0.8, 0.4] },
  ],
};

function Page({ onCreateVariables }: { onCreateVariables: (v: Record<string, unknown>) => void }) {
  const [open, setOpen] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [recs, setRecs] = useState<RecommendationMap | null>(null);
  const events = fakeEvents(12);
  return (
    <MockedProvider
      mocks={[
        { request: { query: MusicQuery }, result: { data: music }, maxUsageCount: 5 },
        {
          request: {
            query: CreateVlogMutation,
            variables: (v: Record<string, unknown>) => {
              onCreateVariables(v);
              return true;
            },
          },
          result: {
            errors: [new GraphQLError('maxDuration must be between 30 and 180 seconds', { extensions: { code: 'BAD_USER_INPUT', field: 'maxDuration' } })],
          },
        },
      ]}
    >
      <div id="root">
        <button type="button" onClick={() => setOpen(true)}>
          open
        </button>
        {open && (
          <GenerateWizard
            date="2024-05-01"
            timeZone="Asia/Taipei"
            events={events}
            limits={limits}
            selected={selected}
            onSelectedChange={setSelected}
            recommendations={recs}
            onRecommendations={setRecs}
            onClose={() => setOpen(false)}
            onCreated={() => setOpen(false)}
          />
        )}
      </div>
    </MockedProvider>
  );
}

describe('generate vlog dialog', () => {
  it('is a modal dialog: focus inside, Tab trapped, Escape closes, focus back on the opener', async () => {
    const user = userEvent.setup();
    renderWithI18n(<Page onCreateVariables={() => {}} />);
    const opener = screen.getByRole('button', { name: 'open' });
    await user.click(opener);
    const dialog = await screen.findByRole('dialog', { name: '選擇片段' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(document.getElementById('root')?.hasAttribute('inert')).toBe(true);
    for (let i = 0; i < 40; i++) {
      await user.tab();
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
    for (let i = 0; i < 5; i++) {
      await user.tab({ shift: true });
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(opener));
    expect(document.getElementById('root')?.hasAttribute('inert')).toBe(false);
  });

  it('goes 全選 → 下一步 → 送出生成 and shows the server’s BAD_USER_INPUT next to its field', async () => {
    const user = userEvent.setup();
    const onCreate = vi.fn();
    renderWithI18n(<Page onCreateVariables={onCreate} />);
    await user.click(screen.getByRole('button', { name: 'open' }));
    await user.click(await screen.findByRole('button', { name: '全選' }));
    await user.click(screen.getByRole('button', { name: '下一步' }));
    const dialog = await screen.findByRole('dialog', { name: 'Vlog 設定' });
    await within(dialog).findByRole('radio', { name: /Morning Walk/ });
    await user.click(within(dialog).getByRole('button', { name: '送出生成' }));

    // The page's sentence for the field, not the server's English text.
    const error = await within(dialog).findByText('伺服器不接受「Vlog 長度」的設定，請確認後再試一次。');
    expect(error.closest('[data-field]')?.getAttribute('data-field')).toBe('maxDuration');
    const length = within(dialog).getByRole('spinbutton', { name: 'Vlog 長度' });
    expect(length.getAttribute('aria-invalid')).toBe('true');
    expect(length.getAttribute('aria-describedby')).toContain(error.id);

    expect(onCreate).toHaveBeenCalled();
    const input = (onCreate.mock.calls.at(-1)![0] as { input: Record<string, unknown> }).input;
    expect(input).toMatchObject({
      date: '2024-05-01',
      eventIds: fakeEvents(12).map((e) => e.id),
      title: '2024-05-01 的 Vlog',
      musicId: 'm1',
      musicStart: 0,
      musicEnd: 180,
      musicFade: true,
      musicVolume: 0.6,
      resolution: 'P1080',
      aspect: 'LANDSCAPE',
      maxDuration: 180,
      transition: 'CROSSFADE',
    });
    expect(typeof input['idempotencyKey']).toBe('string');
    // The dialog stays open so the user can fix it.
    expect(screen.getByRole('dialog')).toBeTruthy();
  });
});
