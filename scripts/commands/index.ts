import { challengeAdd } from './challenge';
import { join } from './join';
import { score } from './score';
import { submit } from './submit';
import { taskAdd } from './task';
import type { Command } from './types';
import { tokenAdd, userAdd } from './user';

export const commands: Record<string, Command> = {
  'user add': userAdd,
  'token add': tokenAdd,
  'challenge add': challengeAdd,
  'task add': taskAdd,
  score,
  submit,
  join,
};
