import { MockedProvider } from '@apollo/client/testing/react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { CreateShareLinkMutation, RevokeShareLinkMutation, ShareLinksQuery } from '../familyOperations.ts';
import { renderWithI18n } from '../test/render.tsx';
import { ShareLinks } from './ShareLinks.tsx';

const link = {
  __typename: 'ShareLink',
  id: 'l1',
  url: 'http://127.0.0.1:4000/s/abc',
  note: '給小雯',
  expiresAt: '2024-05-31T12:00:00.000Z',
  createdAt: '2024-05-01T12:00:00.000Z',
};
const listed = (links: unknown[]) => ({ data: { vlog: { __typename: 'Vlog', id: 'v1', shareLinks: links } } });

describe('sharing a vlog', () => {
  it('creates a link with the chosen expiry and note, lists it with its expiry, and turns it off', async () => {
    const user = userEvent.setup();
    const created = vi.fn();
    const revoked = vi.fn();
    let links: unknown[] = [];
    renderWithI18n(
      <MockedProvider
        mocks={[
          { request: { query: ShareLinksQuery, variables: { id: 'v1' } }, result: () => listed(links), maxUsageCount: 10 },
          {
            request: { query: CreateShareLinkMutation, variables: (v: Record<string, unknown>) => (created(v), true) },
            result: () => {
              links = [link];
              return { data: { createShareLink: link } };
            },
          },
          {
            request: { query: RevokeShareLinkMutation, variables: (v: Record<string, unknown>) => (revoked(v), true) },
            result: () => {
              links = [];
              return { data: { revokeShareLink: true } };
            },
          },
        ]}
      >
        <ShareLinks vlogId="v1" timeZone="Asia/Taipei" />
      </MockedProvider>,
    );
    const open = screen.getByRole('button', { name: '分享' });
    expect(open.getAttribute('aria-expanded')).toBe('false');
    await user.click(open);
    expect(open.getAttribute('aria-expanded')).toBe('true');
    expect(await screen.findByText('還沒有有效的連結。')).toBeTruthy();
    expect((screen.getByRole('radio', { name: '7 天' }) as HTMLInputElement).checked).toBe(true);
    await user.click(screen.getByRole('radio', { name: '30 天' }));
    await user.type(screen.getByRole('textbox', { name: /備註/ }), ' 給小雯 ');
    await user.click(screen.getByRole('button', { name: '建立連結' }));
    const item = await screen.findByTestId('share-link');
    expect(created).toHaveBeenCalledWith({ vlogId: 'v1', expiresInDays: 30, note: '給小雯' });
    expect((within(item).getByRole('textbox', { name: '給小雯' }) as HTMLInputElement).value).toBe(link.url);
    expect(item.textContent).toMatch(/有效至 5\/31\s20:00/);

    await user.click(within(item).getByRole('button', { name: '關閉' }));
    await user.click(within(item).getByRole('button', { name: '關閉連結' }));
    expect(await screen.findByText('還沒有有效的連結。')).toBeTruthy();
    expect(revoked).toHaveBeenCalledWith({ id: 'l1' });
  });

  it('shows the server’s refusal in place', async () => {
    const user = userEvent.setup();
    renderWithI18n(
      <MockedProvider
        mocks={[
          { request: { query: ShareLinksQuery, variables: { id: 'v1' } }, result: listed([]), maxUsageCount: 5 },
          {
            request: { query: CreateShareLinkMutation, variables: () => true },
            result: { errors: [new GraphQLError('only a finished vlog can be shared; this one is failed', { extensions: { code: 'BAD_USER_INPUT', field: 'vlogId' } })] },
          },
        ]}
      >
        <ShareLinks vlogId="v1" timeZone="Asia/Taipei" />
      </MockedProvider>,
      'en',
    );
    await user.click(screen.getByRole('button', { name: 'Share' }));
    await user.click(await screen.findByRole('button', { name: 'Create link' }));
    expect((await screen.findByRole('alert')).textContent).toContain('only a finished vlog can be shared');
  });
});
