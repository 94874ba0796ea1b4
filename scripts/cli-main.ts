/**
 * The `podium` command line's main: picks the command, parses its arguments, runs it and
 * prints a failure the way SPEC.md says. scripts/podium.ts runs it with every command (under
 * tsx); scripts/podium-score.ts, bundled, with `score` alone (see scripts/podium.mjs).
 */
import { parseArgs } from 'node:util';
import { isPodiumError } from '@/lib/errors';
import type { Command } from './commands/types';

function usage(commands: Record<string, Command>): string {
  const lines = Object.entries(commands).map(([name, c]) => `  podium ${name.padEnd(16)} ${c.summary}`);
  return `Usage:\n${lines.join('\n')}\n`;
}

async function main(commands: Record<string, Command>, argv: string[]) {
  const [a, b, ...rest] = argv;
  const key = commands[`${a} ${b}`] ? `${a} ${b}` : a;
  const cmd = commands[key];
  if (!cmd || a === '--help' || a === '-h') {
    process.stdout.write(usage(commands));
    return a && a !== '--help' && a !== '-h' ? 2 : 0;
  }
  const args = key === a ? [b, ...rest].filter((x) => x !== undefined) : rest;
  const parsed = parseArgs({ args, options: cmd.options ?? {}, allowPositionals: true, strict: true });
  return (await cmd.run(parsed as Parameters<typeof cmd.run>[0])) ?? 0;
}

export function runMain(commands: Record<string, Command>, argv: string[]): void {
  main(commands, argv).then(
    (code) => process.exit(code),
    (e) => {
      if (isPodiumError(e) || (e instanceof Error && /^podium:/.test(e.message))) {
        process.stderr.write(`podium: ${e.message.replace(/^podium: /, '')}\n`);
      } else if (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) {
        process.stderr.write(`podium: ${e.message}\n${usage(commands)}`);
      } else if (e && typeof e === 'object' && 'issues' in e) {
        const issues = (e as { issues: { path: PropertyKey[]; message: string }[] }).issues;
        process.stderr.write(`podium: ${issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}\n`);
      } else {
        process.stderr.write(`podium: unexpected error: ${e instanceof Error ? e.stack : String(e)}\n`);
      }
      process.exit(1);
    },
  );
}
