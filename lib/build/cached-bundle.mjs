// A TypeScript entry bundled to one plain JavaScript file by esbuild (tsx's own compiler),
// cached under node_modules/.cache/podium-bundles/ and rebuilt when any file it was built
// from changed (size or mtime) or moved. Plain JavaScript, so that scripts/podium.mjs can use it
// before anything can load TypeScript: `podium score` then runs in one node process without
// tsx (whose start-up and per-module compiling cost ~1 CPU-s), and its parse thread starts
// from a file instead of being bundled again on every run.
//
// In the bundle, `import.meta.url` of every bundled module is that module's own source URL,
// so code that finds files next to itself (parse-in-thread.ts → parse-thread.ts) still does.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// PODIUM_BUNDLE_DIR moves the cache (the tests build from an empty one).
// eslint-disable-next-line no-restricted-syntax -- plain JavaScript run before TypeScript can load (lib/config.ts)
const cacheDir = process.env.PODIUM_BUNDLE_DIR || path.join(root, 'node_modules', '.cache', 'podium-bundles');
/** Spelled so that the plugin below, run over this file too, finds nothing to replace in it. */
const META_URL = ['import', 'meta', 'url'].join('.');

/** Path of the bundle of `entry` (a path under the checkout), built now if missing or stale. */
export async function bundled(entry, { format = 'esm' } = {}) {
  const name = path.relative(root, entry).replace(/[/\\]/g, '__').replace(/\.[cm]?tsx?$/, '');
  const out = path.join(cacheDir, `${name}.${format === 'esm' ? 'mjs' : 'cjs'}`);
  const manifest = `${out}.json`;
  if (fresh(out, manifest)) return out;
  // Resolved from the checkout, not from here: this file is bundled too (parse-in-thread.ts uses it), and esbuild must stay outside.
  const esbuild = await import(pathToFileURL(createRequire(path.join(root, 'package.json')).resolve('esbuild')).href);
  const { build, version } = esbuild.build ? esbuild : esbuild.default;
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format,
    platform: 'node',
    target: 'node20',
    conditions: ['react-server'],
    metafile: true,
    logLevel: 'silent',
    plugins: [ownUrls],
    // Packages written as CommonJS call require; an ES module bundle has none of its own.
    banner: format === 'esm' ? { js: `import { createRequire as __podiumRequire } from 'node:module'; const require = __podiumRequire(${META_URL});` } : undefined,
  });
  const inputs = {};
  for (const file of Object.keys(result.metafile.inputs)) {
    const abs = path.resolve(root, file.replace(/^[a-z-]+:/, ''));
    const st = fs.statSync(abs, { throwIfNoEntry: false });
    if (st) inputs[path.relative(root, abs)] = [st.size, st.mtimeMs];
  }
  fs.mkdirSync(cacheDir, { recursive: true });
  // Written aside and renamed, so a second podium starting meanwhile reads a whole file or none.
  const tmp = `${out}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, result.outputFiles[0].contents);
  fs.renameSync(tmp, out);
  fs.writeFileSync(`${manifest}.${process.pid}.tmp`, JSON.stringify({ root, cacheDir, esbuild: version, node: process.version, inputs }));
  fs.renameSync(`${manifest}.${process.pid}.tmp`, manifest);
  return out;
}

/** The bundle exists and was built here, by this node, from files that are all as they were. */
function fresh(out, manifest) {
  let m;
  try {
    m = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  } catch {
    return false;
  }
  if (m.root !== root || m.cacheDir !== cacheDir || m.node !== process.version || !fs.existsSync(out)) return false;
  for (const [file, [size, mtimeMs]] of Object.entries(m.inputs)) {
    const st = fs.statSync(path.join(root, file), { throwIfNoEntry: false });
    if (!st || st.size !== size || st.mtimeMs !== mtimeMs) return false;
  }
  return true;
}

const LOADERS = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'jsx' };

/** Replaces `import.meta.url` in each module with the URL of the module's own file. */
const ownUrls = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => {
      const text = fs.readFileSync(args.path, 'utf8');
      if (!text.includes(META_URL)) return undefined;
      return { contents: text.replaceAll(META_URL, JSON.stringify(pathToFileURL(args.path).href)), loader: LOADERS[path.extname(args.path)] };
    });
  },
};
