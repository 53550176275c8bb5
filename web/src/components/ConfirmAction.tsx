// A destructive action confirmed in place (never a browser dialog): the button turns into a
// question with a safe default.
import { useEffect, useId, useRef, useState } from 'react';

export interface ConfirmActionProps {
  label: string;
  question: string;
  confirmLabel: string;
  cancelLabel: string;
  busyLabel: string;
  onConfirm: () => Promise<unknown> | unknown;
  className?: string;
  disabled?: boolean;
}

export function ConfirmAction({ label, question, confirmLabel, cancelLabel, busyLabel, onConfirm, className, disabled }: ConfirmActionProps) {
  const [state, setState] = useState<'idle' | 'asking' | 'busy'>('idle');
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const keepRef = useRef<HTMLButtonElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);

  useEffect(() => {
    if (state === 'asking') keepRef.current?.focus();
    if (state === 'idle' && returnFocus.current) {
      returnFocus.current = false;
      triggerRef.current?.focus();
    }
  }, [state]);

  if (state === 'idle') {
    return (
      <span className="confirm">
        <button
          ref={triggerRef}
          type="button"
          className={className ?? 'button danger-outline'}
          disabled={disabled}
          onClick={() => {
            setError(null);
            setState('asking');
          }}
        >
          {label}
        </button>
        {error && (
          <span className="field-error" role="alert">
            {error}
          </span>
        )}
      </span>
    );
  }

  return (
    <div className="confirm confirm-asking" role="group" aria-labelledby={`${id}-q`}>
      <p id={`${id}-q`} className="confirm-question">
        {question}
      </p>
      <div className="button-row">
        <button
          type="button"
          className="button danger"
          disabled={state === 'busy'}
          onClick={async () => {
            setState('busy');
            try {
              await onConfirm();
              setState('idle');
            } catch (e) {
              setError(e instanceof Error ? e.message : String(e));
              returnFocus.current = true;
              setState('idle');
            }
          }}
        >
          {state === 'busy' ? busyLabel : confirmLabel}
        </button>
        <button
          ref={keepRef}
          type="button"
          className="button secondary"
          disabled={state === 'busy'}
          onClick={() => {
            returnFocus.current = true;
            setState('idle');
          }}
        >
          {cancelLabel}
        </button>
      </div>
    </div>
  );
}
