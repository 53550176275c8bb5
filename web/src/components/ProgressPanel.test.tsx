import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { act, screen } from '@testing-library/react';
import { Observable, Subject } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import type { VlogCardFragment } from '../gql/graphql.ts';
import { renderWithI18n } from '../test/render.tsx';
import { reportOnline } from '../connection.ts';
import { dictionaries } from '../i18n.tsx';
import { DONE_HOLD_MS, ProgressPanel } from './ProgressPanel.tsx';

const vlog: VlogCardFragment = {
  id: 'v1', title: '2024-05-01 的 Vlog', date: '2024-05-01', status: 'PROCESSING', progress: 12, statusMessage: null, duration: null, size: null,
  url: null, thumbnailUrl: null, captionsUrl: null, error: null, errorCode: null, automatic: false, createdAt: '2024-05-01T10:00:00Z', updatedAt: '2024-05-01T10:00:00Z', segments: [],
  settings: { maxDuration: 30, resolution: 'P480', aspect: 'LANDSCAPE', transition: 'CROSSFADE', fit: 'BLUR', titleCard: true, captions: 'SOFT', beatSync: false, music: null },
};

function progress(p: Record<string, unknown>) {
  return { data: { vlogProgress: { __typename: 'VlogProgress', vlogId: 'v1', status: 'PROCESSING', phase: 'RENDERING', message: null, step: null, totalSteps: null, etaSeconds: null, error: null, errorCode: null, updatedAt: '2024-05-01T10:00:00Z', ...p } } };
}

describe('progress panel', () => {
  it('subscribes to the vlog, reads like a sentence, never goes backwards, reports the end once', async () => {
    const stream = new Subject<ReturnType<typeof progress>>();
    const seen: { operationName?: string; variables: Record<string, unknown> }[] = [];
    const link = new ApolloLink((operation) => {
      seen.push({ operationName: operation.operationName, variables: operation.variables });
      return new Observable((sub) => {
        const s = stream.subscribe(sub);
        return () => s.unsubscribe();
      });
    });
    const client = new ApolloClient({ link, cache: new InMemoryCache() });
    const onTerminal = vi.fn();
    renderWithI18n(
      <ApolloProvider client={client}>
        <ProgressPanel vlog={vlog} onTerminal={onTerminal} />
      </ApolloProvider>,
      'en',
    );
    const bar = screen.getByRole('progressbar');
    // Before the first message: what the vlog row says.
    expect(bar.getAttribute('aria-valuenow')).toBe('12');
    expect(seen).toEqual([{ operationName: 'VlogProgress', variables: { vlogId: 'v1' } }]);

    await act(async () => stream.next(progress({ percent: 64.4, step: 5, totalSteps: 12, etaSeconds: 21 })));
    expect(bar.getAttribute('aria-valuenow')).toBe('64');
    expect(screen.getByTestId('progress-sentence').textContent).toBe('Rendering clip 5 of 12 — 64 % — about 20 s left');

    await act(async () => stream.next(progress({ percent: 50, step: 6, totalSteps: 12, etaSeconds: 18 })));
    expect(bar.getAttribute('aria-valuenow')).toBe('64');
    expect(screen.getByTestId('progress-sentence').textContent).toBe('Rendering clip 6 of 12 — 64 % — about 20 s left');

    await act(async () => stream.next(progress({ percent: 100, phase: 'DONE', status: 'COMPLETED' })));
    expect(bar.getAttribute('aria-valuenow')).toBe('100');
    expect(screen.getByTestId('progress-sentence').textContent).toBe('Done');
    // 100 % stays on screen for a moment before the player may replace the panel.
    expect(onTerminal).not.toHaveBeenCalled();
    await act(async () => new Promise((r) => setTimeout(r, DONE_HOLD_MS + 50)));
    expect(onTerminal).toHaveBeenCalledTimes(1);
    expect(onTerminal.mock.calls[0]![0]).toMatchObject({ status: 'COMPLETED' });
    // Nothing to cancel any more.
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
  });

  it('says it is reconnecting while offline instead of a frozen estimate, and catches up when back', async () => {
    const stream = new Subject<ReturnType<typeof progress>>();
    const link = new ApolloLink(() => new Observable((sub) => {
      const s = stream.subscribe(sub);
      return () => s.unsubscribe();
    }));
    const client = new ApolloClient({ link, cache: new InMemoryCache() });
    renderWithI18n(
      <ApolloProvider client={client}>
        <ProgressPanel vlog={vlog} onTerminal={() => {}} />
      </ApolloProvider>,
      'en',
    );
    await act(async () => stream.next(progress({ percent: 12, etaSeconds: 15 })));
    expect(screen.getByTestId('progress-sentence').textContent).toBe('Rendering — 12 % — about 15 s left');
    await act(async () => reportOnline(false));
    expect(screen.getByTestId('progress-sentence').textContent).toBe(dictionaries.en.reconnecting);
    await act(async () => reportOnline(true));
    await act(async () => stream.next(progress({ percent: 64, etaSeconds: 5 })));
    expect(screen.getByTestId('progress-sentence').textContent).toBe('Rendering — 64 % — about 5 s left');
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('64');
  });
});
