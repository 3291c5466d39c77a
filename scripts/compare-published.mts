// Compares two published databases table by table, as a refactor must leave them: the rows the
// same, except for what carries the run's own time (TIMESTAMP columns: livraisons.recue_le,
// controles.verifie_le) and the last bits of sums of doubles, which DuckDB's parallel aggregation
// adds in a different order from one run to the next (rounded here to 6 decimals; two runs of the
// same code differ there too, e.g. ccas_montant_accorde). Prints one line per table.
// Usage: npx tsx scripts/compare-published.mts <avant.duckdb> <après.duckdb>
import { DuckDBInstance } from '@duckdb/node-api';
const [x, y] = process.argv.slice(2);
if (!x || !y) {
  process.stderr.write('Usage : npx tsx scripts/compare-published.mts <avant.duckdb> <après.duckdb>\n');
  process.exit(2);
}
const inst = await DuckDBInstance.create(':memory:');
const c = await inst.connect();
await c.run(`ATTACH '${x}' AS a (READ_ONLY); ATTACH '${y}' AS b (READ_ONLY)`);
const tables = (await c.runAndReadAll(`SELECT DISTINCT table_name AS t FROM duckdb_tables() WHERE database_name = 'a' ORDER BY 1`)).getRowObjectsJS().map((r: any) => r.t as string);
const others = (await c.runAndReadAll(`SELECT DISTINCT table_name AS t FROM duckdb_tables() WHERE database_name = 'b'`)).getRowObjectsJS().map((r: any) => r.t as string);
for (const t of others.filter((t) => !tables.includes(t))) console.log(`${t}\t\tSEULEMENT DANS ${y}`);
for (const t of tables.filter((t) => !others.includes(t))) console.log(`${t}\t\tSEULEMENT DANS ${x}`);
for (const t of tables.filter((t) => others.includes(t))) {
  const cols = (await c.runAndReadAll(`SELECT column_name AS n, data_type AS d FROM duckdb_columns() WHERE database_name = 'a' AND table_name = '${t}' ORDER BY column_index`)).getRowObjectsJS() as { n: string; d: string }[];
  const sel = (db: string) => `SELECT ${cols.map(({ n, d }) => (d.startsWith('TIMESTAMP') ? `NULL AS "${n}"` : d === 'DOUBLE' ? `round("${n}", 6) AS "${n}"` : `"${n}"`)).join(', ')} FROM ${db}."${t}"`;
  const [r] = (await c.runAndReadAll(`SELECT (SELECT count(*) FROM (${sel('a')} EXCEPT ALL ${sel('b')})) AS ab, (SELECT count(*) FROM (${sel('b')} EXCEPT ALL ${sel('a')})) AS ba, (SELECT count(*) FROM a."${t}") AS n`)).getRowObjectsJS() as any[];
  console.log(`${t}\t${r.n}\t${r.ab === 0n && r.ba === 0n ? 'identique' : `DIFFÈRE ${r.ab}/${r.ba}`}`);
}
