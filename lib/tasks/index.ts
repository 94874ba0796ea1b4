export { prepareTask, ANSWER_KEY_FILE, type PreparedTask, type PreparedFile } from './prepare';
export { answerKeyFromFolder, seedOf } from './answer-key-from-folder';
export { loadTaskFolder, type LoadedTask } from './load-task';
export { extractTaskZip } from './zip';
export { buildDatasheet, type Datasheet, type TableSheet, type ColumnSheet, type ClassCount } from './datasheet';
export { parseTaskJson, taskJsonSchema, METRICS, COLUMN_ROLES, type TaskJson, type ColumnRole } from './task-json';
