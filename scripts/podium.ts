/**
 * `podium <command>`: the command line of SPEC.md. Each command parses its
 * arguments, calls lib/, prints what a person needs and exits non-zero on failure.
 */
import { runMain } from './cli-main';
import { commands } from './commands';

runMain(commands, process.argv.slice(2));
