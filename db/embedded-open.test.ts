/**
 * The embedded database that cannot be opened (issue 10): PGlite says only `Aborted()`,
 * so start-up names the folder and, from the free space on DATA_DIR's disk, the likely
 * cause (a full disk) instead.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { embeddedOpenError, freeBytesAt, LOW_DISK_BYTES, openDb } from './client';

describe('opening the embedded database', () => {
  it('names the folder and the damage when its files cannot be read, on a disk with room', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-open-'));
    try {
      fs.mkdirSync(path.join(dataDir, 'pglite'));
      fs.writeFileSync(path.join(dataDir, 'pglite', 'PG_VERSION'), 'not a version\n');
      const err = await openDb({ dataDir, lock: false }).then(
        () => null,
        (e: Error) => e,
      );
      expect(err).toBeInstanceOf(Error);
      expect(err!.message).toContain(`podium could not open its embedded database in ${path.join(dataDir, 'pglite')} (PGlite said: `);
      expect(err!.message).toMatch(/Its files may be damaged or from another PGlite version \(DATA_DIR's disk has [\d.]+ GB free\)/);
      expect(freeBytesAt(dataDir)).toBeGreaterThan(LOW_DISK_BYTES);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('says the disk is most likely full when DATA_DIR has almost no free space', () => {
    const aborted = new Error('Aborted(). Build with -sASSERTIONS for more info.');
    const e = embeddedOpenError('/srv/podium/pglite', aborted, 3 * 1024 * 1024);
    expect(e.message).toBe(
      'podium could not open its embedded database in /srv/podium/pglite (PGlite said: Aborted(). Build with -sASSERTIONS for more info.). ' +
        'The disk holding DATA_DIR has only 3.0 MB free: it is most likely full. Free space on it and start podium again; the data is kept.',
    );
    expect(e.cause).toBe(aborted);
  });
});
