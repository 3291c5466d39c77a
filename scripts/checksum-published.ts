// Prints one line per table of a DuckDB database: its row count and a hash of its sorted rows, so that
// two runs (before and after a refactor) can be compared with `diff`. Tables whose rows carry the time
// of the run (publication dates) differ between runs by nature; the diff names them.
// Floating-point sums are not reproducible to the last bit between two runs of the same code (DuckDB
// adds in parallel, in any order): --arrondi N rounds every DOUBLE to N decimals before hashing.
// Usage: npx tsx scripts/checksum-published.ts <file.duckdb> [--arrondi N]
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
const at = process.argv.indexOf('--arrondi');
const decimals = at > 0 ? Number(process.argv[at + 1]) : null;
if (!file) {
  process.stderr.write('Usage : npx tsx scripts/checksum-published.ts <base.duckdb>\n');
  process.exit(2);
}
const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
const db = await instance.connect();
const tables = (
  await db.runAndReadAll(
    `SELECT database_name, schema_name, table_name FROM duckdb_tables() WHERE NOT internal AND database_name = current_database() ORDER BY ALL`,
  )
).getRowObjectsJS() as { database_name: string; schema_name: string; table_name: string }[];
const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
for (const t of tables) {
  const name = `${quote(t.schema_name)}.${quote(t.table_name)}`;
  const columns = (
    await db.runAndReadAll(
      `SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = $s AND table_name = $t ORDER BY column_index`,
      { s: t.schema_name, t: t.table_name },
    )
  ).getRowObjectsJS() as { column_name: string; data_type: string }[];
  const select = columns.map((c) => (decimals !== null && /^(DOUBLE|FLOAT|REAL)$/.test(c.data_type) ? `round(${quote(c.column_name)}, ${decimals}) AS ${quote(c.column_name)}` : quote(c.column_name))).join(', ');
  const [row] = (
    await db.runAndReadAll(
      `SELECT count(*)::BIGINT AS n, coalesce(md5(string_agg(h, '' ORDER BY h)), '') AS hash FROM (SELECT md5(CAST(x AS VARCHAR)) AS h FROM (SELECT ${select} FROM ${name}) x)`,
    )
  ).getRowObjectsJS() as { n: bigint; hash: string }[];
  process.stdout.write(`${t.schema_name}.${t.table_name}\t${row.n}\t${row.hash}\n`);
}
db.closeSync();
instance.closeSync();
