// The settings page (/settings): time zone, language, and the automatic daily vlog with the
// defaults it uses (music, length, resolution). One Save sends one updateMe.
import { useMutation, useQuery } from '@apollo/client/react';
import { type ReactNode, useEffect, useId, useMemo, useState } from 'react';
import { formatInstant, normalizeLocale } from '../domain/format.ts';
import { readError } from '../gqlErrors.ts';
import { type Locale, useI18n } from '../i18n.tsx';
import { useFamilyWords } from '../familyWords.ts';
import { SettingsQuery, UpdateSettingsMutation } from '../familyOperations.ts';
import type { Resolution, SettingsQuery as SettingsData } from '../gql/graphql.ts';
import { RESOLUTIONS } from '../domain/settings.ts';
import '../family.css';

export const SETTINGS_PATH = '/settings';
const LOCALES: Locale[] = ['zh-TW', 'en'];

interface Draft {
  timezone: string;
  locale: Locale;
  enabled: boolean;
  time: string;
  musicId: string;
  maxDuration: string;
  resolution: Resolution;
}

/** A field's id, its aria-invalid/aria-describedby when the server refused it, and the message. */
type FieldHelp = (name: string) => { id: string; props: Record<string, unknown>; error: ReactNode };

interface FieldsProps {
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  field: FieldHelp;
}

function timeZones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return all.includes(current) ? all : [current, ...all];
}

function draftOf(me: NonNullable<SettingsData['me']>, fallback: Locale): Draft {
  const a = me.autoVlog;
  return {
    timezone: me.timezone,
    locale: normalizeLocale(me.locale) ?? fallback,
    enabled: a.enabled,
    time: a.time,
    musicId: a.music?.id ?? '',
    maxDuration: String(a.maxDuration),
    resolution: a.resolution,
  };
}

export function SettingsPage({ onBack }: { onBack: () => void }) {
  const { t, locale, setLocale } = useI18n();
  const w = useFamilyWords();
  const id = useId();
  const settings = useQuery(SettingsQuery, { fetchPolicy: 'cache-and-network' });
  const [save, saving] = useMutation(UpdateSettingsMutation);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<{ fields: Record<string, string>; general: string[] } | null>(null);
  const [saved, setSaved] = useState(false);
  const me = settings.data?.me;

  useEffect(() => {
    if (me && !draft) setDraft(draftOf(me, locale));
  }, [me, draft, locale]);

  if (!draft || !settings.data || !me) {
    return (
      <p className="loading-line" role="status">
        {t.loading}
      </p>
    );
  }
  const { limits, music } = settings.data;
  const set = (patch: Partial<Draft>) => {
    setSaved(false);
    setDraft({ ...draft, ...patch });
  };
  // The server names the field; the words come from the page's language, not the server's English.
  const localized: Record<string, string> = {
    timezone: w.badTimezone,
    time: w.badTime,
    musicId: t.issue({ field: 'musicId', code: 'musicMissing' }),
    maxDuration: t.issue({ field: 'maxDuration', code: 'targetRange', min: limits.minDuration, max: limits.maxDuration }),
  };
  const field: FieldHelp = (name) => {
    const message = errors?.fields[name] ? (localized[name] ?? errors.fields[name]) : null;
    const errorId = `${id}-${name}-error`;
    return {
      id: `${id}-${name}`,
      props: message ? { 'aria-invalid': true, 'aria-describedby': errorId } : {},
      error: message ? (
        <p id={errorId} className="field-error">
          {message}
        </p>
      ) : null,
    };
  };
  const submit = async () => {
    setErrors(null);
    setSaved(false);
    try {
      const autoVlog = { enabled: draft.enabled, time: draft.time, musicId: draft.musicId || null, maxDuration: Number(draft.maxDuration), resolution: draft.resolution };
      await save({ variables: { input: { timezone: draft.timezone, locale: draft.locale, autoVlog } } });
      setLocale(draft.locale);
      setSaved(true);
    } catch (err) {
      const r = readError(err);
      setErrors({ fields: r.fields, general: r.network ? [t.networkError] : r.general.map((g) => t.unexpectedError(g)) });
    }
  };

  return (
    <div className="settings-page">
      <h1>{w.settingsHeading}</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <GeneralFields draft={draft} set={set} field={field} />
        <AutoVlogFields draft={draft} set={set} field={field} music={music} limits={limits} nextRunAt={draft.enabled ? me.autoVlog.nextRunAt : null} timeZone={me.timezone} />
        {errors?.general.map((g) => (
          <p key={g} className="notice error" role="alert">
            {g}
          </p>
        ))}
        <p className="status-line" role="status">
          {saved ? w.saved : ''}
        </p>
        <div className="button-row wrap">
          <button type="submit" className="button primary" disabled={saving.loading} data-testid="settings-save">
            {saving.loading ? w.saving : w.save}
          </button>
          <button type="button" className="button secondary" onClick={onBack}>
            {w.backToDays}
          </button>
        </div>
      </form>
    </div>
  );
}

function GeneralFields({ draft, set, field }: FieldsProps) {
  const { t } = useI18n();
  const w = useFamilyWords();
  const zones = useMemo(() => timeZones(draft.timezone), [draft.timezone]);
  const tz = field('timezone');
  const lang = field('locale');
  return (
    <fieldset>
      <legend>{w.general}</legend>
      <div className="field">
        <label className="field-label" htmlFor={tz.id}>
          {w.timezone}
        </label>
        <select id={tz.id} value={draft.timezone} onChange={(e) => set({ timezone: e.target.value })} {...tz.props}>
          {zones.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
        <span className="field-hint">{w.timezoneHint}</span>
        {tz.error}
      </div>
      <div className="field">
        <label className="field-label" htmlFor={lang.id}>
          {w.language}
        </label>
        <select id={lang.id} value={draft.locale} onChange={(e) => set({ locale: e.target.value as Locale })}>
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {t.languageNames[l]}
            </option>
          ))}
        </select>
      </div>
    </fieldset>
  );
}

function AutoVlogFields({
  draft,
  set,
  field,
  music,
  limits,
  nextRunAt,
  timeZone,
}: FieldsProps & { music: { id: string; name: string }[]; limits: { minDuration: number; maxDuration: number }; nextRunAt: string | null; timeZone: string }) {
  const { t, locale } = useI18n();
  const w = useFamilyWords();
  const [time, track, length, resolution] = [field('time'), field('musicId'), field('maxDuration'), field('resolution')];
  return (
    <fieldset>
      <legend>{w.autoHeading}</legend>
      <label className="check">
        <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} data-testid="auto-vlog-enabled" />
        {w.autoEnabled}
      </label>
      <p className="field-hint">{w.autoHint}</p>
      {nextRunAt && <p className="muted">{w.nextRun(formatInstant(nextRunAt, timeZone, locale))}</p>}
      <div className="field">
        <label className="field-label" htmlFor={time.id}>
          {w.autoTime}
        </label>
        <input id={time.id} type="time" required value={draft.time} onChange={(e) => set({ time: e.target.value })} {...time.props} />
        {time.error}
      </div>
      <div className="field">
        <label className="field-label" htmlFor={track.id}>
          {w.autoMusic}
        </label>
        <select id={track.id} value={draft.musicId} onChange={(e) => set({ musicId: e.target.value })} {...track.props}>
          <option value="">{w.noMusic}</option>
          {music.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
        {track.error}
      </div>
      <div className="field">
        <label className="field-label" htmlFor={length.id}>
          {w.autoLength}
        </label>
        <input
          id={length.id}
          type="number"
          required
          min={limits.minDuration}
          max={limits.maxDuration}
          step={1}
          value={draft.maxDuration}
          onChange={(e) => set({ maxDuration: e.target.value })}
          {...length.props}
        />
        {length.error}
      </div>
      <div className="field">
        <label className="field-label" htmlFor={resolution.id}>
          {w.autoResolution}
        </label>
        <select id={resolution.id} value={draft.resolution} onChange={(e) => set({ resolution: e.target.value as Resolution })}>
          {RESOLUTIONS.map((r) => (
            <option key={r} value={r}>
              {t.resolutionNames[r]}
            </option>
          ))}
        </select>
      </div>
    </fieldset>
  );
}

/** The header's way to the settings page (an address of its own, so reload and Back work). */
export function SettingsLink({ current, onOpen }: { current: boolean; onOpen: () => void }) {
  const w = useFamilyWords();
  return (
    <a
      className="button secondary small settings-link"
      href={SETTINGS_PATH}
      aria-current={current ? 'page' : undefined}
      onClick={(e) => {
        e.preventDefault();
        if (!current) window.history.pushState(null, '', SETTINGS_PATH);
        onOpen();
        document.getElementById('main')?.focus();
      }}
    >
      {/* On the narrowest phones the gear stands for the word (still read out). */}
      <span className="settings-icon" aria-hidden="true">
        ⚙
      </span>
      <span className="settings-label">{w.settings}</span>
    </a>
  );
}
