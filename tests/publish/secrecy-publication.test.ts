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
import { openDatabase, queryRows, sqlString } from '../../pipelines/warehouse/duckdb.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { demoPublication } from '../helpers/demo-publication.ts';

const paths = pathsFor(tempDir());
const log: string[] = [];
let shownBefore = 0;
/** The indicators that publish no effectif (medians, percentiles), as SQL strings. */
const medians = () => Object.entries(indicatorBases()).filter(([, b]) => b.unpublished).map(([id]) => `'${id}'`);

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
    const source = await demoPublication();
    mkdirSync(paths.dataDir, { recursive: true });
    copyFileSync(path.join(source, 'warehouse.duckdb'), paths.warehouse);
    copyFileSync(path.join(source, 'published.duckdb'), paths.published);
    // An edition frozen from a publication made before medians withheld their effectif: theirs, from
    // the warehouse, put back where the cell was published.
    const before = await openDatabase(paths.published);
    try {
      await before.connection.run(`ATTACH ${sqlString(paths.warehouse)} AS w (READ_ONLY);
        UPDATE indicateurs AS i SET effectif = m.effectif FROM w.marts.indicateurs AS m
        WHERE i.indicateur IN (${medians().join(', ')}) AND NOT i.secret
          AND (i.indicateur, i.niveau, i.code, i.periode, i.dimension, i.modalite) = (m.indicateur, m.niveau, m.code, m.periode, m.dimension, m.modalite);
        DETACH w`);
      shownBefore = (await queryRows<{ n: number }>(before.connection, `SELECT count(*)::INTEGER AS n FROM indicateurs WHERE indicateur IN (${medians().join(', ')}) AND effectif IS NOT NULL`))[0].n;
    } finally {
      before.close();
    }
    await freezeEdition(paths, 'vote-avant');
    const db = await openDatabase(paths.warehouse);
    try {
      await publish(db.connection, paths, { threshold: 11, minWidth: 3, bases: indicatorBases() }, (line) => log.push(line));
    } finally {
      db.close();
    }
  }, 600_000);

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

  it('shows no small group by the difference of two published counts of the same people', async () => {
    // Counts of the same people at the same place, period and breakdown, as an outside analyst pairs
    // them from the definitions: the requests received and the 15-day share's requests (all, and those
    // seen within 15 days); the RSA entrants behind the four RSA shares; any share's denominator and
    // numerator. Both published, their difference must not be 1 to 10 people.
    const counts = `SELECT indicateur, niveau, code, periode, dimension, modalite, effectif, numerateur, denominateur
      FROM indicateurs WHERE NOT secret`;
    const pairs = await rows<{ a: string; b: string; n: number; small: number }>(paths.published, `
      WITH c AS (${counts}),
      comptes AS (
        SELECT 'demandes reçues' AS groupe, indicateur || '.effectif' AS compte, niveau, code, periode, dimension, modalite, effectif AS n FROM c WHERE indicateur = 'demandes_recues'
        UNION ALL SELECT 'demandes reçues', indicateur || '.' || x.k, niveau, code, periode, dimension, modalite, x.v FROM c,
          unnest([{k: 'denominateur', v: denominateur}, {k: 'numerateur', v: numerateur}]) AS t(x) WHERE indicateur = 'part_rdv_sous_15j'
        UNION ALL SELECT 'entrants au RSA', indicateur || '.denominateur', niveau, code, periode, dimension, modalite, denominateur FROM c WHERE indicateur LIKE 'rsa_part_%'
        UNION ALL SELECT indicateur, indicateur || '.' || x.k, niveau, code, periode, dimension, modalite, x.v FROM c,
          unnest([{k: 'denominateur', v: denominateur}, {k: 'numerateur', v: numerateur}]) AS t(x) WHERE numerateur IS NOT NULL AND effectif IS NOT NULL
      )
      SELECT a.compte AS a, b.compte AS b, count(*)::INTEGER AS n, count(*) FILTER (WHERE abs(a.n - b.n) BETWEEN 1 AND 10)::INTEGER AS small
      FROM comptes AS a JOIN comptes AS b USING (groupe, niveau, code, periode, dimension, modalite)
      WHERE a.compte < b.compte AND a.n IS NOT NULL AND b.n IS NOT NULL
      GROUP BY ALL ORDER BY 1, 2`);
    // The pairs are there (the test is not empty), and none shows a small group.
    expect(pairs.find((p) => p.a === 'demandes_recues.effectif' && p.b === 'part_rdv_sous_15j.denominateur')?.n).toBeGreaterThan(100);
    expect(pairs.filter((p) => p.a.startsWith('rsa_part_') && p.b.startsWith('rsa_part_') && p.a.endsWith('.denominateur') && p.b.endsWith('.denominateur')).length).toBeGreaterThanOrEqual(6);
    expect(pairs.filter((p) => p.small > 0)).toEqual([]);
  });

  it('publishes no effectif of a median or a percentile, not even in an edition frozen when it was published', async () => {
    expect(medians().length).toBeGreaterThanOrEqual(4);
    const shown = (file: string, table: string) => rows<{ n: number }>(file,
      `SELECT count(*)::INTEGER AS n FROM ${table} WHERE indicateur IN (${medians().join(', ')}) AND effectif IS NOT NULL`);
    // The edition was frozen from a publication that still showed them.
    expect(shownBefore).toBeGreaterThan(100);
    expect((await shown(paths.published, 'indicateurs'))[0].n).toBe(0);
    expect((await shown(paths.published, 'indicateurs_editions'))[0].n).toBe(0);
    // Their values are still published where their effectif reaches the threshold.
    const values = await rows<{ n: number }>(paths.published,
      `SELECT count(*)::INTEGER AS n FROM indicateurs WHERE indicateur = 'delai_premier_rdv_median' AND NOT secret AND valeur IS NOT NULL`);
    expect(values[0].n).toBeGreaterThan(100);
  });
});
