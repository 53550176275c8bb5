// Live progress of a pending/processing vlog, pushed by the vlogProgress subscription (the
// current state first, then every change). Works after a reload and in a second tab because
// it simply subscribes again; the percent never goes backwards. Offline (or while the socket
// reconnects) it says "reconnecting…" instead of a frozen estimate, and catches up on reconnect.
// A finished render shows 100 % for a moment before the player takes the panel's place.
import { useApolloClient, useMutation, useSubscription } from '@apollo/client/react';
import { useEffect, useId, useRef, useState } from 'react';
import { useConnection } from '../connection.ts';
import { type Phase, type ProgressLike, isTerminal, monotonicPercent, progressSentence } from '../domain/progress.ts';
import { errorSentence } from '../errorText.ts';
import type { VlogCardFragment } from '../gql/graphql.ts';
import { hasCode } from '../gqlErrors.ts';
import { useI18n } from '../i18n.tsx';
import { CancelVlogMutation, DayQuery, DaysQuery, VlogProgressSubscription } from '../operations.ts';
import { ConfirmAction } from './ConfirmAction.tsx';

export interface ProgressPanelProps {
  vlog: VlogCardFragment;
  onTerminal: (p: ProgressLike) => void;
  /** The vlog is gone (deleted elsewhere): a sentence for the page. */
  onGone?: (sentence: string) => void;
}

/** How long 100 % stays on screen before the player replaces the panel. */
export const DONE_HOLD_MS = 1200;

function initialProgress(vlog: VlogCardFragment): ProgressLike {
  const phase: Phase = vlog.status === 'PENDING' ? 'QUEUED' : vlog.status === 'PROCESSING' ? 'RENDERING' : vlog.status === 'COMPLETED' ? 'DONE' : vlog.status === 'FAILED' ? 'FAILED' : 'CANCELED';
  return { status: vlog.status, phase, percent: vlog.progress, message: vlog.statusMessage, error: vlog.error };
}
/**
 * The vlog's progress as the subscription reports it: the percent never goes back, each new phase
 * is announced, the cache learns the status, and the end is reported once (after 100 % was seen).
 */
function useVlogProgress(vlog: VlogCardFragment, onTerminal: (p: ProgressLike) => void) {
  const { t } = useI18n();
  const client = useApolloClient();
  const [progress, setProgress] = useState<ProgressLike>(() => initialProgress(vlog));
  const [shown, setShown] = useState<number>(() => monotonicPercent(null, vlog.progress));
  const [announce, setAnnounce] = useState('');
  const terminalSeen = useRef(false);
  const lastPhase = useRef<Phase | null>(null);
  const onTerminalRef = useRef(onTerminal);
  onTerminalRef.current = onTerminal;
  const connection = useConnection();
  const heard = useRef(false);
  /** The end, reported once: the cache learns the final status, the page replaces the panel. */
  const pendingEnd = useRef<(() => void) | null>(null);
  const doneTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      // Unmounted during the 100 % pause (the day was re-read meanwhile): still report the end.
      if (doneTimer.current) clearTimeout(doneTimer.current);
      pendingEnd.current?.();
    },
    [],
  );

  const sub = useSubscription(VlogProgressSubscription, {
    variables: { vlogId: vlog.id },
    onData: ({ data }) => {
      const p = data.data?.vlogProgress;
      if (!p) return;
      heard.current = true;
      if (lastPhase.current !== p.phase) {
        lastPhase.current = p.phase;
        setAnnounce(t.phase[p.phase] ?? p.phase);
      }
      setProgress(p);
      setShown((s) => (p.status === 'COMPLETED' ? 100 : monotonicPercent(s, p.percent)));
      const id = client.cache.identify({ __typename: 'Vlog', id: vlog.id });
      if (!isTerminal(p.status)) {
        client.cache.modify({ id, fields: { status: () => p.status, progress: (old: number) => Math.max(old ?? 0, p.percent) } });
        return;
      }
      if (terminalSeen.current) return;
      terminalSeen.current = true;
      const end = () => {
        pendingEnd.current = null;
        client.cache.modify({ id, fields: { status: () => p.status, progress: (old: number) => Math.max(old ?? 0, p.percent) } });
        onTerminalRef.current(p);
      };
      if (p.status === 'COMPLETED') {
        // Let 100 % be seen (and announced) before the player replaces the panel.
        setAnnounce(t.progressDone);
        pendingEnd.current = end;
        doneTimer.current = setTimeout(end, DONE_HOLD_MS);
      } else {
        end();
      }
    },
  });

  // If the subscription fails for good (e.g. the vlog was deleted elsewhere), re-read the day.
  useEffect(() => {
    if (sub.error) void client.refetchQueries({ include: [DayQuery, DaysQuery] });
  }, [sub.error, client]);

  // Offline, or the socket dropped after it had been talking: the numbers on screen are stale.
  const reconnecting = !isTerminal(progress.status) && (!connection.online || (connection.socketDown && heard.current) || !!sub.error);
  return { progress, shown, announce, reconnecting };
}

export function ProgressPanel({ vlog, onTerminal, onGone }: ProgressPanelProps) {
  const { t, progressWords } = useI18n();
  const id = useId();
  const client = useApolloClient();
  const { progress, shown, announce, reconnecting } = useVlogProgress(vlog, onTerminal);

  const [cancelVlog] = useMutation(CancelVlogMutation, {
    refetchQueries: [DayQuery, DaysQuery],
  });
  const sentence = reconnecting ? t.reconnecting : progressSentence(progress, shown, progressWords);
  const percent = Math.floor(shown);

  return (
    <section className="progress-panel card" aria-labelledby={`${id}-h`} data-testid="progress-panel">
      <div className="progress-head">
        <div>
          <p className="eyebrow">{vlog.title}</p>
          <h2 id={`${id}-h`}>{t.progressHeading}</h2>
        </div>
        <span className={`status-chip ${progress.status.toLowerCase()}`}>{t.vlogStatus[progress.status] ?? progress.status}</span>
      </div>
      <div
        className="progress-bar"
        role="progressbar"
        aria-labelledby={`${id}-h`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={sentence}
      >
        <div className="progress-fill" style={{ width: `${shown}%` }} />
      </div>
      <p className={`progress-sentence${reconnecting ? ' reconnecting' : ''}`} data-testid="progress-sentence">
        {sentence}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {reconnecting ? t.reconnecting : announce}
      </p>
      {!isTerminal(progress.status) && (
        <div className="progress-actions">
          <ConfirmAction
            label={t.cancelRender}
            question={t.confirmCancel}
            confirmLabel={t.confirmCancelYes}
            cancelLabel={t.keepGoing}
            busyLabel={t.canceling}
            onConfirm={async () => {
              try {
                await cancelVlog({ variables: { id: vlog.id } });
              } catch (e) {
                if (hasCode(e, 'NOT_FOUND')) {
                  onGone?.(t.errNotFound);
                  void client.refetchQueries({ include: [DayQuery, DaysQuery] });
                }
                throw new Error(errorSentence(e, t));
              }
            }}
          />
        </div>
      )}
    </section>
  );
}
