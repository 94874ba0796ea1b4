/** Path of the bundle of `entry` (a path under the checkout), built now if missing or stale (cached-bundle.mjs). */
export function bundled(entry: string, options?: { format?: 'esm' | 'cjs' }): Promise<string>;
