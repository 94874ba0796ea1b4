import type { ParseArgsConfig } from 'node:util';

export type Parsed = { values: Record<string, string | boolean | undefined>; positionals: string[] };

export type Command = {
  summary: string;
  options?: NonNullable<ParseArgsConfig['options']>;
  run: (args: Parsed) => Promise<number | void>;
};
