// Entry of a scoring thread. Plain JavaScript so that any host can start it (the bundled
// Next.js server, vitest, tsx): it registers tsx, then loads the TypeScript engine from source.
import { register } from 'tsx/esm/api';

register();
await import('./thread.ts');
