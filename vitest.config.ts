import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import os from 'node:os';
import path from 'node:path';

/**
 * Files that take longest, started first so the workers end together (on a fresh clone vitest has
 * no timings and starts the largest files first). The queue files wait on real worker processes
 * and leases; the others build big keys or start processes.
 */
const LONG_FIRST = [
  'lib/submissions/queue-lease.test.ts',
  'lib/submissions/queue-kill.test.ts',
  'lib/submissions/queue-share.test.ts',
  'scripts/commands/cli.test.ts',
  'datasets/generate.test.ts',
  'lib/leaderboard/read-cache.test.ts',
  'db/postgres-start.test.ts',
  'lib/submissions/stream-bound.test.ts',
  'lib/tasks/scoring-key.test.ts',
];

class LongFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = LONG_FIRST.indexOf(path.relative(__dirname, f.moduleId).split(path.sep).join('/'));
      return i < 0 ? LONG_FIRST.length : i;
    };
    return sorted.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map((x) => x.f);
  }
}

export default defineConfig({
  resolve: { alias: { '@': path.resolve(__dirname), 'server-only': path.resolve(__dirname, 'lib/testing/server-only-noop.ts') } },
  test: {
    include: ['lib/**/*.test.ts', 'db/**/*.test.ts', 'scripts/**/*.test.ts', 'datasets/**/*.test.ts', 'app/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two files at once even on 2 cores (vitest's default is cores − 1, so CI ran one file at a time): many
    // files wait on PostgreSQL, worker processes and real leases, and those waits overlap.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    sequence: { sequencer: LongFirst },
    globalSetup: ['db/testing-teardown.ts'],
  },
});
