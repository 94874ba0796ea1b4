import type { Metadata } from 'next';
import { getDb } from '@/db';
import { listApiTokens } from '@/lib/auth/tokens';
import { pageCaller } from '../../_lib/caller';
import { CreateTokenForm, RevokeTokenButton } from './token-forms';
import { LocalTime } from '../../_components/local-time';
import { DataTable } from '../../_components/data-table';

export const metadata: Metadata = { title: 'Account' };

export default async function AccountPage() {
  const caller = await pageCaller('/account');
  const tokens = await listApiTokens({ db: await getDb(), userId: caller.userId });
  return (
    <>
      <h1>Account</h1>
      <div className="card">
        <div>
          <strong>{caller.name || caller.email}</strong> <span className="muted">{caller.email}</span>{' '}
          <span className="badge accent">{caller.role}</span>
        </div>
      </div>
      <h2>API tokens</h2>
      <p className="muted">
        Use a token with the command line (<code>PODIUM_TOKEN=… npx podium submit …</code>) or send it as{' '}
        <code>Authorization: Bearer &lt;token&gt;</code> to <code>/api/v1</code>. A token acts as you; it is shown once.
      </p>
      <div className="card">
        <CreateTokenForm />
      </div>
      <DataTable columns={['Name', 'Token', 'Created', 'Last used', '']}>
        {tokens.length === 0 && (
          <tr>
            <td colSpan={5} className="muted">
              No tokens yet.
            </td>
          </tr>
        )}
        {tokens.map((t) => (
          <tr key={t.id} data-token-name={t.name}>
            <td>{t.name}</td>
            <td>
              <code>{t.prefix}…</code>
            </td>
            <td>
              <LocalTime date={t.createdAt} />
            </td>
            <td>{t.lastUsedAt ? <LocalTime date={t.lastUsedAt} /> : <span className="muted">never</span>}</td>
            <td>{t.revokedAt ? <span className="badge bad">revoked</span> : <RevokeTokenButton tokenId={t.id} name={t.name} />}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
