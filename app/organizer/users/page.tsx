import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { config } from '@/lib/config';
import { listUserAudit, listUsers, RESET_TTL_HOURS } from '@/lib/people/users';
import { pageOrganizer } from '../../_lib/caller';
import { LocalTime } from '../../_components/local-time';
import { DisableForm, ResetLinkForm, RoleForm } from './user-forms';
import { DataTable } from '../../_components/data-table';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  const me = await pageOrganizer('/organizer/users');
  const db = await getDb();
  const [rows, audit] = await Promise.all([
    listUsers({ db, organizerEmails: config().ORGANIZER_EMAILS }),
    listUserAudit({ db }),
  ]);
  return (
    <>
      <p className="small">
        <Link href="/organizer">← Organizer console</Link> · <Link href="/docs/running-a-challenge#2-people">How accounts work</Link>
      </p>
      <h1>Users</h1>
      <p className="muted small">
        There is no email: a password-reset link is shown here once, for you to hand over; it works once, for {RESET_TTL_HOURS} hours. A disabled
        account cannot sign in and its API tokens are refused. New accounts: people sign up themselves, or <code>npx podium user add</code>.
      </p>
      <DataTable columns={['account', 'role', 'created', 'status', '']}>
        {rows.map((u) => (
          <tr key={u.id} data-user={u.email}>
            <td>
              {u.email} {u.name && <span className="muted small">{u.name}</span>}
            </td>
            <td>
              {u.effectiveRole}
              {u.fromEnv && <span className="muted small"> (ORGANIZER_EMAILS)</span>}
            </td>
            <td className="small">
              <LocalTime date={u.createdAt} />
            </td>
            <td>{u.disabledAt ? <span className="badge warn">disabled</span> : 'active'}</td>
            <td>
              {u.id !== me.userId && (
                <div className="row">
                  {!u.fromEnv && <RoleForm userId={u.id} email={u.email} organizer={u.role === 'organizer'} />}
                  <DisableForm userId={u.id} email={u.email} disabled={Boolean(u.disabledAt)} />
                  <ResetLinkForm userId={u.id} email={u.email} />
                </div>
              )}
              {u.id === me.userId && <span className="muted small">you</span>}
            </td>
          </tr>
        ))}
      </DataTable>
      <h2>Audit log</h2>
      <ul className="small">
        {audit.map((a, i) => (
          <li key={i}>
            <LocalTime date={a.at} /> · {a.actor ?? 'command line'} · <code>{a.action}</code> {a.subject}
          </li>
        ))}
        {audit.length === 0 && <li className="muted">Nothing yet.</li>}
      </ul>
    </>
  );
}
