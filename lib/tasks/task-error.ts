import { fail, type Place } from '@/lib/tables/problem';

/** Every task-folder problem is a `bad_task:<rule>` error naming file, column, row and value. */
export function taskFail(rule: string, headline: string, place: Place, hint?: string): never {
  fail('bad_task', rule, headline, place, hint);
}
