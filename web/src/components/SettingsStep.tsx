// Step 2 of Generate vlog: title, music and the part of it, fade and volume, resolution,
// shape, length and transition; then 送出生成 / Generate. Client-side checks mirror the
// server's; the server's own field errors (extensions.field) appear next to the same fields.
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { formatClock } from '../domain/format.ts';
import { clampWindow } from '../domain/musicWindow.ts';
import {
  ASPECTS,
  CAPTIONS,
  type SettingsLimits,
  FITS,
  RESOLUTIONS,
  type SettingsDraft,
  type SettingsField,
  type SettingsIssue,
  type SettingsState,
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
  limits: SettingsLimits;
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

/** What every part of the form shares: ids, the draft, its errors and how to change it. */
interface SettingsForm {
  prefix: string;
  draft: SettingsDraft;
  attempted: boolean;
  issues: ReturnType<typeof validateSettings>;
  errorFor: (field: SettingsField) => string | null;
  errId: (field: string) => string;
  fieldError: (field: SettingsField) => ReactNode;
  describe: (field: SettingsField, ...more: string[]) => string | undefined;
  clearServer: (...fields: string[]) => void;
  setDraft: (patch: Partial<SettingsDraft>, touched?: Partial<Pick<SettingsState, 'titleTouched' | 'lengthTouched'>>) => void;
  submit: (e: FormEvent) => Promise<void>;
}

function useSettingsForm(props: SettingsStepProps): SettingsForm {
  const { tracks, limits, state, onStateChange, onSubmit, serverErrors, onServerErrorsChange } = props;
  const { t } = useI18n();
  const prefix = `s${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const [attempted, setAttempted] = useState(false);
  const { draft } = state;

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

  return { prefix, draft, attempted, issues, errorFor, errId, fieldError, describe, clearServer, setDraft, submit };
}

export function SettingsStep(props: SettingsStepProps) {
  const { titleId, limits, onBack, submitting, serverErrors } = props;
  const { t } = useI18n();
  const form = useSettingsForm(props);
  const { draft, setDraft } = form;

  return (
    <form className="wizard-step" onSubmit={form.submit} noValidate>
      <header className="wizard-header">
        <p className="eyebrow">{t.stepOf(2, 2)}</p>
        <h2 id={titleId}>{t.settings}</h2>
      </header>

      <div className="wizard-body settings">
        <TitleField form={form} maxLength={limits.maxTitleLength} />
        <MusicFieldset form={form} {...props} />

        <fieldset className="group">
          <legend>{t.video}</legend>
          <SegmentedField form={form} field="resolution" label={t.resolution} options={RESOLUTIONS} optionLabel={(r) => t.resolutionNames[r]} />
          <SegmentedField
            form={form}
            field="aspect"
            label={t.aspect}
            options={ASPECTS}
            optionLabel={(a) => (
              <>
                <span className={`aspect-icon ${a.toLowerCase()}`} aria-hidden="true" />
                {t.aspectNames[a]}
              </>
            )}
          />
          <SegmentedField form={form} field="transition" label={t.transition} options={TRANSITIONS} optionLabel={(tr) => t.transitionNames[tr]} />
          <SegmentedField form={form} field="fit" label={t.fit} options={FITS} optionLabel={(f) => t.fitNames[f]} />
          <label className="switch">
            <input type="checkbox" checked={draft.titleCard} onChange={(e) => setDraft({ titleCard: e.target.checked })} />
            <span>{t.titleCard}</span>
          </label>
          <SegmentedField form={form} field="captions" label={t.captions} options={CAPTIONS} optionLabel={(c) => t.captionNames[c]} />
          {draft.captions === 'BURNED' && !limits.burnedCaptions && (
            <p className="field-hint" role="note">
              {t.burnedUnavailable}
            </p>
          )}
          <LengthField form={form} limits={limits} />
        </fieldset>
      </div>

      <SettingsFooter form={form} serverErrors={serverErrors} onBack={onBack} submitting={submitting} />
    </form>
  );
}

function TitleField({ form, maxLength }: { form: SettingsForm; maxLength: number }) {
  const { t } = useI18n();
  const { prefix, draft, setDraft, errorFor, describe, fieldError } = form;
  const titleLength = draft.title.trim().length;
  return (
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
      <span id={`${prefix}-title-hint`} className={`field-hint${titleLength > maxLength ? ' over' : ''}`}>
        {t.titleHint(titleLength, maxLength)}
      </span>
      {fieldError('title')}
    </div>
  );
}

type MusicFieldsetProps = { form: SettingsForm } & Pick<SettingsStepProps, 'tracks' | 'musicLoading' | 'musicError' | 'limits' | 'state' | 'onStateChange'>;

function MusicFieldset({ form, tracks, musicLoading, musicError, limits, state, onStateChange }: MusicFieldsetProps) {
  const { t } = useI18n();
  const { prefix, draft, clearServer, describe, fieldError } = form;
  const track = draft.musicId ? tracks.find((m) => m.id === draft.musicId) ?? null : null;
  const choose = (m: MusicTrack | null) => {
    clearServer('musicId', 'musicStart', 'musicEnd');
    onStateChange(withTrack(state, m, limits));
  };
  return (
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
          <input id={`${prefix}-musicId`} type="radio" name={`${prefix}-music`} checked={draft.musicId === null} onChange={() => choose(null)} />
          <span className="choice-text">
            <strong>{t.noMusic}</strong>
            <span className="muted">{t.noMusicHint}</span>
          </span>
        </label>
        {tracks.map((m) => (
          <label key={m.id} className="choice">
            <input type="radio" name={`${prefix}-music`} checked={draft.musicId === m.id} onChange={() => choose(m)} />
            <span className="choice-text">
              <strong>{m.name}</strong>
              <span className="muted">{[m.composer ? t.byComposer(m.composer) : null, formatClock(m.duration)].filter(Boolean).join(' · ')}</span>
            </span>
          </label>
        ))}
      </div>
      {fieldError('musicId')}

      {track && <MusicSettings form={form} track={track} limits={limits} state={state} onStateChange={onStateChange} />}
    </fieldset>
  );
}

type MusicSettingsProps = { form: SettingsForm; track: MusicTrack } & Pick<SettingsStepProps, 'limits' | 'state' | 'onStateChange'>;

/** The chosen track's window, fade, beat sync and volume. */
function MusicSettings({ form, track, limits, state, onStateChange }: MusicSettingsProps) {
  const { t } = useI18n();
  const { prefix, draft, setDraft, clearServer, errorFor, errId, describe, fieldError } = form;
  const windowError = errorFor('musicStart') ?? errorFor('musicEnd');
  return (
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
  );
}

type SegmentedKey = 'resolution' | 'aspect' | 'transition' | 'fit' | 'captions';

/** One radio group of segments (resolution, shape, transition, fit, captions). */
function SegmentedField<K extends SegmentedKey>(props: {
  form: SettingsForm;
  field: K;
  label: string;
  options: readonly SettingsDraft[K][];
  optionLabel: (option: SettingsDraft[K]) => ReactNode;
}) {
  const { form, field, label, options, optionLabel } = props;
  const { prefix, draft, setDraft, describe, fieldError } = form;
  const name = `${prefix}-${field}`;
  return (
    <div className="radio-group" role="radiogroup" aria-labelledby={`${prefix}-${field === 'resolution' ? 'res' : field}-label`} aria-describedby={describe(field)}>
      <span id={`${prefix}-${field === 'resolution' ? 'res' : field}-label`} className="field-label">
        {label}
      </span>
      <div className="segmented">
        {options.map((option, i) => (
          <label key={option} className="segment">
            <input
              id={i === 0 ? name : undefined}
              type="radio"
              name={name}
              value={option}
              checked={draft[field] === option}
              onChange={() => setDraft({ [field]: option } as Partial<SettingsDraft>)}
            />
            <span>{optionLabel(option)}</span>
          </label>
        ))}
      </div>
      {fieldError(field)}
    </div>
  );
}

function LengthField({ form, limits }: { form: SettingsForm; limits: SettingsLimits }) {
  const { t } = useI18n();
  const { prefix, draft, setDraft, errorFor, describe, fieldError } = form;
  return (
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
  );
}

type SettingsFooterProps = { form: SettingsForm } & Pick<SettingsStepProps, 'serverErrors' | 'onBack' | 'submitting'>;

/** Problems that belong to no field here (the selection, the server), and Back / Generate. */
function SettingsFooter({ form, serverErrors, onBack, submitting }: SettingsFooterProps) {
  const { t } = useI18n();
  const serverOther = [
    ...(serverErrors?.general ?? []),
    ...Object.entries(serverErrors?.fields ?? {})
      .filter(([f]) => !FIELD_ORDER.includes(f) && f !== 'musicFade')
      .map(([, m]) => m),
  ];
  const selectionProblem = serverErrors?.fields['eventIds'] ?? serverErrors?.fields['date'] ?? null;
  return (
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
        {form.attempted && form.issues.length > 0 && <p className="block-reason">{t.fixErrors}</p>}
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
  );
}
