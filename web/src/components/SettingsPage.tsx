// The settings page (/settings): time zone, language, and the automatic daily vlog with the
// defaults it uses (music, length, resolution). One Save sends one updateMe.
import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useId, useMemo, useState } from 'react';
import { formatInstant, normalizeLocale } from '../domain/format.ts';
import { readError } from '../gqlErrors.ts';
import { type Locale, useI18n } from '../i18n.tsx';
import { useFamilyWords } from '../familyWords.ts';
import { SettingsQuery, UpdateSettingsMutation } from '../familyOperations.ts';
import type { Resolution } from '../gql/graphql.ts';
import '../family.css';

const RESOLUTIONS: Resolution[] = ['P480', 'P720', 'P1080'];
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

function timeZones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return all.includes(current) ? all : [current, ...all];
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
    if (!me || draft) return;
    const a = me.autoVlog;
    setDraft({
      timezone: me.timezone,
      locale: normalizeLocale(me.locale) ?? locale,
      enabled: a.enabled,
      time: a.time,
      musicId: a.music?.id ?? '',
      maxDuration: String(a.maxDuration),
      resolution: a.resolution,
    });
  }, [me, draft, locale]);

  const zones = useMemo(() => timeZones(draft?.timezone ?? 'UTC'), [draft?.timezone]);
  if (!draft || !settings.data) {
    return (
      <p className="loading-line" role="status">
        {t.loading}
      </p>
    );
  }
  const set = (patch: Partial<Draft>) => {
    setSaved(false);
    setDraft({ ...draft, ...patch });
  };
  // The server names the field; the words come from the page's language, not the server's English.
  const localized: Record<string, string> = {
    timezone: w.badTimezone,
    time: w.badTime,
    musicId: t.issue({ field: 'musicId', code: 'musicMissing' }),
    maxDuration: t.issue({ field: 'maxDuration', code: 'targetRange', min: settings.data.limits.minDuration, max: settings.data.limits.maxDuration }),
  };
  const fieldError = (field: string) =>
    errors?.fields[field] ? (
      <p id={`${id}-${field}-error`} className="field-error">
        {localized[field] ?? errors.fields[field]}
      </p>
    ) : null;
  const invalid = (field: string) => (errors?.fields[field] ? { 'aria-invalid': true, 'aria-describedby': `${id}-${field}-error` } : {});
  const limits = settings.data.limits;
  const next = me?.autoVlog.nextRunAt;

  return (
    <div className="settings-page">
      <h1>{w.settingsHeading}</h1>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setErrors(null);
          setSaved(false);
          try {
            await save({
              variables: {
                input: {
                  timezone: draft.timezone,
                  locale: draft.locale,
                  autoVlog: { enabled: draft.enabled, time: draft.time, musicId: draft.musicId || null, maxDuration: Number(draft.maxDuration), resolution: draft.resolution },
                },
              },
            });
            setLocale(draft.locale);
            setSaved(true);
          } catch (err) {
            const r = readError(err);
            setErrors({ fields: r.fields, general: r.network ? [t.networkError] : r.general.map((g) => t.unexpectedError(g)) });
          }
        }}
      >
        <fieldset>
          <legend>{w.general}</legend>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-timezone`}>
              {w.timezone}
            </label>
            <select id={`${id}-timezone`} value={draft.timezone} onChange={(e) => set({ timezone: e.target.value })} {...invalid('timezone')}>
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
            <span className="field-hint">{w.timezoneHint}</span>
            {fieldError('timezone')}
          </div>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-locale`}>
              {w.language}
            </label>
            <select id={`${id}-locale`} value={draft.locale} onChange={(e) => set({ locale: e.target.value as Locale })}>
              {LOCALES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {t.languageNames[l]}
                </option>
              ))}
            </select>
          </div>
        </fieldset>

        <fieldset>
          <legend>{w.autoHeading}</legend>
          <label className="check">
            <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} data-testid="auto-vlog-enabled" />
            {w.autoEnabled}
          </label>
          <p className="field-hint">{w.autoHint}</p>
          {draft.enabled && next && <p className="muted">{w.nextRun(formatInstant(next, me!.timezone, locale))}</p>}
          <div className="field">
            <label className="field-label" htmlFor={`${id}-time`}>
              {w.autoTime}
            </label>
            <input id={`${id}-time`} type="time" required value={draft.time} onChange={(e) => set({ time: e.target.value })} {...invalid('time')} />
            {fieldError('time')}
          </div>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-music`}>
              {w.autoMusic}
            </label>
            <select id={`${id}-music`} value={draft.musicId} onChange={(e) => set({ musicId: e.target.value })} {...invalid('musicId')}>
              <option value="">{w.noMusic}</option>
              {settings.data.music.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
            {fieldError('musicId')}
          </div>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-length`}>
              {w.autoLength}
            </label>
            <input
              id={`${id}-length`}
              type="number"
              required
              min={limits.minDuration}
              max={limits.maxDuration}
              step={1}
              value={draft.maxDuration}
              onChange={(e) => set({ maxDuration: e.target.value })}
              {...invalid('maxDuration')}
            />
            {fieldError('maxDuration')}
          </div>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-resolution`}>
              {w.autoResolution}
            </label>
            <select id={`${id}-resolution`} value={draft.resolution} onChange={(e) => set({ resolution: e.target.value as Resolution })}>
              {RESOLUTIONS.map((r) => (
                <option key={r} value={r}>
                  {t.resolutionNames[r]}
                </option>
              ))}
            </select>
          </div>
        </fieldset>

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
