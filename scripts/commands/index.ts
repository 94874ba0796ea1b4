import type { Command } from './types';

/**
 * Commands are imported only when one runs: loading every module at start made tsx
 * compile the database client, next-auth and the S3 SDK for `podium score` too (about
 * a second of a 1.5 s start). Summaries and options live here so `--help` and argument
 * parsing need no command module; the run checks they still match the module's own.
 */
function lazy(summary: string, options: Command['options'], load: () => Promise<Command>): Command {
  return {
    summary,
    options,
    async run(args) {
      const cmd = await load();
      if (cmd.summary !== summary || JSON.stringify(cmd.options) !== JSON.stringify(options)) {
        throw new Error(`scripts/commands/index.ts is out of date: the summary or options of "${summary}" differ from its module's`);
      }
      return cmd.run(args);
    },
  };
}

export const commands: Record<string, Command> = {
  'user add': lazy(
    '<email> [--organizer] [--password P] [--name N]   create an account (local database)',
    { organizer: { type: 'boolean' }, password: { type: 'string' }, name: { type: 'string' } },
    async () => (await import('./user')).userAdd,
  ),
  'token add': lazy(
    '<email> [--name N]   create an API token and print it once (local database)',
    { name: { type: 'string' } },
    async () => (await import('./user')).tokenAdd,
  ),
  'challenge add': lazy(
    '<slug> [--title T] [--start ISO] [--end ISO]   create a challenge (local database)',
    { title: { type: 'string' }, start: { type: 'string' }, end: { type: 'string' } },
    async () => (await import('./challenge')).challengeAdd,
  ),
  'task add': lazy(
    '<folder> --challenge <slug> [--replace]   validate and import a task folder (local database)',
    { challenge: { type: 'string' }, replace: { type: 'boolean' } },
    async () => (await import('./task')).taskAdd,
  ),
  score: lazy(
    "<task-folder> <predictions>   score a file offline against the folder's test_labels",
    undefined,
    async () => (await import('./score')).score,
  ),
  submit: lazy(
    '<challenge>/<task> <file> [--description TEXT] [--wait]   upload predictions through the API',
    { description: { type: 'string' }, wait: { type: 'boolean' } },
    async () => (await import('./submit')).submit,
  ),
  join: lazy('<challenge>   accept the rules and join, through the API', undefined, async () => (await import('./join')).join),
  download: lazy(
    "<challenge>/<task> [--format csv|parquet] [--dest DIR]   download a task's files, checking each SHA-256",
    { format: { type: 'string' }, dest: { type: 'string' } },
    async () => (await import('./download')).download,
  ),
};
