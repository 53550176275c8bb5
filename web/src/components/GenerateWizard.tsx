// The Generate vlog dialog: event selection (step 1) → settings (step 2) → createVlog. Its step,
// settings, trims and idempotency key live in sessionStorage (draftStore), so an expired
// session, a reload or a sign-in in between resumes exactly here.
import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useId, useRef, useState } from 'react';
import { clipsInput, eventSpan } from '../domain/clip.ts';
import { type ClipTrim, loadDraft, saveDraft } from '../domain/draftStore.ts';
import { orderedSelection, type SelectionLimits } from '../domain/selection.ts';
import { type SettingsLimits, type SettingsDraft, type SettingsState, initialSettingsState, toCreateInput, withLocale } from '../domain/settings.ts';
import type { VlogCardFragment } from '../gql/graphql.ts';
import { errorSentence, localizedFields } from '../errorText.ts';
import { hasCode } from '../gqlErrors.ts';
import { useI18n } from '../i18n.tsx';
import { CreateVlogMutation, DayQuery, DaysQuery, MusicQuery, RecommendQuery } from '../operations.ts';
import { EventSelectionStep, type EventItem, type RecommendationMap } from './EventSelectionStep.tsx';
import { Modal } from './Modal.tsx';
import { type ServerErrors, SettingsStep } from './SettingsStep.tsx';

export interface GenerateWizardProps {
  date: string;
  timeZone: string;
  events: readonly EventItem[];
  eventsLoading?: boolean;
  limits: SelectionLimits & SettingsLimits;
  selected: ReadonlySet<string>;
  onSelectedChange: (s: Set<string>) => void;
  recommendations: RecommendationMap | null;
  onRecommendations: (r: RecommendationMap | null) => void;
  onClose: () => void;
  onCreated: (vlog: VlogCardFragment) => void;
  fallbackFocus?: () => HTMLElement | null;
  /** Settings to start from (a new version of a finished vlog) instead of the defaults. */
  initialSettings?: SettingsState;
}

const NO_ERRORS: ServerErrors = { fields: {}, general: [] };

function newKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** Each step starts at its heading so that screen readers hear where they are. */
function useFocusHeading(titleId: string, step: 1 | 2) {
  useEffect(() => {
    const h = document.getElementById(titleId);
    if (h) {
      h.setAttribute('tabindex', '-1');
      h.focus();
    }
  }, [step, titleId]);
}

/** The AI's picks for the dialog's Recommend button, read fresh each time. */
function useRecommend(date: string) {
  const { t } = useI18n();
  const client = useApolloClient();
  return async (limit: number, query: string | null) => {
    const result = await client.query({ query: RecommendQuery, variables: { date, limit, query }, fetchPolicy: 'network-only' });
    if (result.error) throw new Error(errorSentence(result.error, t));
    return (result.data?.recommendEvents ?? []).map((r) => ({ eventId: r.event.id, reasons: r.reasons, score: r.score, basis: r.basis }));
  };
}

/** createVlog with the selection in the day's order and the trims; its errors land on the fields they name. */
function useCreateVlog(props: {
  date: string;
  events: readonly EventItem[];
  selected: ReadonlySet<string>;
  clips: Record<string, ClipTrim>;
  idempotencyKey: string;
  onCreated: (vlog: VlogCardFragment) => void;
  setServerErrors: (errors: ServerErrors) => void;
}) {
  const { date, events, selected, clips, idempotencyKey, onCreated, setServerErrors } = props;
  const { t } = useI18n();
  const [createVlog, created] = useMutation(CreateVlogMutation);
  const submit = async (draft: SettingsDraft) => {
    setServerErrors(NO_ERRORS);
    const ids = orderedSelection(
      events.map((e) => e.id),
      new Set(selected),
    );
    const lengths = new Map(
      events.flatMap((e) => {
        const span = eventSpan(e);
        return span ? [[e.id, span.length] as const] : [];
      }),
    );
    const trims = clipsInput(clips, ids, lengths);
    try {
      const result = await createVlog({
        variables: { input: { ...toCreateInput(date, ids, draft, idempotencyKey), ...(trims.length ? { clips: trims } : {}) } },
        refetchQueries: [{ query: DayQuery, variables: { date } }, { query: DaysQuery }],
        awaitRefetchQueries: true,
      });
      if (result.data?.createVlog) onCreated(result.data.createVlog);
    } catch (e) {
      // Signed out: the app shows the sign-in screen; this dialog's work is in sessionStorage.
      if (hasCode(e, 'UNAUTHENTICATED')) return;
      const fields = localizedFields(e, t);
      setServerErrors({ fields, general: Object.keys(fields).length ? [] : [errorSentence(e, t)] });
    }
  };
  return { submit, submitting: created.loading };
}

export function GenerateWizard(props: GenerateWizardProps) {
  const { date, timeZone, events, eventsLoading, limits, selected, onSelectedChange, onClose, onCreated, fallbackFocus, initialSettings } = props;
  const { t, locale } = useI18n();
  const titleId = useId();
  const [stored] = useState(() => loadDraft(date));
  const [step, setStep] = useState<1 | 2>(stored.step);
  const music = useQuery(MusicQuery, { fetchPolicy: 'cache-and-network' });
  const tracks = music.data?.music ?? [];
  const [settings, setSettings] = useState<SettingsState | null>(stored.settings);
  const [clips, setClips] = useState<Record<string, ClipTrim>>(stored.clips);
  const [serverErrors, setServerErrors] = useState<ServerErrors>(NO_ERRORS);
  const idempotencyKey = useRef(stored.idempotencyKey ?? newKey());
  const { submit, submitting } = useCreateVlog({ date, events, selected, clips, idempotencyKey: idempotencyKey.current, onCreated, setServerErrors });
  const recommend = useRecommend(date);

  useEffect(() => {
    saveDraft(date, { step, settings, clips, idempotencyKey: idempotencyKey.current });
  }, [date, step, settings, clips]);

  // The first track is the default music, once the library has loaded.
  useEffect(() => {
    if (settings || music.loading) return;
    setSettings(initialSettings ?? initialSettingsState(date, locale, tracks[0] ?? null, limits));
  }, [settings, music.loading, tracks, date, locale, limits, initialSettings]);

  useEffect(() => {
    setSettings((s) => (s ? withLocale(s, date, locale) : s));
  }, [date, locale]);
  useFocusHeading(titleId, step);

  const selectionError = serverErrors.fields['eventIds'] ?? serverErrors.fields['date'] ?? null;

  return (
    <Modal labelledBy={titleId} onClose={onClose} className="wizard" fallbackFocus={fallbackFocus}>
      <div className="modal-titlebar">
        <span className="modal-kicker">{t.wizardTitle}</span>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t.close}>
          <span aria-hidden="true">✕</span>
        </button>
      </div>
      {step === 1 ? (
        <EventSelectionStep
          titleId={titleId}
          events={events}
          loading={eventsLoading}
          timeZone={timeZone}
          limits={limits}
          selected={selected}
          onSelectedChange={(s) => {
            onSelectedChange(s);
            if (selectionError) {
              const { eventIds: _e, date: _d, ...rest } = serverErrors.fields;
              setServerErrors({ ...serverErrors, fields: rest });
            }
          }}
          recommendations={props.recommendations}
          onRecommendations={props.onRecommendations}
          recommend={recommend}
          onNext={() => setStep(2)}
          onCancel={onClose}
          serverError={selectionError || null}
          clips={clips}
          onClipsChange={setClips}
        />
      ) : settings ? (
        <SettingsStep
          titleId={titleId}
          tracks={tracks}
          musicLoading={music.loading && tracks.length === 0}
          musicError={music.error ? errorSentence(music.error, t) : null}
          limits={limits}
          state={settings}
          onStateChange={setSettings}
          onBack={() => setStep(1)}
          onSubmit={submit}
          submitting={submitting}
          serverErrors={serverErrors}
          onServerErrorsChange={setServerErrors}
        />
      ) : (
        <div className="wizard-step">
          <h2 id={titleId}>{t.settings}</h2>
          <p className="loading-line" role="status">
            {t.musicLoading}
          </p>
        </div>
      )}
    </Modal>
  );
}
