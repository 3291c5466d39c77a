// Travel-time coverage (pipelines/transit): who can reach a service point on foot, by public
// transport (the GTFS feed left in the data directory) or by road, within the thresholds of the
// settings. One TypeScript asset writes marts.accessibilite in the long shape of the indicators;
// one SQL file per indicator in sql/indicators/ publishes it with its catalogue entry.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Paths } from '../config.ts';
import { coverageIndicators, findFeed, readWarehousePlaces } from '../transit/inputs.ts';
import { queryRows } from '../warehouse/duckdb.ts';
import type { Asset } from './asset.ts';
import { hashText } from './sql_model.ts';

const transitDir = path.dirname(fileURLToPath(new URL('../transit/inputs.ts', import.meta.url)));

/** What the feed is now: its files' names, sizes and dates (a new feed makes the asset stale). */
function feedStamp(paths: Paths): string {
  const feed = findFeed(paths.dataDir);
  if (!feed) return 'aucun';
  const files = statSync(feed).isDirectory() ? readdirSync(feed).sort().map((f) => path.join(feed, f)) : [feed];
  return hashText(files.map((f) => `${path.basename(f)}:${statSync(f).size}:${statSync(f).mtimeMs}`).join('|'));
}
const stampFile = (paths: Paths) => path.join(paths.dataDir, 'gtfs-calcule.txt');

export function travelTimesAsset(): Asset {
  const code = readdirSync(transitDir).filter((f) => f.endsWith('.ts')).sort().map((f) => readFileSync(path.join(transitDir, f), 'utf8')).join('\n');
  return {
    name: 'marts.accessibilite',
    description: 'Part de la population à portée d’un lieu d’accueil à pied, en transport en commun (fiche horaire GTFS du dossier de données) et par la route, par commune, territoire et département, au total et par type de lieu, pour le jour et la plage horaire étudiés.',
    upstream: ['intermediate.int_communes', 'staging.stg_sls__sites'],
    codeHash: createHash('sha256').update(code).digest('hex').slice(0, 16),
    checks: [{
      name: 'parts entre 0 et 100 %',
      sql: 'SELECT * FROM marts.accessibilite WHERE valeur < 0 OR valeur > 100 LIMIT 5',
      message: 'une part de population sort de 0–100 %',
    }],
    pending: ({ paths }) => (existsSync(stampFile(paths)) ? readFileSync(stampFile(paths), 'utf8') : '') !== feedStamp(paths),
    async materialise(ctx) {
      const db = await ctx.warehouse();
      const places = await readWarehousePlaces(db);
      const { rows } = coverageIndicators({
        communes: places.communes, sites: places.sites, dataDate: places.dataDate,
        gtfs: findFeed(ctx.paths.dataDir), config: ctx.settings.access as never,
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
      writeFileSync(stampFile(ctx.paths), feedStamp(ctx.paths));
      const [{ n }] = await queryRows<{ n: number }>(db, 'SELECT count(*) AS n FROM marts.accessibilite');
      return { rows: Number(n) };
    },
  };
}
