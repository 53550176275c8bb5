import { MockedProvider } from '@apollo/client/testing/react';
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AutoVlogRunQuery } from '../familyOperations.ts';
import type { VlogCardFragment } from '../gql/graphql.ts';
import { renderWithI18n } from '../test/render.tsx';
import { AutoVlogNotice } from './AutoVlogNotice.tsx';
import { VlogView } from './VlogView.tsx';

const run = (status: string, reason: string | null, message: string | null) => ({
  request: { query: AutoVlogRunQuery, variables: { date: '2024-05-01' } },
  result: { data: { autoVlogRun: { __typename: 'AutoVlogRun', date: '2024-05-01', status, reason, message } } },
});

describe('the automatic vlog in the day page', () => {
  it('says why the day was skipped, in the page’s language', async () => {
    renderWithI18n(
      <MockedProvider mocks={[run('SKIPPED', 'TOO_FEW_EVENTS', 'the day has 3 events; an automatic vlog needs at least 10')]}>
        <AutoVlogNotice date="2024-05-01" />
      </MockedProvider>,
    );
    expect((await screen.findByTestId('auto-vlog-notice')).textContent).toBe('這天沒有自動製作 Vlog：這天錄到的片段太少');
  });

  it('shows a refusal with the server’s reason, and nothing once it was made', async () => {
    const { unmount } = renderWithI18n(
      <MockedProvider mocks={[run('FAILED', 'CREATE_FAILED', 'the chosen music track does not exist')]}>
        <AutoVlogNotice date="2024-05-01" />
      </MockedProvider>,
      'en',
    );
    const notice = await screen.findByTestId('auto-vlog-notice');
    expect(notice.textContent).toBe('The automatic vlog of this day could not be made: the chosen music track does not exist');
    expect(notice.className).toContain('error');
    unmount();
    renderWithI18n(
      <MockedProvider mocks={[run('MADE', null, null)]}>
        <div data-testid="day">
          <AutoVlogNotice date="2024-05-01" />
        </div>
      </MockedProvider>,
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.getByTestId('day').textContent).toBe('');
  });

  it('marks a vlog made automatically', () => {
    const vlog: VlogCardFragment = {
      id: 'v1', title: '2024-05-01 的 Vlog', date: '2024-05-01', status: 'FAILED', progress: 0, statusMessage: null, duration: null, size: null,
      url: null, thumbnailUrl: null, captionsUrl: null, error: 'x', errorCode: 'INTERNAL', automatic: true, createdAt: '2024-05-01T13:00:00Z', updatedAt: '2024-05-01T13:00:00Z', segments: [],
      settings: { maxDuration: 30, resolution: 'P480', aspect: 'LANDSCAPE', transition: 'CROSSFADE', fit: 'BLUR', titleCard: true, captions: 'SOFT', beatSync: false, music: null },
    };
    const { rerender } = renderWithI18n(
      <MockedProvider mocks={[]}>
        <VlogView vlog={vlog} timeZone="Asia/Taipei" />
      </MockedProvider>,
    );
    expect(screen.getByTestId('automatic-mark').textContent).toBe('自動製作');
    rerender(
      <MockedProvider mocks={[]}>
        <VlogView vlog={{ ...vlog, automatic: false }} timeZone="Asia/Taipei" />
      </MockedProvider>,
    );
    expect(screen.queryByTestId('automatic-mark')).toBeNull();
  });
});
