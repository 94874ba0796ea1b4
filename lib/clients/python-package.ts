/**
 * The Python client (clients/python) as a source archive pip installs with no package index:
 * its pyproject.toml names an in-tree build backend with no requirements, so
 * `pip install <site>/client/python` downloads this zip and builds the wheel with the standard
 * library alone. Built from the sources on first request and kept until they change.
 */
import fs from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';

export const PYTHON_CLIENT_DIR = path.resolve(process.cwd(), 'clients', 'python');

// Only what the build needs: sources, the backend, the README that becomes the package description.
const INCLUDE = /^(pyproject\.toml|README\.md|_build\/[a-z_]+\.py|podium_client\/[a-z_]+\.py)$/;
const ZIP_MTIME = new Date('2020-01-01T00:00:00Z');

function listFiles(root: string, dir = ''): string[] {
  return fs
    .readdirSync(path.join(root, dir), { withFileTypes: true })
    .flatMap((e) => {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      return e.isDirectory() ? listFiles(root, rel) : INCLUDE.test(rel) ? [rel] : [];
    })
    .sort();
}

export function pythonClientVersion(root = PYTHON_CLIENT_DIR): string {
  const init = fs.readFileSync(path.join(root, 'podium_client', '__init__.py'), 'utf8');
  const m = /^__version__ = "([^"]+)"/m.exec(init);
  if (!m) throw new Error(`${root}/podium_client/__init__.py has no __version__`);
  return m[1];
}

let cached: { stamp: string; archive: { fileName: string; bytes: Uint8Array } } | undefined;

/** The sdist zip (`podium_client-<version>.zip`, one top folder, fixed timestamps: same sources, same bytes). */
export function pythonClientArchive(root = PYTHON_CLIENT_DIR): { fileName: string; bytes: Uint8Array } {
  const files = listFiles(root);
  const stamp = files.map((f) => `${f}:${fs.statSync(path.join(root, f)).mtimeMs}`).join('|');
  if (cached?.stamp === stamp) return cached.archive;
  const base = `podium_client-${pythonClientVersion(root)}`;
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const f of files) entries[`${base}/${f}`] = [fs.readFileSync(path.join(root, f)), { mtime: ZIP_MTIME }];
  const archive = { fileName: `${base}.zip`, bytes: zipSync(entries, { level: 6, mtime: ZIP_MTIME }) };
  cached = { stamp, archive };
  return archive;
}
