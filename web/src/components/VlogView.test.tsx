import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { describe, expect, it } from 'vitest';
import type { VlogCardFragment } from '../gql/graphql.ts';
import { renderWithI18n } from '../test/render.tsx';
import { VlogView } from './VlogView.tsx';

const vlog = (o: Partial<VlogCardFragment> = {}): VlogCardFragment => ({
  id: 'v1', title: '2024-05-01 的 Vlog', date: '2024-05-01', status: 'COMPLETED', progress: 100, statusMessage: 'Done', duration: 30, size: 1e6,
  url: '/media/v1.mp4?sig=x', thumbnailUrl: '/media/v1.jpg?sig=x', captionsUrl: '/media/v1.vtt?sig=x', error: null,
  createdAt: '2024-05-01T10:00:00Z', updatedAt: '2024-05-01T10:00:00Z', segments: [],
  settings: { maxDuration: 30, resolution: 'P480', aspect: 'LANDSCAPE', transition: 'CROSSFADE', music: null },
  ...o,
});

function show(v: VlogCardFragment) {
  const client = new ApolloClient({ link: ApolloLink.empty(), cache: new InMemoryCache() });
  return renderWithI18n(
    <ApolloProvider client={client}>
      <VlogView vlog={v} timeZone="Asia/Taipei" />
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
