// 中文 / English, as two pressed-state buttons (no hover, no menu).
import { type Locale, useI18n } from '../i18n.tsx';

const LOCALES: Locale[] = ['zh-TW', 'en'];

export function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  return (
    <div className="lang-switch" role="group" aria-label={t.language}>
      {LOCALES.map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={locale === l} className={locale === l ? 'active' : ''} onClick={() => setLocale(l)}>
          {t.languageNames[l]}
        </button>
      ))}
    </div>
  );
}
