import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS_LIMITS, type SettingsDraft, type SettingsLimits, initialSettingsState } from '../domain/settings.ts';
import type { Locale } from '../i18n.tsx';
import { renderWithI18n } from '../test/render.tsx';
import { type MusicTrack, type ServerErrors, SettingsStep } from './SettingsStep.tsx';

const tracks: MusicTrack[] = [
  { id: 'm1', name: 'Morning Walk', composer: 'Lin', duration: 200, url: '/media/music/m1.mp3', peaks: [0.1, 0.5, 0.9, 0.4] },
  { id: 'm2', name: 'Short Tune', composer: null, duration: 42.4, url: '/media/music/m2.mp3', peaks: [0.3, 0.2] },
];

function Harness({
  onSubmit,
  serverErrors: initialErrors,
  locale = 'zh-TW',
  limits = DEFAULT_SETTINGS_LIMITS,
}: {
  onSubmit: (d: SettingsDraft) => void;
  serverErrors?: ServerErrors;
  locale?: Locale;
  limits?: SettingsLimits;
}) {
  const [state, setState] = useState(() => initialSettingsState('2024-05-01', locale, tracks[0]!));
  const [errors, setErrors] = useState<ServerErrors>(initialErrors ?? { fields: {}, general: [] });
  return (
    <SettingsStep
      titleId="settings-title"
      tracks={tracks}
      limits={limits}
      state={state}
      onStateChange={setState}
      onBack={() => {}}
      onSubmit={onSubmit}
      serverErrors={errors}
      onServerErrorsChange={setErrors}
    />
  );
}

const submit = () => screen.getByRole('button', { name: '送出生成' });
const title = () => screen.getByRole('textbox', { name: '標題' }) as HTMLInputElement;
const length = () => screen.getByRole('spinbutton', { name: 'Vlog 長度' }) as HTMLInputElement;

describe('settings dialog', () => {
  it('starts from the defaults: localised title, first track, its first 180 s, 1080p, 16:9, crossfade, fade, 60 %', () => {
    renderWithI18n(<Harness onSubmit={() => {}} />);
    expect(title().value).toBe('2024-05-01 的 Vlog');
    expect((screen.getByRole('radio', { name: /Morning Walk/ }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByRole('slider', { name: '音樂結束點' }).getAttribute('aria-valuenow')).toBe('180');
    expect((screen.getByRole('radio', { name: '1080p' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('radio', { name: /16:9/ }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('radio', { name: '交叉淡化' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('checkbox', { name: '音樂淡入淡出' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('slider', { name: '音樂音量' }) as HTMLInputElement).value).toBe('0.6');
    expect(length().value).toBe('180');
    expect(screen.getByText(/作曲：Lin · 3:20/)).toBeTruthy();
  });

  it("refuses a title over the server's limit (the limits query's maxTitleLength), next to the title, and sends once fixed", async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    renderWithI18n(<Harness onSubmit={onSubmit} limits={{ ...DEFAULT_SETTINGS_LIMITS, maxTitleLength: 40 }} />);
    fireEvent.change(title(), { target: { value: 'x'.repeat(41) } });
    expect(document.getElementById(title().getAttribute('aria-describedby')!.split(' ').find((id) => id.endsWith('-hint'))!)?.textContent).toContain('41 / 40');
    await user.click(submit());
    expect(onSubmit).not.toHaveBeenCalled();
    const error = document.getElementById(title().getAttribute('aria-describedby')!.split(' ').find((id) => id.endsWith('-error'))!);
    expect(error?.textContent).toContain('標題最多 40 個字');
    expect(title().getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(title());

    fireEvent.change(title(), { target: { value: 'x'.repeat(40) } });
    await user.click(submit());
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit.mock.calls[0]![0]).toMatchObject({ title: 'x'.repeat(40), musicId: 'm1', musicStart: 0, musicEnd: 180, maxDuration: 180 });
  });

  it('fills frames with a blurred copy, opens with a title card adds soft captions and cuts on the beat by default, and sends the choices', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    renderWithI18n(<Harness onSubmit={onSubmit} />);
    expect((screen.getByRole('radio', { name: '模糊背景填滿' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('checkbox', { name: '片頭顯示標題與日期' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('radio', { name: '字幕軌' }) as HTMLInputElement).checked).toBe(true);
    await user.click(screen.getByRole('radio', { name: '裁切填滿' }));
    await user.click(screen.getByRole('checkbox', { name: '片頭顯示標題與日期' }));
    await user.click(screen.getByRole('radio', { name: '燒錄在畫面上' }));
    expect((screen.getByRole('checkbox', { name: '跟著節拍剪接' }) as HTMLInputElement).checked).toBe(true);
    await user.click(screen.getByRole('checkbox', { name: '跟著節拍剪接' }));
    await user.click(submit());
    expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ fit: 'CROP', titleCard: false, captions: 'BURNED', beatSync: false }));
  });

  it('says when the server cannot draw words into the picture, only while "in the picture" is chosen', async () => {
    const user = userEvent.setup();
    const { unmount } = renderWithI18n(<Harness onSubmit={vi.fn()} limits={{ ...DEFAULT_SETTINGS_LIMITS, burnedCaptions: false }} />);
    expect(screen.queryByRole('note')).toBeNull();
    await user.click(screen.getByRole('radio', { name: '燒錄在畫面上' }));
    expect(screen.getByRole('note').textContent).toMatch(/字幕軌/);
    await user.click(screen.getByRole('radio', { name: '不加字幕' }));
    expect(screen.queryByRole('note')).toBeNull();
    unmount();
    renderWithI18n(<Harness onSubmit={vi.fn()} limits={{ ...DEFAULT_SETTINGS_LIMITS, burnedCaptions: true }} />);
    await user.click(screen.getByRole('radio', { name: '燒錄在畫面上' }));
    expect(screen.queryByRole('note')).toBeNull();
  });

  it('refuses a length outside 30–180 s', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    renderWithI18n(<Harness onSubmit={onSubmit} />);
    fireEvent.change(length(), { target: { value: '29' } });
    await user.click(submit());
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText('請選擇 30 到 180 秒之間的長度。')).toBeTruthy();
    expect(length().getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(length(), { target: { value: '' } });
    await user.click(submit());
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.change(length(), { target: { value: '181' } });
    await user.click(submit());
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.change(length(), { target: { value: '30' } });
    expect(screen.queryByText('請選擇 30 到 180 秒之間的長度。')).toBeNull();
    await user.click(submit());
    expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ maxDuration: 30 }));
  });

  it('follows the music: a shorter track sets its window and length; no music hides the waveform', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    renderWithI18n(<Harness onSubmit={onSubmit} />);
    await user.click(screen.getByRole('radio', { name: /Short Tune/ }));
    expect(screen.getByRole('slider', { name: '音樂結束點' }).getAttribute('aria-valuenow')).toBe('42.4');
    // Rounded down: the video never outlasts the music (no looped second at the end).
    expect(length().value).toBe('42');
    await user.click(screen.getByRole('radio', { name: /不要音樂/ }));
    expect(screen.queryByRole('slider', { name: '音樂結束點' })).toBeNull();
    expect(length().value).toBe('60');
    await user.click(submit());
    expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ musicId: null, maxDuration: 60 }));
  });

  it('shows the server’s field errors next to their fields and clears one when its field changes', async () => {
    const user = userEvent.setup();
    renderWithI18n(
      <Harness
        onSubmit={() => {}}
        locale="en"
        serverErrors={{ fields: { musicEnd: 'musicEnd is past the end of the track', maxDuration: 'maxDuration must be 30–180', eventIds: 'Unknown event' }, general: [] }}
      />,
      'en',
    );
    const musicEnd = document.querySelector('[data-field="musicEnd"]');
    expect(musicEnd?.textContent).toContain('musicEnd is past the end of the track');
    // The end handle points at that message for screen readers.
    const end = screen.getByRole('slider', { name: 'End of the music' });
    expect(end.getAttribute('aria-describedby')).toContain(musicEnd!.id);
    expect(end.getAttribute('aria-invalid')).toBe('true');

    const lengthInput = screen.getByRole('spinbutton', { name: 'Length of the vlog' });
    expect(lengthInput.getAttribute('aria-invalid')).toBe('true');
    expect(document.querySelector('[data-field="maxDuration"]')?.textContent).toContain('maxDuration must be 30–180');
    expect(document.querySelector('[data-field="eventIds"]')?.textContent).toContain('Unknown event');

    fireEvent.change(lengthInput, { target: { value: '45' } });
    await waitFor(() => expect(document.querySelector('[data-field="maxDuration"]')).toBeNull());
    expect(document.querySelector('[data-field="musicEnd"]')).not.toBeNull();
    end.focus();
    await user.keyboard('{ArrowLeft}');
    expect(document.querySelector('[data-field="musicEnd"]')).toBeNull();
  });
});
