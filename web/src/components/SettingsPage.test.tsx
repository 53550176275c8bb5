import { MockedProvider } from '@apollo/client/testing/react';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { SettingsQuery, UpdateSettingsMutation } from '../familyOperations.ts';
import { renderWithI18n } from '../test/render.tsx';
import { SettingsPage } from './SettingsPage.tsx';

const autoVlog = { __typename: 'AutoVlogSettings', enabled: false, time: '21:00', maxDuration: 60, resolution: 'P720', nextRunAt: null, music: null };
const me = { __typename: 'User', id: '1', username: 'grandma', timezone: 'Asia/Taipei', locale: 'zh-TW', autoVlog };
const settings = {
  data: {
    me,
    music: [{ __typename: 'Music', id: 'm1', name: 'Morning Walk' }],
    limits: { __typename: 'Limits', minDuration: 30, maxDuration: 180 },
  },
};

function renderPage(update: (v: Record<string, unknown>) => void, result: object) {
  return renderWithI18n(
    <MockedProvider
      mocks={[
        { request: { query: SettingsQuery }, result: settings, maxUsageCount: 5 },
        { request: { query: UpdateSettingsMutation, variables: (v: Record<string, unknown>) => (update(v), true) }, result },
      ]}
    >
      <SettingsPage onBack={() => {}} />
    </MockedProvider>,
  );
}

describe('the settings page', () => {
  it('shows the current settings and saves time zone, language and the automatic vlog in one updateMe', async () => {
    const user = userEvent.setup();
    const update = vi.fn();
    renderPage(update, { data: { updateMe: { ...me, autoVlog: { ...autoVlog, enabled: true, time: '20:30', maxDuration: 45, music: { __typename: 'Music', id: 'm1', name: 'Morning Walk' } } } } });
    const enabled = (await screen.findByRole('checkbox', { name: '每天自動幫我做 Vlog' })) as HTMLInputElement;
    expect(enabled.checked).toBe(false);
    expect((screen.getByLabelText('製作時間') as HTMLInputElement).value).toBe('21:00');
    expect((screen.getByRole('combobox', { name: '時區' }) as HTMLSelectElement).value).toBe('Asia/Taipei');
    await user.click(enabled);
    const time = screen.getByLabelText('製作時間');
    await user.clear(time);
    await user.type(time, '20:30');
    await user.selectOptions(screen.getByRole('combobox', { name: '音樂' }), 'm1');
    const length = screen.getByRole('spinbutton', { name: '長度（秒）' });
    await user.clear(length);
    await user.type(length, '45');
    await user.click(screen.getByRole('button', { name: '儲存設定' }));
    expect(await screen.findByText('設定已儲存。')).toBeTruthy();
    expect(update).toHaveBeenCalledWith({
      input: { timezone: 'Asia/Taipei', locale: 'zh-TW', autoVlog: { enabled: true, time: '20:30', musicId: 'm1', maxDuration: 45, resolution: 'P720' } },
    });
  });

  it("puts the server's refusal next to its field, in the page's language", async () => {
    const user = userEvent.setup();
    renderPage(() => {}, {
      errors: [new GraphQLError('maxDuration must be a whole number of seconds from 30 to 180, got 200', { extensions: { code: 'BAD_USER_INPUT', field: 'autoVlog.maxDuration' } })],
    });
    const length = await screen.findByRole('spinbutton', { name: '長度（秒）' });
    await user.click(screen.getByRole('button', { name: '儲存設定' }));
    const error = await screen.findByText(/30 到 180 秒/);
    expect(length.getAttribute('aria-invalid')).toBe('true');
    expect(length.getAttribute('aria-describedby')).toBe(error.id);
  });
});
