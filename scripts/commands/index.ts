import { challengeAdd } from './challenge';
import { taskAdd } from './task';
import type { Command } from './types';
import { tokenAdd, userAdd } from './user';

export const commands: Record<string, Command> = {
  'user add': userAdd,
  'token add': tokenAdd,
  'challenge add': challengeAdd,
  'task add': taskAdd,
};
