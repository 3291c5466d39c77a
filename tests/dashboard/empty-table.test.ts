// A published table with no rows (no engagements file, no frozen edition, a département without
// contours) must reach the pages as an empty table with its columns: Evidence wrote no data file for
// it while its manifest listed one, and DuckDB-Wasm panics on an Arrow stream with no batch
// (patches/@evidence-dev+universal-sql+3.0.1.patch). Real parquet writer, real DuckDB-Wasm.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMultipartParquet } from '@evidence-dev/universal-sql';
// The node entry of the package (vitest resolves the "node" condition)
import { initDB, setParquetURLs, query, updateSearchPath } from '@evidence-dev/universal-sql/client-duckdb';

const columns = [
  { name: 'edition', evidenceType: 'string', typeFidelity: 'precise' },
  { name: 'cases', evidenceType: 'number', typeFidelity: 'precise' },
  { name: 'gelee_le', evidenceType: 'date', typeFidelity: 'precise' },
  { name: 'active', evidenceType: 'boolean', typeFidelity: 'precise' },
];

/** The pages' rows, as plain objects. */
const rows = (sql: string) => (query(sql) as { toJSON?: () => object }[]).map((r) => (r.toJSON ? r.toJSON() : r));

describe('a published table with no rows', () => {
  it('is written as a typed data file and read by the pages as an empty table, beside a table with rows', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'solidata-vide-'));
    const out = path.join(dir, 'data', 'solidata');
    // Laid out as a built dashboard is: <table>/<hash>/<table>.parquet, its column types in <table>/.
    const write = async (table: string, rows: object[]) => {
      mkdirSync(path.join(out, table), { recursive: true });
      writeFileSync(path.join(out, table, `${table}.schema.json`), JSON.stringify(columns));
      return buildMultipartParquet(columns, rows, path.join(dir, 'tmp', table), path.join(out, table, '0f0f'), `${table}.parquet`);
    };
    expect(await write('editions', [])).toBe(0);
    expect(existsSync(path.join(out, 'editions', '0f0f', 'editions.parquet'))).toBe(true);
    expect(await write('pleine', [{ edition: 'Assises 2026', cases: 12, gelee_le: new Date('2026-03-01T00:00:00Z'), active: true }])).toBe(1);

    await initDB();
    await setParquetURLs({ solidata: [path.join(out, 'editions', '0f0f', 'editions.parquet'), path.join(out, 'pleine', '0f0f', 'pleine.parquet')] });
    updateSearchPath(['solidata']);
    expect(rows('select * from solidata.editions')).toEqual([]);
    expect(rows(`select count(*)::int as n from solidata.editions where edition is not null and cases > 0 and active`)).toEqual([{ n: 0 }]);
    const types = rows(`select column_name, data_type from information_schema.columns where table_name = 'editions' order by ordinal_position`);
    expect(types.map((t) => (t as { data_type: string }).data_type)).toEqual(['VARCHAR', 'DOUBLE', 'TIMESTAMP', 'BOOLEAN']);
    const full = rows('select edition, cases from solidata.pleine');
    expect(full).toEqual([{ edition: 'Assises 2026', cases: 12 }]);
  });
});
