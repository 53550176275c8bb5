// Sharing a finished vlog: a Share button opens a small panel to create a link (expiry preset,
// optional note), see the working links with their expiry, copy one, and turn one off.
import { useMutation, useQuery } from '@apollo/client/react';
import { useId, useState } from 'react';
import { formatInstant } from '../domain/format.ts';
import { readError } from '../gqlErrors.ts';
import { useI18n } from '../i18n.tsx';
import { useFamilyWords } from '../familyWords.ts';
import { CreateShareLinkMutation, RevokeShareLinkMutation, ShareLinksQuery } from '../familyOperations.ts';
import type { ShareLinkRowFragment } from '../gql/graphql.ts';
import { ConfirmAction } from './ConfirmAction.tsx';
import '../family.css';

const EXPIRY_DAYS = [1, 7, 30] as const;
const NOTE_MAX = 200;

function errorText(e: unknown): string {
  const r = readError(e);
  return Object.values(r.fields)[0] ?? r.general[0] ?? String(e);
}

export function ShareLinks({ vlogId, timeZone }: { vlogId: string; timeZone: string }) {
  const w = useFamilyWords();
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="share">
      <button type="button" className="button secondary" aria-expanded={open} aria-controls={`${id}-panel`} onClick={() => setOpen(!open)} data-testid="share-open">
        {open ? w.hideShare : w.share}
      </button>
      {open && <SharePanel id={`${id}-panel`} vlogId={vlogId} timeZone={timeZone} />}
    </div>
  );
}

function SharePanel({ id, vlogId, timeZone }: { id: string; vlogId: string; timeZone: string }) {
  const w = useFamilyWords();
  const [days, setDays] = useState<number>(7);
  const [note, setNote] = useState('');
  const links = useQuery(ShareLinksQuery, { variables: { id: vlogId }, fetchPolicy: 'cache-and-network' });
  const [create, creating] = useMutation(CreateShareLinkMutation, { refetchQueries: [ShareLinksQuery], awaitRefetchQueries: true });
  const [error, setError] = useState<string | null>(null);
  const list = links.data?.vlog?.shareLinks ?? [];

  return (
    <section id={id} className="share-panel card" aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>{w.shareHeading}</h4>
      <p className="muted">{w.shareIntro}</p>
      <form
        className="share-form"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          try {
            await create({ variables: { vlogId, expiresInDays: days, note: note.trim() || null } });
            setNote('');
          } catch (err) {
            setError(errorText(err));
          }
        }}
      >
        <fieldset className="field">
          <legend className="field-label">{w.expiresIn}</legend>
          <div className="segmented">
            {EXPIRY_DAYS.map((d) => (
              <label key={d} className="segment">
                <input type="radio" name={`${id}-days`} value={d} checked={days === d} onChange={() => setDays(d)} />
                <span>{w.expiryNames[d]}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-note`}>
            {w.note}
          </label>
          <input id={`${id}-note`} type="text" maxLength={NOTE_MAX} value={note} placeholder={w.notePlaceholder} onChange={(e) => setNote(e.target.value)} />
        </div>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button primary" disabled={creating.loading} data-testid="share-create">
          {creating.loading ? w.creatingLink : w.createLink}
        </button>
      </form>
      <h5>{w.activeLinks}</h5>
      {list.length === 0 ? (
        <p className="muted">{w.noLinks}</p>
      ) : (
        <ul className="share-list">
          {list.map((l) => (
            <ShareLinkItem key={l.id} link={l} timeZone={timeZone} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ShareLinkItem({ link, timeZone }: { link: ShareLinkRowFragment; timeZone: string }) {
  const w = useFamilyWords();
  const { locale } = useI18n();
  const id = useId();
  const [copied, setCopied] = useState(false);
  const [revoke] = useMutation(RevokeShareLinkMutation, { refetchQueries: [ShareLinksQuery], awaitRefetchQueries: true });
  return (
    <li className="share-item" data-testid="share-link">
      <label className="field-label" htmlFor={`${id}-url`}>
        {link.note || w.link}
      </label>
      <div className="share-url-row">
        <input id={`${id}-url`} type="text" readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} data-testid="share-link-url" />
        <button
          type="button"
          className="button secondary small"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(link.url);
              setCopied(true);
            } catch {
              document.getElementById(`${id}-url`)?.focus(); // selected: the person can copy it
            }
          }}
        >
          {copied ? w.copied : w.copy}
        </button>
      </div>
      <p className="muted">{w.expiresAt(formatInstant(link.expiresAt, timeZone, locale))}</p>
      <ConfirmAction
        label={w.turnOff}
        question={w.turnOffQuestion}
        confirmLabel={w.turnOffYes}
        cancelLabel={w.keep}
        busyLabel={w.turningOff}
        className="button danger-outline small"
        onConfirm={async () => {
          try {
            await revoke({ variables: { id: link.id } });
          } catch (e) {
            throw new Error(errorText(e));
          }
        }}
      />
    </li>
  );
}
