import { DuckDBInstance } from '@duckdb/node-api';

/**
 * DuckDB as the "any standard reader" of our files, for tests: the column names and
 * types it infers, and the rows as JSON-able values.
 */
export async function duckdbRead(file: string, csvTypes?: Record<string, string>): Promise<{ columns: [string, string][]; rows: unknown[][] }> {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    const quoted = file.replaceAll("'", "''");
    const types = csvTypes ? `, types = {${Object.entries(csvTypes).map(([k, v]) => `'${k}': '${v}'`).join(', ')}}` : '';
    const source = file.endsWith('.parquet') ? `read_parquet('${quoted}')` : `read_csv('${quoted}'${types})`;
    const described = await con.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    const columns = described.getRows().map((r) => [String(r[0]), String(r[1])] as [string, string]);
    const result = await con.runAndReadAll(`SELECT * FROM ${source}`);
    return { columns, rows: result.getRowsJS() as unknown[][] };
  } finally {
    con.closeSync();
  }
}
