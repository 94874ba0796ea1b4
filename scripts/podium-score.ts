/**
 * `podium score <task-folder> <predictions>` alone, the entry scripts/podium.mjs bundles
 * (lib/build/cached-bundle.mjs) and runs in its own process: the same command module and
 * main as scripts/podium.ts, without tsx and without the other commands.
 */
import { runMain } from './cli-main';
import { score } from './commands/score';

runMain({ score }, process.argv.slice(2));
