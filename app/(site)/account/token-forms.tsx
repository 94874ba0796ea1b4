'use client';
import { useActionState } from 'react';
import { CopyButton } from '../../_components/copy-button';
import { createToken, revokeToken } from './actions';

export function CreateTokenForm() {
  const [state, action, pending] = useActionState(createToken, {});
  return (
    <form action={action} className="stack">
      <label>
        New token name
        <input name="name" placeholder="e.g. laptop CLI" required defaultValue={state.values?.name} />
        {state.fieldErrors?.name && <span className="field-error">{state.fieldErrors.name}</span>}
      </label>
      {state.error && <p className="alert error">{state.error}</p>}
      {state.data?.token && (
        <div className="alert ok">
          Token <strong>{state.data.name}</strong> created. Copy it now; it will not be shown again:
          <div className="row" style={{ alignItems: 'center' }}>
            <div className="token" data-testid="new-token">
              {state.data.token}
            </div>
            <CopyButton text={String(state.data.token)} label="Copy token" />
          </div>
        </div>
      )}
      <div>
        <button type="submit" disabled={pending}>
          Create token
        </button>
      </div>
    </form>
  );
}

export function RevokeTokenButton({ tokenId, name }: { tokenId: string; name: string }) {
  const [state, action, pending] = useActionState(revokeToken, {});
  return (
    <form action={action}>
      <input type="hidden" name="tokenId" value={tokenId} />
      <button type="submit" className="danger" disabled={pending} aria-label={`Revoke ${name}`}>
        Revoke
      </button>
      {state.error && <span className="field-error">{state.error}</span>}
    </form>
  );
}
