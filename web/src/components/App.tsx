// The SPA's shell: session (login / home), language, and the date in the address bar
// (/day/YYYY-MM-DD), so that a reload or a shared link opens the same day.
import { ApolloProvider, useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { setSessionToken } from '../apollo.ts';
import { isIsoDate, normalizeLocale, todayIn } from '../domain/format.ts';
import { DEFAULT_LIMITS } from '../domain/settings.ts';
import type { UserFieldsFragment } from '../gql/graphql.ts';
import { clearAllDrafts, markSignedOut } from '../domain/draftStore.ts';
import { errorSentence } from '../errorText.ts';
import { hasCode } from '../gqlErrors.ts';
import { I18nProvider, type Locale, useI18n } from '../i18n.tsx';
import { DaysQuery, LogoutMutation, SessionQuery, UpdateLocaleMutation } from '../operations.ts';
import type { ApolloClient } from '@apollo/client';
import { Calendar } from './Calendar.tsx';
import { DaySwitcher } from './DaySwitcher.tsx';
import { DayView } from './DayView.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { LoginScreen } from './LoginScreen.tsx';
import { SETTINGS_PATH, SettingsLink, SettingsPage } from './SettingsPage.tsx';

const LOCALE_KEY = 'dayreel.locale';

export { DEFAULT_LIMITS };

function storedLocale(): Locale {
  try {
    const saved = normalizeLocale(localStorage.getItem(LOCALE_KEY));
    if (saved) return saved;
  } catch {
    /* storage blocked */
  }
  return 'zh-TW';
}

export function dateFromLocation(loc: Pick<Location, 'pathname' | 'search'>): string | null {
  const m = /^\/day\/(\d{4}-\d{2}-\d{2})\/?$/.exec(loc.pathname);
  if (m && isIsoDate(m[1])) return m[1]!;
  const q = new URLSearchParams(loc.search).get('date');
  return isIsoDate(q) ? q : null;
}

export function App({ client, restartSocket }: { client: ApolloClient; restartSocket: () => void }) {
  return (
    <ApolloProvider client={client}>
      <Root restartSocket={restartSocket} />
    </ApolloProvider>
  );
}

function Root({ restartSocket }: { restartSocket: () => void }) {
  const client = useApolloClient();
  const [locale, setLocaleState] = useState<Locale>(storedLocale);
  const session = useQuery(SessionQuery, { fetchPolicy: 'cache-first' });
  const me = session.data?.me ?? null;
  const [updateLocale] = useMutation(UpdateLocaleMutation);
  const adopted = useRef<string | null>(null);
  /** A language picked on the sign-in page: it wins over the account's, which then follows it. */
  const pickedSignedOut = useRef<Locale | null>(null);

  // A signed-in user's own language wins over this browser's last choice, unless the person
  // just picked one on the sign-in page.
  useEffect(() => {
    if (!me) {
      adopted.current = null;
      return;
    }
    if (adopted.current === me.id) return;
    adopted.current = me.id;
    const picked = pickedSignedOut.current;
    pickedSignedOut.current = null;
    if (picked) {
      if (normalizeLocale(me.locale) !== picked) updateLocale({ variables: { locale: picked } }).catch(() => {});
      return;
    }
    const l = normalizeLocale(me.locale);
    if (l) setLocaleState(l);
  }, [me, updateLocale]);

  useEffect(() => {
    document.documentElement.lang = locale;
    try {
      localStorage.setItem(LOCALE_KEY, locale);
    } catch {
      /* storage blocked */
    }
  }, [locale]);

  const setLocale = useCallback(
    (l: Locale) => {
      setLocaleState(l);
      if (!me) pickedSignedOut.current = l;
      if (me && normalizeLocale(me.locale) !== l) updateLocale({ variables: { locale: l } }).catch(() => {});
    },
    [me, updateLocale],
  );

  const onLoggedIn = async (user: UserFieldsFragment, token: string) => {
    setSessionToken(token);
    markSignedOut(false);
    restartSocket();
    // Start clean for this user; the session query is read again, now with the cookie.
    await client.resetStore().catch(() => {});
    if (!client.readQuery({ query: SessionQuery })?.me) client.writeQuery({ query: SessionQuery, data: { me: user } });
  };
  const [logout] = useMutation(LogoutMutation);
  const onLogout = async () => {
    await logout().catch(() => {});
    // Signing out on purpose leaves nothing of this person's work in the tab.
    clearAllDrafts();
    markSignedOut(false);
    setSessionToken(null);
    restartSocket();
    client.writeQuery({ query: SessionQuery, data: { me: null } });
    await client.resetStore().catch(() => {});
  };

  let body;
  if (session.loading && !session.data) {
    body = <Splash />;
  } else if (session.error && !hasCode(session.error, 'UNAUTHENTICATED') && !session.data) {
    body = <ErrorScreen error={session.error} onRetry={() => void session.refetch()} />;
  } else if (!me) {
    body = <LoginScreen onLoggedIn={(u, tok) => void onLoggedIn(u, tok)} />;
  } else {
    body = <Home me={me} onLogout={onLogout} />;
  }
  return (
    <I18nProvider locale={locale} setLocale={setLocale}>
      {body}
    </I18nProvider>
  );
}

function Splash() {
  const { t } = useI18n();
  return (
    <div className="splash" role="status">
      <span className="brand big">
        <span className="brand-mark" aria-hidden="true">
          ▶
        </span>{' '}
        Dayreel
      </span>
      <p className="muted">{t.loading}</p>
    </div>
  );
}

function ErrorScreen({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <main id="main" className="splash">
      <p className="notice error" role="alert">
        {errorSentence(error, t)}
      </p>
      <button type="button" className="button primary" onClick={onRetry}>
        {t.retry}
      </button>
    </main>
  );
}

function Home({ me, onLogout }: { me: UserFieldsFragment; onLogout: () => Promise<void> }) {
  const { t } = useI18n();
  const days = useQuery(DaysQuery, { fetchPolicy: 'cache-and-network' });
  const [date, setDate] = useState<string | null>(() => dateFromLocation(window.location));
  const [settingsOpen, setSettingsOpen] = useState(() => window.location.pathname === SETTINGS_PATH);
  const today = todayIn(me.timezone);

  // No date in the address: the most recent day with events (else today).
  useEffect(() => {
    if (date || settingsOpen || (!days.data && !days.error)) return;
    const d = days.data?.days[0]?.date ?? today;
    window.history.replaceState(null, '', `/day/${d}`);
    setDate(d);
  }, [date, settingsOpen, days.data, days.error, today]);

  useEffect(() => {
    const onPop = () => {
      setSettingsOpen(window.location.pathname === SETTINGS_PATH);
      setDate(dateFromLocation(window.location));
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  /** Opens another day; focus goes to it unless the control that chose it keeps it (← / →). */
  const select = (d: string, keepFocus = false) => {
    if (d === date && !settingsOpen) return;
    window.history.pushState(null, '', `/day/${d}`);
    setSettingsOpen(false);
    setDate(d);
    if (!keepFocus) document.getElementById('main')?.focus();
  };

  useEffect(() => {
    document.title = date ? `${date} · Dayreel` : 'Dayreel';
  }, [date]);

  const limits = days.data?.limits ?? DEFAULT_LIMITS;

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <header className="topbar">
        <a className="brand" href="/" onClick={(e) => {
          e.preventDefault();
          const d = days.data?.days[0]?.date;
          if (d) select(d);
        }}>
          <span className="brand-mark" aria-hidden="true">
            ▶
          </span>{' '}
          <span className="brand-name">Dayreel</span>
        </a>
        <div className="topbar-right">
          <LanguageSwitch />
          <SettingsLink current={settingsOpen} onOpen={() => setSettingsOpen(true)} />
          <span className="user-name" title={t.signedInAs(me.username)}>
            <span className="visually-hidden">{t.signedInAs(me.username)}</span>
            <span aria-hidden="true">{me.username}</span>
          </span>
          <button type="button" className="button secondary small" onClick={() => void onLogout()}>
            {t.logout}
          </button>
        </div>
      </header>
      {date && <DaySwitcher date={date} onSelect={(d) => select(d, true)} />}
      <div className="layout">
        <main id="main" className="content" tabIndex={-1}>
          {settingsOpen ? (
            <SettingsPage onBack={() => select(date ?? days.data?.days[0]?.date ?? today)} />
          ) : date ? (
            <DayView key={date} date={date} timeZone={me.timezone} limits={limits} />
          ) : (
            <p className="loading-line" role="status">
              {t.loading}
            </p>
          )}
        </main>
        {/* After the day in reading (and Tab) order; placed on the left on wide screens. */}
        <aside className="sidebar">
          {date && <Calendar days={days.data?.days ?? []} selected={date} today={today} onSelect={select} />}
          {days.error && !days.data && (
            <p className="notice error" role="alert">
              {errorSentence(days.error, t)}
            </p>
          )}
        </aside>
      </div>
      <footer className="footer">
        <a href="/graphql">{t.developerIde}</a>
      </footer>
    </div>
  );
}
