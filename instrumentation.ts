/**
 * Runs once when the server starts: migrate the database and, in embedded
 * mode, start the scoring worker inside the web process.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startServerRuntime } = await import('./lib/runtime');
  await startServerRuntime();
  // podium's server answers a board page's own-parts request itself (lib/leaderboard/page-cache.ts).
  const { registerViewerParts } = await import('./app/_lib/viewer-json');
  registerViewerParts();
}
