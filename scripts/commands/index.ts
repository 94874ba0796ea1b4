import { challengeAdd } from './challenge';
import type { Command } from './types';
import { tokenAdd, userAdd } from './user';

export const commands: Record<string, Command> = {
  'user add': userAdd,
  'token add': tokenAdd,
  'challenge add': challengeAdd,
};
