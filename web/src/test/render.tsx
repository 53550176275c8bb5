// Test helpers: render inside the i18n provider (and, when given, an Apollo MockedProvider).
import { cleanup, render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach } from 'vitest';
import { I18nProvider, type Locale } from '../i18n.tsx';

afterEach(() => {
  cleanup();
});

export function renderWithI18n(ui: ReactElement, locale: Locale = 'zh-TW'): RenderResult {
  return render(
    <I18nProvider locale={locale} setLocale={() => {}}>
      {ui}
    </I18nProvider>,
  );
}

export interface FakeEvent {
  id: string;
  startTime: string;
  duration: number;
  action: string;
  scene: string;
  summary: string;
  thumbnailUrl: string | null;
  recording: { id: string; thumbnailUrl: string | null };
}

/** n events on 2024-05-01 in Asia/Taipei, 40 minutes apart from 08:00 local. */
export function fakeEvents(n: number): FakeEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const start = new Date(Date.UTC(2024, 4, 1, 0, 0) + i * 40 * 60_000); // 08:00 +08:00
    return {
      id: `e${i + 1}`,
      startTime: start.toISOString(),
      duration: 30 + i,
      action: `動作${i + 1}`,
      scene: `場景${i + 1}`,
      summary: `摘要 ${i + 1}`,
      thumbnailUrl: `/media/thumb/e${i + 1}.jpg`,
      recording: { id: `r${i + 1}`, thumbnailUrl: null },
    };
  });
}
