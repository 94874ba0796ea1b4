export * from './types';
export { readCsv } from './csv-read';
export { writeCsv, formatFloat } from './csv-write';
export { readParquet } from './parquet-read';
export { writeParquet } from './parquet-write';
export { applySchema } from './apply-schema';
export { readRawTable, writeTableBoth, formatOf, type TableFormat } from './read-table';
export { fail, placeText, showValue, type Place } from './problem';
