// Travel-time coverage (pipelines/travel): who can reach a service point on foot, by public
// transport (the GTFS feed left in the data directory) or by road, within the thresholds of the
// settings. One TypeScript asset writes marts.accessibilite in the long shape of the indicators;
// one SQL file per indicator in sql/indicators/ publishes it with its catalogue entry.
import { createHash } from 'node:crypto';
import type { Paths } from '../config.ts';
import { coverageIndicators, feedRecord, findFeed, readWarehousePlaces, travelCode } from '../travel/inputs.ts';
import { queryRows } from '../warehouse/duckdb.ts';
import type { Asset } from './asset.ts';

const stamp = (paths: Paths) => feedRecord(paths.dataDir, 'gtfs-calcule.txt');

export function travelTimesAsset(): Asset {
  return {
    name: 'marts.accessibilite',
    description: 'Part de la population à portée d’un lieu d’accueil à pied, en transport en commun (fiche horaire GTFS du dossier de données) et par la route, par commune, territoire et département, au total et par type de lieu, pour le jour et la plage horaire étudiés.',
    upstream: ['intermediate.int_communes', 'staging.stg_sls__sites'],
    codeHash: createHash('sha256').update(travelCode()).digest('hex').slice(0, 16),
    checks: [{
      name: 'parts entre 0 et 100 %',
      sql: 'SELECT * FROM marts.accessibilite WHERE valeur < 0 OR valeur > 100 LIMIT 5',
      message: 'une part de population sort de 0–100 %',
    }],
    pending: ({ paths }) => stamp(paths).changed(),
    async materialise(ctx) {
      const db = await ctx.warehouse();
      const places = await readWarehousePlaces(db);
      const { rows } = coverageIndicators({
        communes: places.communes, sites: places.sites, dataDate: places.dataDate,
        gtfs: findFeed(ctx.paths.dataDir), config: ctx.settings.travel as never,
      });
      await db.run('CREATE SCHEMA IF NOT EXISTS marts');
      await db.run(`CREATE OR REPLACE TABLE marts.accessibilite (indicateur VARCHAR, niveau VARCHAR, code VARCHAR, libelle VARCHAR, periode VARCHAR,
        dimension VARCHAR, modalite VARCHAR, valeur DOUBLE, numerateur DOUBLE, denominateur DOUBLE, effectif BIGINT)`);
      const appender = await db.createAppender('accessibilite', 'marts');
      for (const r of rows) {
        for (const v of [r.indicateur, r.niveau, r.code, r.libelle, r.periode, r.dimension, r.modalite]) appender.appendVarchar(v);
        for (const v of [r.valeur, r.numerateur, r.denominateur]) if (v === null) appender.appendNull(); else appender.appendDouble(v);
        appender.appendNull();
        appender.endRow();
      }
      appender.closeSync();
      stamp(ctx.paths).record();
      const [{ n }] = await queryRows<{ n: number }>(db, 'SELECT count(*) AS n FROM marts.accessibilite');
      return { rows: Number(n) };
    },
  };
}
