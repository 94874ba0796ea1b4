import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock, lockFile } from './lock';

describe('embedded database lock', () => {
  it('refuses a second holder while the first lives, and takes over a stale lock', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-lock-'));
    // Another live process holds it.
    const child = spawn(process.execPath, ['-e', 'setTimeout(()=>{}, 30000)']);
    fs.writeFileSync(lockFile(dir), String(child.pid));
    expect(() => acquireDataDirLock(dir)).toThrow(/held by another podium process \(pid \d+\), most likely the running site/);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // Its owner died: the lock is stale and is taken over.
    const release = acquireDataDirLock(dir);
    expect(fs.readFileSync(lockFile(dir), 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(lockFile(dir))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
