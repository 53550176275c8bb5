// A failed vlog explains itself from its error code, in the reader's language; the server's
// sentence is only the fallback for a code this build does not know.
import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { screen } from '@testing-library/react';
import { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { VlogCardFragment } from '../gql/graphql.ts';
import type { Locale } from '../i18n.tsx';
import { renderWithI18n } from '../test/render.tsx';
import { VlogView } from './VlogView.tsx';

const failed = (over: Partial<VlogCardFragment>): VlogCardFragment => ({
  id: 'v1', title: 'Vlog', date: '2024-05-01', status: 'FAILED', progress: 40, statusMessage: 'Failed', duration: null, size: null,
  url: null, thumbnailUrl: null, captionsUrl: null, error: 'The server’s disk is full.', errorCode: 'DISK_FULL', automatic: false, createdAt: '2024-05-01T10:00:00Z', updatedAt: '2024-05-01T10:00:00Z',
  segments: [], settings: { maxDuration: 30, resolution: 'P480', aspect: 'LANDSCAPE', transition: 'CROSSFADE', fit: 'BLUR', titleCard: true, captions: 'SOFT', beatSync: false, music: null }, ...over,
});

function show(vlog: VlogCardFragment, locale: Locale) {
  const client = new ApolloClient({ link: new ApolloLink(() => new Observable(() => {})), cache: new InMemoryCache() });
  renderWithI18n(
    <ApolloProvider client={client}>
      <VlogView vlog={vlog} timeZone="Asia/Taipei" />
    </ApolloProvider>,
    locale,
  );
  return screen.getByRole('status').textContent ?? '';
}

describe('a failed vlog', () => {
  it('says why from its code', () => {
    expect(show(failed({}), 'en')).toMatch(/disk is full \(disk full\)/);
  });

  it('says it in Traditional Chinese too', () => {
    expect(show(failed({ errorCode: 'SOURCE_UNREADABLE', error: 'x' }), 'zh-TW')).toMatch(/無法讀取/);
  });

  it("falls back to the server's sentence without a code", () => {
    expect(show(failed({ errorCode: null, error: 'Something went wrong on the server.' }), 'en')).toMatch(/Something went wrong/);
  });
});
