'use client';
import { useActionState } from 'react';
import { ConfirmButton } from '../../_components/confirm-button';
import { resetLinkAction, setDisabledAction, setRoleAction } from './actions';

export function RoleForm({ userId, email, organizer }: { userId: string; email: string; organizer: boolean }) {
  const [state, action, pending] = useActionState(setRoleAction, {});
  return (
    <form action={action}>
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="role" value={organizer ? 'participant' : 'organizer'} />
      {organizer ? (
        <ConfirmButton label="Remove organizer" ariaLabel={`Remove organizer ${email}`} disabled={pending} question={`${email} loses the console and every organizer right.`} />
      ) : (
        <button type="submit" className="secondary" disabled={pending} aria-label={`Make ${email} an organizer`}>
          Make organizer
        </button>
      )}
      {state.error && <span className="field-error"> {state.error}</span>}
    </form>
  );
}

export function DisableForm({ userId, email, disabled }: { userId: string; email: string; disabled: boolean }) {
  const [state, action, pending] = useActionState(setDisabledAction, {});
  return (
    <form action={action}>
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="disabled" value={disabled ? '0' : '1'} />
      {disabled ? (
        <button type="submit" className="secondary" disabled={pending} aria-label={`Enable ${email}`}>
          Enable
        </button>
      ) : (
        <ConfirmButton label="Disable" ariaLabel={`Disable ${email}`} disabled={pending} question={`${email} can no longer sign in, and their API tokens stop working.`} />
      )}
      {state.error && <span className="field-error"> {state.error}</span>}
    </form>
  );
}

export function ResetLinkForm({ userId, email }: { userId: string; email: string }) {
  const [state, action, pending] = useActionState(resetLinkAction, {});
  const link = typeof state.data?.path === 'string' && typeof window !== 'undefined' ? `${window.location.origin}${state.data.path}` : null;
  return (
    <form action={action}>
      <input type="hidden" name="userId" value={userId} />
      <button type="submit" className="secondary" disabled={pending} aria-label={`Password-reset link for ${email}`}>
        Reset link
      </button>
      {link && (
        <p className="small">
          Hand this to {email}; it works once, until <time dateTime={String(state.data?.expiresAt)}>{String(state.data?.expiresAt)}</time>:{' '}
          <span className="token" data-testid="reset-link">{link}</span>
        </p>
      )}
      {state.error && <span className="field-error"> {state.error}</span>}
    </form>
  );
}
