// One vlog that is not rendering: the finished video (poster first), or why it failed / that
// it was canceled, with Retry and an in-place confirmed Delete.
import { useApolloClient, useMutation } from '@apollo/client/react';
import { type RefObject, useEffect, useId, useRef } from 'react';
import { formatBytes, formatInstant } from '../domain/format.ts';
import { errorSentence } from '../errorText.ts';
import type { VlogCardFragment } from '../gql/graphql.ts';
import { hasCode } from '../gqlErrors.ts';
import { useI18n } from '../i18n.tsx';
import { DayQuery, DaysQuery, DeleteVlogMutation, RetryVlogMutation } from '../operations.ts';
import { ConfirmAction } from './ConfirmAction.tsx';
import { AutomaticMark } from './AutomaticMark.tsx';
import { ShareLinks } from './ShareLinks.tsx';

export interface VlogViewProps {
  vlog: VlogCardFragment;
  timeZone: string;
  hero?: boolean;
  /** Just finished here: play it and move focus to the player (or to the title if it did not complete). */
  autoPlay?: boolean;
  takeFocus?: boolean;
  onDeleted?: () => void;
  /** Make a new version of this (finished) vlog, starting from its events and settings. */
  onEdit?: () => void;
  /** The vlog is gone (deleted in another tab): a sentence for the page. */
  onGone?: (sentence: string) => void;
}
/** Retry and Delete, each refreshing the day; a vlog deleted elsewhere is dropped from the page. */
function useVlogActions(vlog: VlogCardFragment, onGone: VlogViewProps['onGone']) {
  const { t } = useI18n();
  const client = useApolloClient();
  /** A stale tab acted on a vlog that no longer exists: drop it from the page and say so. */
  const gone = (e: unknown): string => {
    if (hasCode(e, 'NOT_FOUND')) {
      client.cache.evict({ id: client.cache.identify({ __typename: 'Vlog', id: vlog.id }) });
      client.cache.gc();
      onGone?.(t.errNotFound);
      void client.refetchQueries({ include: [DayQuery, DaysQuery] });
    }
    return errorSentence(e, t);
  };
  const [retryVlog, retry] = useMutation(RetryVlogMutation, { refetchQueries: [DayQuery, DaysQuery], awaitRefetchQueries: true });
  const [deleteVlog] = useMutation(DeleteVlogMutation, {
    refetchQueries: [DayQuery, DaysQuery],
    awaitRefetchQueries: true,
    update(cache, result) {
      const deleted = result.data?.deleteVlog;
      if (deleted) {
        cache.evict({ id: cache.identify({ __typename: 'Vlog', id: deleted }) });
        cache.gc();
      }
    },
  });
  return { gone, retryVlog, retry, deleteVlog };
}

/** The finished video with its captions, or the poster of one that has none (yet). */
function VlogMedia({ vlog, hero, titleId, videoRef }: { vlog: VlogCardFragment; hero?: boolean; titleId: string; videoRef: RefObject<HTMLVideoElement | null> }) {
  const { t, locale } = useI18n();
  const portrait = vlog.settings.aspect === 'PORTRAIT';
  return vlog.status === 'COMPLETED' && vlog.url ? (
    <div className={`player${portrait ? ' portrait' : ''}`}>
      <video
        ref={videoRef}
        controls
        playsInline
        preload="metadata"
        poster={vlog.thumbnailUrl ?? undefined}
        src={vlog.url}
        aria-labelledby={titleId}
        data-testid={hero ? 'hero-video' : undefined}
      >
        {vlog.captionsUrl && <track kind="captions" src={vlog.captionsUrl} srcLang={locale === 'en' ? 'en' : 'zh-Hant'} label={t.captionsTrack} default />}
        {t.videoUnsupported}
      </video>
    </div>
  ) : vlog.thumbnailUrl ? (
    <div className={`player poster-only${portrait ? ' portrait' : ''}`}>
      <img src={vlog.thumbnailUrl} alt="" />
    </div>
  ) : null;
}

export function VlogView({ vlog, timeZone, hero, autoPlay, takeFocus, onDeleted, onEdit, onGone }: VlogViewProps) {
  const { t, locale, length } = useI18n();
  const id = useId();
  const videoRef = useRef<HTMLVideoElement>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const { gone, retryVlog, retry, deleteVlog } = useVlogActions(vlog, onGone);

  useEffect(() => {
    if (autoPlay && vlog.status === 'COMPLETED' && vlog.url && videoRef.current) {
      videoRef.current.focus();
      videoRef.current.play().catch(() => {
        /* the browser wants a click first: the poster and controls are there */
      });
    } else if (takeFocus && titleRef.current) {
      titleRef.current.focus();
    }
  }, [autoPlay, takeFocus, vlog.status, vlog.url]);

  const s = vlog.settings;
  const meta = t.vlogMeta(length(vlog.duration ?? s.maxDuration), t.resolutionNames[s.resolution] ?? s.resolution, t.aspectShort[s.aspect] ?? s.aspect, vlog.segments.length);
  const Heading = hero ? 'h2' : 'h3';

  return (
    <article className={`vlog ${hero ? 'hero' : 'compact'} status-${vlog.status.toLowerCase()}`} aria-labelledby={`${id}-title`} data-vlog-id={vlog.id}>
      <VlogMedia vlog={vlog} hero={hero} titleId={`${id}-title`} videoRef={videoRef} />
      <div className="vlog-body">
        <div className="vlog-title-row">
          <Heading id={`${id}-title`} className="vlog-title" ref={titleRef} tabIndex={-1}>
            {vlog.title}
          </Heading>
          <span className={`status-chip ${vlog.status.toLowerCase()}`}>{t.vlogStatus[vlog.status] ?? vlog.status}</span>
          {vlog.automatic && <AutomaticMark />}
        </div>
        <p className="muted vlog-meta">
          {meta}
          {vlog.size ? ` · ${formatBytes(vlog.size)}` : ''}
          {` · ${t.createdAt(formatInstant(vlog.createdAt, timeZone, locale))}`}
        </p>
        {vlog.status === 'FAILED' && (
          <p className="notice error" role="status">
            {t.failedReason((vlog.errorCode && t.vlogErrorCode[vlog.errorCode]) || vlog.error || vlog.statusMessage || '—')}
          </p>
        )}
        {vlog.status === 'CANCELED' && <p className="notice">{t.canceledNote}</p>}
        {retry.error && (
          <p className="field-error" role="alert">
            {errorSentence(retry.error, t)}
          </p>
        )}
        <div className="button-row wrap">
          {(vlog.status === 'FAILED' || vlog.status === 'CANCELED') && (
            <button type="button" className="button primary" disabled={retry.loading} onClick={() => retryVlog({ variables: { id: vlog.id } }).catch((e) => void gone(e))}>
              {retry.loading ? t.retrying : t.retryVlog}
            </button>
          )}
          {vlog.status === 'COMPLETED' && vlog.url && (
            <a className="button secondary" href={vlog.url} download={`${vlog.title}.mp4`}>
              {t.download}
            </a>
          )}
          {vlog.status === 'COMPLETED' && onEdit && (
            <button type="button" className="button secondary" onClick={onEdit}>
              {t.editVlog}
            </button>
          )}
          <ConfirmAction
            label={t.deleteVlog}
            question={t.confirmDelete}
            confirmLabel={t.confirmDeleteYes}
            cancelLabel={t.keep}
            busyLabel={t.deleting}
            onConfirm={async () => {
              try {
                await deleteVlog({ variables: { id: vlog.id } });
              } catch (e) {
                throw new Error(gone(e));
              }
              onDeleted?.();
            }}
          />
        </div>
        {vlog.status === 'COMPLETED' && vlog.url && <ShareLinks vlogId={vlog.id} timeZone={timeZone} />}
      </div>
    </article>
  );
}
