// Two DuckDB databases compared table by table, cell for cell, as scripts/compare-published.mts
// does: every table of either, rows as multisets (EXCEPT ALL both ways), except what carries a
// run's own time (TIMESTAMP columns) and the last bits of sums of doubles, which DuckDB's parallel
// aggregation adds in a different order from one run to the next (rounded to 6 decimals).
import { DuckDBInstance } from '@duckdb/node-api';

export interface TableDiff {
  table: string;
  rows: number;
  /** Rows of the first missing from the second, and the reverse; -1 when the table is on one side only. */
  onlyInFirst: number;
  onlyInSecond: number;
}

/** Every table of `schema` (default: the main one) in either database, with its differences. */
export async function diffDatabases(first: string, second: string, options: { schema?: string; where?: Record<string, string> } = {}): Promise<TableDiff[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  const rows = async <T>(sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJS() as T[];
  try {
    await c.run(`ATTACH '${first.replaceAll("'", "''")}' AS a (READ_ONLY); ATTACH '${second.replaceAll("'", "''")}' AS b (READ_ONLY)`);
    const schema = options.schema ?? 'main';
    const tablesOf = async (db: string) => new Set((await rows<{ t: string }>(
      `SELECT table_name AS t FROM duckdb_tables() WHERE database_name = '${db}' AND schema_name = '${schema}'
       UNION SELECT view_name FROM duckdb_views() WHERE database_name = '${db}' AND schema_name = '${schema}' AND NOT internal`)).map((r) => r.t));
    const [inA, inB] = [await tablesOf('a'), await tablesOf('b')];
    const out: TableDiff[] = [];
    for (const t of [...new Set([...inA, ...inB])].sort()) {
      if (!inA.has(t) || !inB.has(t)) {
        out.push({ table: t, rows: -1, onlyInFirst: inA.has(t) ? -1 : 0, onlyInSecond: inB.has(t) ? -1 : 0 });
        continue;
      }
      const cols = await rows<{ n: string; d: string }>(
        `SELECT column_name AS n, data_type AS d FROM duckdb_columns() WHERE database_name = 'a' AND schema_name = '${schema}' AND table_name = '${t}' ORDER BY column_index`);
      const where = options.where?.[t] ? ` WHERE ${options.where[t]}` : '';
      const select = (db: string) => `SELECT ${cols.map(({ n, d }) => (d.startsWith('TIMESTAMP') ? `NULL AS "${n}"` : d === 'DOUBLE' ? `round("${n}", 6) AS "${n}"` : `"${n}"`)).join(', ')} FROM ${db}.${schema}."${t}"${where}`;
      const [r] = await rows<{ ab: bigint; ba: bigint; n: bigint }>(
        `SELECT (SELECT count(*) FROM (${select('a')} EXCEPT ALL ${select('b')})) AS ab, (SELECT count(*) FROM (${select('b')} EXCEPT ALL ${select('a')})) AS ba, (SELECT count(*) FROM (${select('a')})) AS n`);
      out.push({ table: t, rows: Number(r.n), onlyInFirst: Number(r.ab), onlyInSecond: Number(r.ba) });
    }
    return out;
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}
