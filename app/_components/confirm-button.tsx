'use client';
import { useState, type ReactNode } from 'react';

/**
 * A submit button that asks first: the first click shows what will happen (the
 * `question`, naming what goes away) with Confirm and Cancel; only Confirm submits
 * the surrounding form.
 */
export function ConfirmButton({ label, question, confirmLabel, danger = true, disabled = false, ariaLabel }: { label: string; question: ReactNode; confirmLabel?: string; danger?: boolean; disabled?: boolean; ariaLabel?: string }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className={danger ? 'danger' : 'secondary'} disabled={disabled} aria-label={ariaLabel} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="alertdialog" aria-label={ariaLabel ? `Confirm: ${ariaLabel}` : 'Confirm'}>
      <span className="small">{question}</span>{' '}
      <button type="submit" className={danger ? 'danger' : undefined} disabled={disabled}>
        {confirmLabel ?? `Yes, ${label.toLowerCase()}`}
      </button>{' '}
      <button type="button" className="secondary" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
