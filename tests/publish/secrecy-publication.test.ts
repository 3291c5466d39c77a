// The publication under statistical secrecy, on a copy of the demo's data directory: a frozen edition
// is protected with the current figures (what it showed is known to the attacker), the reason for
// masking and the audit stay in the warehouse, and nothing in the published database tells a
// primary from a secondary masked cell.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pathsFor } from '../../pipelines/config.ts';
import { freezeEdition } from '../../pipelines/publish/editions.ts';
import { publish } from '../../pipelines/publish/publish.ts';
import { indicatorBases } from '../../pipelines/assets/indicators.ts';
import { openDatabase, queryRows } from '../../pipelines/warehouse/duckdb.ts';
import { tempDir } from '../helpers/fixtures.ts';

const source = process.env.SOLIDATA_TEST_DATA_DIR ?? '/work/e2e-data';
const paths = pathsFor(tempDir());
const log: string[] = [];

async function rows<T>(file: string, sql: string): Promise<T[]> {
  const db = await openDatabase(file, { readOnly: true });
  try {
    return await queryRows<T>(db.connection, sql);
  } finally {
    db.close();
  }
}

describe('publication under statistical secrecy', () => {
  beforeAll(async () => {
    mkdirSync(paths.dataDir, { recursive: true });
    copyFileSync(path.join(source, 'warehouse.duckdb'), paths.warehouse);
    copyFileSync(path.join(source, 'published.duckdb'), paths.published);
    // An edition frozen from the publication as it was before (it may still carry motif_secret).
    await freezeEdition(paths, 'vote-avant');
    const db = await openDatabase(paths.warehouse);
    try {
      await publish(db.connection, paths, { threshold: 11, minWidth: 3, bases: indicatorBases() }, (line) => log.push(line));
    } finally {
      db.close();
    }
  }, 300_000);

  it('publishes no reason for masking, in any table', async () => {
    const columns = await rows<{ t: string; c: string }>(paths.published, `SELECT table_name AS t, column_name AS c FROM information_schema.columns`);
    expect(columns.filter((c) => /motif_secret|suppression|primaire|secondaire/.test(c.c))).toEqual([]);
    const reasons = await rows<{ suppression: string }>(paths.warehouse, `SELECT DISTINCT suppression FROM secret.cellules ORDER BY 1`);
    expect(reasons.map((r) => r.suppression)).toEqual(['primaire', 'secondaire']);
  });

  it('keeps the audit in the warehouse, every masked count as wide as the rule', async () => {
    // Every masked count, and every hidden difference that is a small group (a share's denominator −
    // numerator: « base − base »), judged here on its own interval, not on the module's verdict.
    const audit = await rows<{ n: number; bad: number; narrowest: number; differences: number; lowest: number }>(paths.warehouse,
      `SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE NOT conforme)::INTEGER AS bad,
         min(max - min) FILTER (WHERE base NOT LIKE '% − %' OR valeur BETWEEN 1 AND 10) AS narrowest,
         count(*) FILTER (WHERE base LIKE '% − %' AND valeur BETWEEN 1 AND 10)::INTEGER AS differences,
         min(max) FILTER (WHERE valeur BETWEEN 1 AND 10) AS lowest
       FROM secret.audit`);
    expect(audit[0].differences).toBeGreaterThan(0);
    expect(audit[0].lowest).toBeGreaterThanOrEqual(11 - 1e-6);
    expect(audit[0].n).toBeGreaterThan(100);
    expect(audit[0].bad).toBe(0);
    expect(audit[0].narrowest).toBeGreaterThanOrEqual(3);
    expect(log.some((l) => /cases masquées sur/.test(l))).toBe(true);
  });

  it('masks in the edition every count the current publication hides, when the edition showed the same value', async () => {
    // Cells the edition showed whose same count is masked now: they would give it away.
    const db = await openDatabase(paths.warehouse, { readOnly: true });
    let leaks: unknown[];
    try {
      await db.connection.run(`ATTACH '${paths.published}' AS pub (READ_ONLY)`);
      leaks = await queryRows(db.connection, `
        SELECT e.indicateur, e.code, e.periode FROM pub.indicateurs_editions AS e
        JOIN pub.indicateurs AS i USING (indicateur, niveau, code, periode, dimension, modalite)
        JOIN marts.indicateurs AS w USING (indicateur, niveau, code, periode, dimension, modalite)
        WHERE i.secret AND i.effectif IS NULL AND NOT e.secret AND e.effectif = w.effectif`);
    } finally {
      db.close();
    }
    expect(leaks).toEqual([]);
    // And the edition shows no small group any more.
    const small = await rows<{ n: number }>(paths.published, `SELECT count(*)::INTEGER AS n FROM indicateurs_editions WHERE effectif < 11
      OR (numerateur BETWEEN 1 AND 10 AND denominateur = effectif) OR (denominateur - numerateur BETWEEN 1 AND 10 AND denominateur = effectif)`);
    expect(small[0].n).toBe(0);
    const same = await rows<{ n: number }>(paths.published, `SELECT count(*)::INTEGER AS n FROM indicateurs_editions WHERE edition = 'vote-avant'`);
    expect(same[0].n).toBeGreaterThan(1000);
  });

  it('publishes no effectif of a median or a percentile, not even in an edition frozen when it was published', async () => {
    const withheld = Object.entries(indicatorBases()).filter(([, b]) => b.unpublished).map(([id]) => `'${id}'`);
    expect(withheld.length).toBeGreaterThanOrEqual(4);
    const shown = (file: string, table: string) => rows<{ n: number }>(file,
      `SELECT count(*)::INTEGER AS n FROM ${table} WHERE indicateur IN (${withheld.join(', ')}) AND effectif IS NOT NULL`);
    // The edition was frozen from a publication that still showed them.
    expect((await shown(path.join(source, 'published.duckdb'), 'indicateurs'))[0].n).toBeGreaterThan(0);
    expect((await shown(paths.published, 'indicateurs'))[0].n).toBe(0);
    expect((await shown(paths.published, 'indicateurs_editions'))[0].n).toBe(0);
    // Their values are still published where their effectif reaches the threshold.
    const values = await rows<{ n: number }>(paths.published,
      `SELECT count(*)::INTEGER AS n FROM indicateurs WHERE indicateur = 'delai_premier_rdv_median' AND NOT secret AND valeur IS NOT NULL`);
    expect(values[0].n).toBeGreaterThan(100);
  });
});
