/**
 * How the command line writes while the embedded site runs. PGlite cannot share its
 * folder (a second process writing to it loses data), so `podium user add` & co. cannot open the database then; instead
 * the site, at start, keeps an organizer API token for the command line in
 * `DATA_DIR/site.json` (mode 0600, readable only by the account that runs the site) with
 * its own pid and local URL, and the commands call the site's API with it. Whoever can
 * read DATA_DIR can read the database itself, so the file grants nothing new.
 */
import fs from 'node:fs';
import path from 'node:path';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { apiTokens, users } from '@/db/schema';
import { createApiToken } from './tokens';

export const LOCAL_CLI_TOKEN_NAME = 'podium command line (this machine)';

export type LocalCliAccess = { url: string; token: string; pid: number; email: string };

export function siteFile(dataDir: string): string {
  return path.join(dataDir, 'site.json');
}

/**
 * Called by the web process once its database is open: a fresh token for the oldest
 * active organizer (earlier command-line tokens are revoked), written with this pid.
 * Returns null, writing nothing, when there is no organizer yet.
 */
export async function writeLocalCliAccess({ db, dataDir, port, organizerEmails }: { db: DbOrTx; dataDir: string; port: number; organizerEmails: string[] }) {
  const candidates = await db
    .select({ id: users.id, email: users.email, role: users.role })
    .from(users)
    .where(isNull(users.disabledAt))
    .orderBy(asc(users.createdAt));
  const owner = candidates.find((u) => u.role === 'organizer') ?? candidates.find((u) => organizerEmails.includes(u.email));
  fs.rmSync(siteFile(dataDir), { force: true });
  if (!owner) return null;
  const old = await db
    .select({ id: apiTokens.id })
    .from(apiTokens)
    .where(and(eq(apiTokens.name, LOCAL_CLI_TOKEN_NAME), isNull(apiTokens.revokedAt)));
  if (old.length) await db.update(apiTokens).set({ revokedAt: new Date() }).where(inArray(apiTokens.id, old.map((t) => t.id)));
  const { token } = await createApiToken({ db, userId: owner.id, name: LOCAL_CLI_TOKEN_NAME });
  const access: LocalCliAccess = { url: `http://127.0.0.1:${port}`, token, pid: process.pid, email: owner.email };
  const tmp = `${siteFile(dataDir)}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(access), { mode: 0o600 });
  fs.renameSync(tmp, siteFile(dataDir));
  process.once('exit', () => {
    try {
      const now = JSON.parse(fs.readFileSync(siteFile(dataDir), 'utf8')) as LocalCliAccess;
      if (now.pid === process.pid) fs.rmSync(siteFile(dataDir), { force: true });
    } catch {
      /* gone already */
    }
  });
  return access;
}

/** The running site's access, when the process that holds the embedded database wrote it; else null. */
export function readLocalCliAccess({ dataDir, lockOwner }: { dataDir: string; lockOwner: number | null }): LocalCliAccess | null {
  if (lockOwner === null) return null;
  try {
    const a = JSON.parse(fs.readFileSync(siteFile(dataDir), 'utf8')) as LocalCliAccess;
    return a.pid === lockOwner && typeof a.token === 'string' && typeof a.url === 'string' ? a : null;
  } catch {
    return null;
  }
}
