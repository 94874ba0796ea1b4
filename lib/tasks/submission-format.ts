import type { Datasheet } from './datasheet';

/** What the task page tells a participant about the upload, per task kind (docs/submissions.md). */
export function submissionFormat(task: { type: string; datasheet: Datasheet | null; classes?: string[] | null }): { kind: string; format: string; rows: string } {
  if (task.type === 'grouping') return { kind: 'grouping (variant groups)', format: 'id,group (any group labels; only which records share one matters)', rows: 'one row per test id' };
  if (task.type === 'matching' && task.datasheet?.matching?.candidates === 'open') {
    return { kind: 'open record matching', format: 'left_id,right_id[,score]', rows: 'one row per pair you predict is a match (no candidate list; a pair is on the public board when its left record is)' };
  }
  if (task.type === 'matching') return { kind: 'record matching', format: 'left_id,right_id,label[,score]', rows: 'one row per test pair' };
  return { kind: `${task.classes?.length ?? '?'}-way classification`, format: 'id,label — or id plus one probability column per class', rows: 'one row per test id' };
}
