import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { VlogCardFragment } from '../gql/graphql.ts';
import { renderWithI18n } from '../test/render.tsx';
import { VlogView } from './VlogView.tsx';

const vlog = (o: Partial<VlogCardFragment> = {}): VlogCardFragment => ({
  id: 'v1', title: '2024-05-01 的 Vlog', date: '2024-05-01', status: 'COMPLETED', progress: 100, statusMessage: 'Done', duration: 30, size: 1e6,
  url: '/media/v1.mp4?sig=x', thumbnailUrl: '/media/v1.jpg?sig=x', captionsUrl: '/media/v1.vtt?sig=x', error: null, errorCode: null, automatic: false,
  createdAt: '2024-05-01T10:00:00Z', updatedAt: '2024-05-01T10:00:00Z', segments: [],
  settings: { maxDuration: 30, resolution: 'P480', aspect: 'LANDSCAPE', transition: 'CROSSFADE', fit: 'BLUR', titleCard: true, captions: 'SOFT', beatSync: false, music: null },
  ...o,
});

function show(v: VlogCardFragment, onEdit?: () => void) {
  const client = new ApolloClient({ link: ApolloLink.empty(), cache: new InMemoryCache() });
  return renderWithI18n(
    <ApolloProvider client={client}>
      <VlogView vlog={v} timeZone="Asia/Taipei" onEdit={onEdit} />
    </ApolloProvider>,
  );
}

describe('vlog player captions', () => {
  it('plays the soft captions as a default captions track', () => {
    const { container } = show(vlog());
    const track = container.querySelector('video track') as HTMLTrackElement;
    expect(track).toBeTruthy();
    expect(track.getAttribute('src')).toBe('/media/v1.vtt?sig=x');
    expect(track.kind).toBe('captions');
    expect(track.default).toBe(true);
    expect(track.label).toBe('字幕');
  });

  it('has no track without captions', () => {
    const { container } = show(vlog({ captionsUrl: null }));
    expect(container.querySelector('video')).toBeTruthy();
    expect(container.querySelector('video track')).toBeNull();
  });
});

describe('edit', () => {
  it('offers a new version of a finished vlog', () => {
    const onEdit = vi.fn();
    show(vlog(), onEdit);
    fireEvent.click(screen.getByRole('button', { name: '編輯（新版本）' }));
    expect(onEdit).toHaveBeenCalledTimes(1);
  });

  it('not of a failed one', () => {
    show(vlog({ status: 'FAILED', url: null }), () => {});
    expect(screen.queryByRole('button', { name: '編輯（新版本）' })).toBeNull();
  });
});
