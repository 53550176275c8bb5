// Step 2 of Generate vlog: title, music and the part of it, fade and volume, resolution,
// shape, length and transition; then 送出生成 / Generate. Client-side checks mirror the
// server's; the server's own field errors (extensions.field) appear next to the same fields.
import { type FormEvent, useId, useState } from 'react';
import { formatClock } from '../domain/format.ts';
import { clampWindow } from '../domain/musicWindow.ts';
import {
  ASPECTS,
  CAPTIONS,
  type DurationLimits,
  FITS,
  RESOLUTIONS,
  type SettingsDraft,
  type SettingsField,
  type SettingsIssue,
  type SettingsState,
  TITLE_MAX,
  TRANSITIONS,
  validateSettings,
  withTrack,
  withWindow,
} from '../domain/settings.ts';
import { useI18n } from '../i18n.tsx';
import { MusicWindowEditor, type TrackInfo } from './MusicWindowEditor.tsx';

export interface MusicTrack extends TrackInfo {
  composer?: string | null;
}

export interface ServerErrors {
  fields: Record<string, string>;
  general: string[];
}

export interface SettingsStepProps {
  titleId: string;
  tracks: readonly MusicTrack[];
  musicLoading?: boolean;
  musicError?: string | null;
  limits: DurationLimits;
  state: SettingsState;
  onStateChange: (s: SettingsState) => void;
  onBack: () => void;
  onSubmit: (draft: SettingsDraft) => Promise<void> | void;
  submitting?: boolean;
  serverErrors?: ServerErrors;
  onServerErrorsChange?: (e: ServerErrors) => void;
}

/** The element that shows each field (for focusing the first problem). */
function fieldElementId(prefix: string, field: string): string {
  switch (field) {
    case 'musicStart':
      return `${prefix}-wave-start`;
    case 'musicEnd':
      return `${prefix}-wave-end`;
    default:
      return `${prefix}-${field}`;
  }
}

const FIELD_ORDER: readonly string[] = ['title', 'musicId', 'musicStart', 'musicEnd', 'musicVolume', 'resolution', 'aspect', 'maxDuration', 'transition', 'fit', 'captions'];

export function SettingsStep(props: SettingsStepProps) {
  const { titleId, tracks, musicLoading, musicError, limits, state, onStateChange, onBack, onSubmit, submitting, serverErrors, onServerErrorsChange } = props;
  const { t } = useI18n();
  const prefix = `s${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const [attempted, setAttempted] = useState(false);
  const { draft } = state;
  const track = draft.musicId ? tracks.find((m) => m.id === draft.musicId) ?? null : null;

  const issues = attempted ? validateSettings(draft, tracks, limits) : [];
  const clientMessage = (field: SettingsField): string | null => {
    const issue = issues.find((i) => i.field === field);
    return issue ? t.issue(issue as SettingsIssue) : null;
  };
  const errorFor = (field: SettingsField): string | null => serverErrors?.fields[field] ?? clientMessage(field);
  const errId = (field: string) => `${prefix}-${field}-error`;

  const clearServer = (...fields: string[]) => {
    if (!serverErrors || !onServerErrorsChange) return;
    if (!fields.some((f) => f in serverErrors.fields)) return;
    const next = { ...serverErrors.fields };
    for (const f of fields) delete next[f];
    onServerErrorsChange({ fields: next, general: serverErrors.general });
  };
  const setDraft = (patch: Partial<SettingsDraft>, touched?: Partial<Pick<SettingsState, 'titleTouched' | 'lengthTouched'>>) => {
    clearServer(...Object.keys(patch));
    onStateChange({ ...state, ...touched, draft: { ...draft, ...patch } });
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setAttempted(true);
    const found = validateSettings(draft, tracks, limits);
    if (found.length > 0) {
      const first = FIELD_ORDER.find((f) => found.some((i) => i.field === f));
      if (first) document.getElementById(fieldElementId(prefix, first))?.focus();
      return;
    }
    await onSubmit(draft);
  };

  const fieldError = (field: SettingsField) => {
    const message = errorFor(field);
    return message ? (
      <p id={errId(field)} className="field-error" role="alert" data-field={field}>
        {message}
      </p>
    ) : null;
  };
  const describe = (field: SettingsField, ...more: string[]) =>
    [...more, errorFor(field) ? errId(field) : null].filter(Boolean).join(' ') || undefined;

  const titleLength = draft.title.trim().length;
  const windowError = errorFor('musicStart') ?? errorFor('musicEnd');
  const serverOther = [
    ...(serverErrors?.general ?? []),
    ...Object.entries(serverErrors?.fields ?? {})
      .filter(([f]) => !FIELD_ORDER.includes(f) && f !== 'musicFade')
      .map(([, m]) => m),
  ];
  const selectionProblem = serverErrors?.fields['eventIds'] ?? serverErrors?.fields['date'] ?? null;

  return (
    <form className="wizard-step" onSubmit={submit} noValidate>
      <header className="wizard-header">
        <p className="eyebrow">{t.stepOf(2, 2)}</p>
        <h2 id={titleId}>{t.settings}</h2>
      </header>

      <div className="wizard-body settings">
        <div className="field">
          <label className="field-label" htmlFor={`${prefix}-title`}>
            {t.title}
          </label>
          <input
            id={`${prefix}-title`}
            type="text"
            value={draft.title}
            onChange={(e) => setDraft({ title: e.target.value }, { titleTouched: true })}
            aria-invalid={!!errorFor('title') || undefined}
            aria-describedby={describe('title', `${prefix}-title-hint`)}
            autoComplete="off"
          />
          <span id={`${prefix}-title-hint`} className={`field-hint${titleLength > TITLE_MAX ? ' over' : ''}`}>
            {t.titleHint(titleLength, TITLE_MAX)}
          </span>
          {fieldError('title')}
        </div>

        <fieldset className="group">
          <legend>{t.music}</legend>
          {musicLoading && (
            <p className="loading-line" role="status">
              {t.musicLoading}
            </p>
          )}
          {musicError && (
            <p className="field-error" role="alert">
              {musicError}
            </p>
          )}
          {!musicLoading && !musicError && tracks.length === 0 && <p className="muted">{t.musicEmpty}</p>}
          <div className="choice-list music-list" aria-describedby={describe('musicId')}>
            <label className="choice">
              <input
                id={`${prefix}-musicId`}
                type="radio"
                name={`${prefix}-music`}
                checked={draft.musicId === null}
                onChange={() => {
                  clearServer('musicId', 'musicStart', 'musicEnd');
                  onStateChange(withTrack(state, null, limits));
                }}
              />
              <span className="choice-text">
                <strong>{t.noMusic}</strong>
                <span className="muted">{t.noMusicHint}</span>
              </span>
            </label>
            {tracks.map((m) => (
              <label key={m.id} className="choice">
                <input
                  type="radio"
                  name={`${prefix}-music`}
                  checked={draft.musicId === m.id}
                  onChange={() => {
                    clearServer('musicId', 'musicStart', 'musicEnd');
                    onStateChange(withTrack(state, m, limits));
                  }}
                />
                <span className="choice-text">
                  <strong>{m.name}</strong>
                  <span className="muted">
                    {[m.composer ? t.byComposer(m.composer) : null, formatClock(m.duration)].filter(Boolean).join(' · ')}
                  </span>
                </span>
              </label>
            ))}
          </div>
          {fieldError('musicId')}

          {track && (
            <div className="music-settings">
              <h3 className="subheading">{t.musicWindow}</h3>
              <MusicWindowEditor
                key={track.id}
                track={track}
                value={{ start: draft.musicStart, end: draft.musicEnd }}
                minWindow={limits.minMusicWindow}
                volume={draft.musicVolume}
                onChange={(w) => {
                  clearServer('musicStart', 'musicEnd');
                  onStateChange(withWindow(state, clampWindow(w, track.duration, limits.minMusicWindow), limits));
                }}
                invalid={!!windowError}
                errorId={windowError ? errId(errorFor('musicStart') ? 'musicStart' : 'musicEnd') : undefined}
                idPrefix={`${prefix}-wave`}
              />
              {fieldError('musicStart')}
              {fieldError('musicEnd')}

              <div className="inline-fields">
                <label className="switch">
                  <input type="checkbox" checked={draft.musicFade} onChange={(e) => setDraft({ musicFade: e.target.checked })} />
                  <span>{t.fade}</span>
                </label>
                <label className="switch">
                  <input type="checkbox" checked={draft.beatSync} onChange={(e) => setDraft({ beatSync: e.target.checked })} />
                  <span>{t.beatSync}</span>
                </label>
                <div className="field volume">
                  <label className="field-label" htmlFor={`${prefix}-musicVolume`}>
                    {t.volume}
                  </label>
                  <div className="range-row">
                    <input
                      id={`${prefix}-musicVolume`}
                      type="range"
                      min={0}
                      max={1}
                      step={0.05}
                      value={draft.musicVolume}
                      onChange={(e) => setDraft({ musicVolume: Number(e.target.value) })}
                      aria-valuetext={`${Math.round(draft.musicVolume * 100)}%`}
                      aria-invalid={!!errorFor('musicVolume') || undefined}
                      aria-describedby={describe('musicVolume')}
                    />
                    <output htmlFor={`${prefix}-musicVolume`}>{Math.round(draft.musicVolume * 100)}%</output>
                  </div>
                  {fieldError('musicVolume')}
                </div>
              </div>
            </div>
          )}
        </fieldset>

        <fieldset className="group">
          <legend>{t.video}</legend>
          <div className="radio-group" role="radiogroup" aria-labelledby={`${prefix}-res-label`} aria-describedby={describe('resolution')}>
            <span id={`${prefix}-res-label`} className="field-label">
              {t.resolution}
            </span>
            <div className="segmented">
              {RESOLUTIONS.map((r, i) => (
                <label key={r} className="segment">
                  <input
                    id={i === 0 ? `${prefix}-resolution` : undefined}
                    type="radio"
                    name={`${prefix}-resolution`}
                    value={r}
                    checked={draft.resolution === r}
                    onChange={() => setDraft({ resolution: r })}
                  />
                  <span>{t.resolutionNames[r]}</span>
                </label>
              ))}
            </div>
            {fieldError('resolution')}
          </div>
          <div className="radio-group" role="radiogroup" aria-labelledby={`${prefix}-aspect-label`} aria-describedby={describe('aspect')}>
            <span id={`${prefix}-aspect-label`} className="field-label">
              {t.aspect}
            </span>
            <div className="segmented">
              {ASPECTS.map((a, i) => (
                <label key={a} className="segment">
                  <input
                    id={i === 0 ? `${prefix}-aspect` : undefined}
                    type="radio"
                    name={`${prefix}-aspect`}
                    value={a}
                    checked={draft.aspect === a}
                    onChange={() => setDraft({ aspect: a })}
                  />
                  <span>
                    <span className={`aspect-icon ${a.toLowerCase()}`} aria-hidden="true" />
                    {t.aspectNames[a]}
                  </span>
                </label>
              ))}
            </div>
            {fieldError('aspect')}
          </div>
          <div className="radio-group" role="radiogroup" aria-labelledby={`${prefix}-transition-label`} aria-describedby={describe('transition')}>
            <span id={`${prefix}-transition-label`} className="field-label">
              {t.transition}
            </span>
            <div className="segmented">
              {TRANSITIONS.map((tr, i) => (
                <label key={tr} className="segment">
                  <input
                    id={i === 0 ? `${prefix}-transition` : undefined}
                    type="radio"
                    name={`${prefix}-transition`}
                    value={tr}
                    checked={draft.transition === tr}
                    onChange={() => setDraft({ transition: tr })}
                  />
                  <span>{t.transitionNames[tr]}</span>
                </label>
              ))}
            </div>
            {fieldError('transition')}
          </div>
          <div className="radio-group" role="radiogroup" aria-labelledby={`${prefix}-fit-label`} aria-describedby={describe('fit')}>
            <span id={`${prefix}-fit-label`} className="field-label">
              {t.fit}
            </span>
            <div className="segmented">
              {FITS.map((f, i) => (
                <label key={f} className="segment">
                  <input
                    id={i === 0 ? `${prefix}-fit` : undefined}
                    type="radio"
                    name={`${prefix}-fit`}
                    value={f}
                    checked={draft.fit === f}
                    onChange={() => setDraft({ fit: f })}
                  />
                  <span>{t.fitNames[f]}</span>
                </label>
              ))}
            </div>
            {fieldError('fit')}
          </div>
          <label className="switch">
            <input type="checkbox" checked={draft.titleCard} onChange={(e) => setDraft({ titleCard: e.target.checked })} />
            <span>{t.titleCard}</span>
          </label>
          <div className="radio-group" role="radiogroup" aria-labelledby={`${prefix}-captions-label`} aria-describedby={describe('captions')}>
            <span id={`${prefix}-captions-label`} className="field-label">
              {t.captions}
            </span>
            <div className="segmented">
              {CAPTIONS.map((c, i) => (
                <label key={c} className="segment">
                  <input
                    id={i === 0 ? `${prefix}-captions` : undefined}
                    type="radio"
                    name={`${prefix}-captions`}
                    value={c}
                    checked={draft.captions === c}
                    onChange={() => setDraft({ captions: c })}
                  />
                  <span>{t.captionNames[c]}</span>
                </label>
              ))}
            </div>
            {fieldError('captions')}
          </div>
          <div className="field">
            <label className="field-label" htmlFor={`${prefix}-maxDuration`}>
              {t.targetLength}
            </label>
            <div className="range-row">
              <input
                type="range"
                min={limits.minDuration}
                max={limits.maxDuration}
                step={1}
                value={Number.isFinite(draft.maxDuration) ? draft.maxDuration : limits.minDuration}
                onChange={(e) => setDraft({ maxDuration: Number(e.target.value) }, { lengthTouched: true })}
                aria-label={t.targetLength}
                aria-valuetext={`${draft.maxDuration} ${t.seconds}`}
              />
              <span className="number-with-unit">
                <input
                  id={`${prefix}-maxDuration`}
                  type="number"
                  inputMode="numeric"
                  min={limits.minDuration}
                  max={limits.maxDuration}
                  step={1}
                  value={Number.isFinite(draft.maxDuration) ? draft.maxDuration : ''}
                  onChange={(e) => setDraft({ maxDuration: e.target.value === '' ? Number.NaN : Number(e.target.value) }, { lengthTouched: true })}
                  aria-invalid={!!errorFor('maxDuration') || undefined}
                  aria-describedby={describe('maxDuration', `${prefix}-maxDuration-hint`)}
                />
                <span aria-hidden="true">{t.seconds}</span>
              </span>
            </div>
            <span id={`${prefix}-maxDuration-hint`} className="field-hint">
              {t.targetLengthHint(limits.minDuration, limits.maxDuration)}
            </span>
            {fieldError('maxDuration')}
          </div>
        </fieldset>
      </div>

      <footer className="wizard-footer">
        <div className="footer-messages">
          {selectionProblem && (
            <div className="field-error" role="alert" data-field="eventIds">
              <p>{selectionProblem}</p>
              <button type="button" className="button link" onClick={onBack}>
                {t.selectionErrorBack}
              </button>
            </div>
          )}
          {serverOther.filter((m) => m !== selectionProblem).map((m) => (
            <p key={m} className="field-error" role="alert">
              {m}
            </p>
          ))}
          {attempted && issues.length > 0 && <p className="block-reason">{t.fixErrors}</p>}
          {submitting && (
            <p className="status-line" role="status">
              {t.submitting}
            </p>
          )}
        </div>
        <div className="button-row">
          <button type="button" className="button secondary" onClick={onBack} disabled={submitting}>
            {t.back}
          </button>
          <button type="submit" className="button primary" disabled={submitting}>
            {submitting ? t.submitting : t.submit}
          </button>
        </div>
      </footer>
    </form>
  );
}
