/**
 * PGlite does not lock its folder, and two processes writing one folder lose
 * data (measured: see DESIGN.md). Every process that opens the embedded
 * database takes this lock first: a file holding the owner's pid, taken over
 * only when that pid is gone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PodiumError } from '@/lib/errors';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockFile(dataDir: string): string {
  return path.join(dataDir, 'pglite.lock');
}

export function acquireDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockFile(dataDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number(fs.readFileSync(file, 'utf8').trim());
      if (owner === process.pid) {
        throw new PodiumError('conflict:database_locked', `This process already holds the embedded database in ${dataDir}.`);
      }
      if (Number.isInteger(owner) && owner > 0 && alive(owner)) {
        throw new PodiumError(
          'conflict:database_locked',
          `The embedded database in ${dataDir} is held by another podium process (pid ${owner}), most likely the running site. ` +
            'Stop the site first, or do this through the site (organizer console or API).',
        );
      }
      fs.rmSync(file, { force: true }); // stale: its owner died
    }
  }
  throw new PodiumError('conflict:database_locked', `Could not lock the embedded database in ${dataDir}.`);
}

/** The live process holding the embedded database's lock, or null when none does. */
export function lockOwner(dataDir: string): number | null {
  try {
    const owner = Number(fs.readFileSync(lockFile(dataDir), 'utf8').trim());
    return Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner) ? owner : null;
  } catch {
    return null;
  }
}
