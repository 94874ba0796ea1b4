/**
 * The byte-level streaming RFC 4180 record reader, as lib/tables exports it: readers
 * outside the tables module (task columns, grouping and open matching submissions) take
 * it from here. It still lives in lib/scoring/csv while the submission reader is moved
 * (issue 13); when it moves into lib/tables this re-export becomes the file itself.
 */
export { CsvRecordReader, MAX_RECORD_BYTES, type RecordSink } from '@/lib/scoring/csv/csv-records';
