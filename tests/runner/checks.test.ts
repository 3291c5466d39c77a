// Checks declared with their model: an error stops everything downstream, a warning is
// recorded and published for the data-quality page.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathsFor, projectRoot } from '../../pipelines/config.ts';
import { seedMiniDemo } from '../../pipelines/cli/runtime.ts';
import { inboxDir } from '../../pipelines/ingest/inbox.ts';
import { openDatabase, queryRows } from '../../pipelines/warehouse/duckdb.ts';
import { checksOf, modelHeaderSchema } from '../../pipelines/assets/sql_model.ts';
import { demoLines, demoRequests, solidataCli, tempDir, writeDelivery } from '../helpers/fixtures.ts';

async function solidata(dataDir: string, ...args: string[]) {
  const r = await solidataCli([...args, '--data-dir', dataDir]);
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('checks', () => {
  it('publish their warnings, and an error stops everything downstream', async () => {
    const dataDir = tempDir();
    seedMiniDemo(dataDir);
    expect((await solidata(dataDir, 'materialize', 'publication')).code).toBe(0);
    const published = await openDatabase(pathsFor(dataDir).published, { readOnly: true });
    const checks = await queryRows<{ actif: string; controle: string; gravite: string; reussi: boolean }>(published.connection, 'SELECT * FROM controles');
    published.close();
    // The demo's data date (June 2025) is more than a year old: a warning, not an error.
    expect(checks).toContainEqual(expect.objectContaining({ actif: 'staging.stg_sls__demandes', controle: 'freshness(365 jours)', gravite: 'avertissement', reussi: false }));
    expect(checks).toContainEqual(expect.objectContaining({ actif: 'marts.fct_demandes', controle: 'unique(demande_id)', reussi: true }));

    // A request at a site that the sites file does not know.
    const lines = demoLines(demoRequests);
    lines[3] = lines[3].replace(/;MDS-[A-Z]+;/, ';SITE-INCONNU;');
    writeDelivery(inboxDir(pathsFor(dataDir), 'sls_demandes'), path.basename(demoRequests), lines);
    const r = (await solidata(dataDir, 'materialize', 'publication'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('Contrôle references(site_id → staging.stg_sls__sites.site_id) en échec sur marts.fct_demandes');
    expect(r.out).toContain('SITE-INCONNU');
    const history = JSON.parse((await solidata(dataDir, 'history', '--format', 'json', '--limite', '5')).out) as { asset: string; status: string }[];
    expect(history.find((h) => h.asset === 'publication')?.status).toBe('skipped');
  });
});

describe('uniqueness checks by month', () => {
  it('look for the touched months\' values among all rows', async () => {
    const db = await openDatabase(':memory:');
    try {
      // « b » twice in old months (as no passed check leaves it): seen only by the whole check.
      await db.connection.run(`CREATE TABLE t AS SELECT * FROM (VALUES ('a', '2025-01', 1), ('a', '2025-07', 1), ('b', '2025-01', 1), ('b', '2025-02', 1),
        ('c', '2025-03', NULL), ('d', NULL, 1)) v(id, mois, n)`);
      const header = modelHeaderSchema.parse({ partition_by: 'mois', checks: { unique: ['id'], not_null: ['n'] } });
      const [notNull, unique] = checksOf('main.t', header);
      // A plain scan stays whole: DuckDB answers it from the column's statistics.
      expect(notNull.forMonths).toBeUndefined();
      const ids = async (sql: string) => (await queryRows<{ id: string }>(db.connection, sql)).map((r) => r.id).sort();
      expect(await ids(unique.sql)).toEqual(['a', 'b']);
      // July's « a » collides with January's, which July's delivery did not touch.
      expect(await ids(unique.forMonths!(['2025-07']))).toEqual(['a']);
      expect(await ids(unique.forMonths!(['2025-03']))).toEqual([]);
      // A year touches its months.
      expect(await ids(unique.forMonths!(['2025']))).toEqual(['a', 'b']);
      // Rows without a month are always looked at; no month touched, only them.
      expect(await ids(unique.forMonths!([]))).toEqual([]);
      await db.connection.run(`INSERT INTO t VALUES ('d', NULL, 1)`);
      expect(await ids(unique.forMonths!([]))).toEqual(['d']);
    } finally {
      db.close();
    }
  });
});
