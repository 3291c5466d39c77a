// Compares two published databases table by table, as a refactor must leave them: the rows the
// same, except for what carries the run's own time (TIMESTAMP columns: livraisons.recue_le,
// controles.verifie_le) and the last bits of sums of doubles, which DuckDB's parallel aggregation
// adds in a different order from one run to the next (rounded to 6 decimals; two runs of the
// same code differ there too, e.g. ccas_montant_accorde). Prints one line per table.
// The comparison is the tests' (tests/helpers/published_diff.ts).
// Usage: npx tsx scripts/compare-published.mts <avant.duckdb> <après.duckdb>
import { diffDatabases } from '../tests/helpers/published_diff.ts';
const [x, y] = process.argv.slice(2);
if (!x || !y) {
  process.stderr.write('Usage : npx tsx scripts/compare-published.mts <avant.duckdb> <après.duckdb>\n');
  process.exit(2);
}
for (const d of await diffDatabases(x, y)) {
  if (d.rows === -1) console.log(`${d.table}\t\tSEULEMENT DANS ${d.onlyInFirst === -1 ? x : y}`);
  else console.log(`${d.table}\t${d.rows}\t${d.onlyInFirst === 0 && d.onlyInSecond === 0 ? 'identique' : `DIFFÈRE ${d.onlyInFirst}/${d.onlyInSecond}`}`);
}
