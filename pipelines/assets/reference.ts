// Reference assets (schema ref): public data the project ships, loaded into the warehouse so
// the indicators can join it: communes with legal population, postal codes and centre, the
// départements, and the DREES series used for comparisons with France and other départements.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { projectRoot } from '../config.ts';
import { cogCommunes, communeCentres, currentCodes } from '../reference/cog.ts';
import { geoDir } from '../reference/geo.ts';
import { queryRows, sqlString } from '../warehouse/duckdb.ts';
import type { Asset } from './asset.ts';
import { dreesAideSocialeAsset } from './drees_aide_sociale.ts';

const require = createRequire(import.meta.url);
const communesJson = require.resolve('@etalab/decoupage-administratif/data/communes.json');
const departementsJson = require.resolve('@etalab/decoupage-administratif/data/departements.json');
const epciJson = require.resolve('@etalab/decoupage-administratif/data/epci.json');
const dreesDir = path.join(projectRoot, 'reference', 'drees');
const contourFiles = () => readdirSync(geoDir).filter((f) => /^communes-.*\.geojson$/.test(f)).sort().map((f) => path.join(geoDir, f));

// The data files and this module's own code (how they are loaded) make the hash.
const hashFiles = (files: string[]) => {
  const h = createHash('sha256').update(readFileSync(new URL(import.meta.url)));
  for (const f of files) h.update(readFileSync(f));
  return h.digest('hex').slice(0, 16);
};

function communesAsset(): Asset {
  const files = () => [communesJson, departementsJson, epciJson, ...contourFiles()];
  return {
    name: 'ref.communes',
    description: 'Communes actuelles (COG) : nom, département, population légale, codes postaux et centre (d’après les contours livrés) ; et les départements avec leur population.',
    upstream: [],
    provides: ['ref.departements'],
    codeHash: hashFiles(files()),
    checks: [{ name: 'unique(code_commune)', sql: 'SELECT code_commune FROM ref.communes GROUP BY ALL HAVING count(*) > 1 LIMIT 5', message: 'des communes apparaissent deux fois' }],
    async materialise(ctx) {
      const db = await ctx.warehouse();
      const current = currentCodes(cogCommunes());
      const centres = contourFiles().flatMap((f) => [...communeCentres(f, current)]);
      const values = centres.map(([code, p]) => `(${sqlString(code)}, ${p.lat}, ${p.lon})`).join(', ');
      await db.run('CREATE SCHEMA IF NOT EXISTS ref');
      await db.run(`CREATE OR REPLACE TABLE ref.communes AS
        WITH cog AS (
          SELECT * FROM read_json(${sqlString(communesJson)}, format = 'array',
            columns = {code: 'VARCHAR', nom: 'VARCHAR', type: 'VARCHAR', departement: 'VARCHAR', population: 'BIGINT', codesPostaux: 'VARCHAR[]'})
          WHERE type = 'commune-actuelle'
        ),
        centres(code, latitude, longitude) AS (${values ? `VALUES ${values}` : 'SELECT NULL::VARCHAR, NULL::DOUBLE, NULL::DOUBLE WHERE false'}),
        -- The EPCI of each commune: the Métropole de Lyon exercises the département's social action on its
        -- territory, so the DREES row of the Rhône covers the rest of it only.
        epci AS (
          SELECT e.code AS code_epci, m.code
          FROM read_json(${sqlString(epciJson)}, format = 'array', columns = {code: 'VARCHAR', membres: 'STRUCT(code VARCHAR)[]'}) AS e,
            unnest(e.membres) AS u(m)
        )
        SELECT cog.code AS code_commune, cog.nom, cog.departement AS code_departement, coalesce(cog.population, 0) AS population,
          coalesce(cog.codesPostaux, []) AS codes_postaux, centres.latitude, centres.longitude, epci.code_epci
        FROM cog LEFT JOIN centres USING (code) LEFT JOIN epci USING (code)
        ORDER BY code_commune`);
      await db.run(`CREATE OR REPLACE TABLE ref.departements AS
        SELECT d.code AS code_departement, d.nom, sum(c.population) AS population
        FROM read_json(${sqlString(departementsJson)}, format = 'array', columns = {code: 'VARCHAR', nom: 'VARCHAR'}) AS d
        JOIN ref.communes AS c ON c.code_departement = d.code
        GROUP BY ALL ORDER BY code_departement`);
      const [{ n }] = await queryRows<{ n: number }>(db, 'SELECT count(*) AS n FROM ref.communes');
      return { rows: Number(n) };
    },
  };
}

function dreesAsset(): Asset {
  const minima = path.join(dreesDir, 'drees_minima_sociaux_dep_annuel.csv');
  const personnel = path.join(dreesDir, 'drees_personnel_action_sociale_dep.csv');
  const monthly = path.join(dreesDir, 'drees_prestations_mensuelles_dep.csv');
  return {
    name: 'ref.drees',
    description: 'Séries de la DREES par département et pour la France : bénéficiaires des minima sociaux au 31 décembre (ref.drees_minima_sociaux), allocataires mensuels par prestation (ref.drees_prestations) et personnels de l’action sociale (ref.drees_personnel).',
    upstream: [],
    provides: ['ref.drees_minima_sociaux', 'ref.drees_personnel', 'ref.drees_prestations'],
    codeHash: hashFiles([minima, personnel, monthly]),
    checks: [],
    async materialise(ctx) {
      const db = await ctx.warehouse();
      await db.run('CREATE SCHEMA IF NOT EXISTS ref');
      // The France row has no département code: it gets 'FR' (metropolitan and overseas subtotals are left out).
      await db.run(`CREATE OR REPLACE TABLE ref.drees_minima_sociaux AS
        SELECT dispositif, coalesce(dep_code, 'FR') AS code, dep_libelle AS libelle, annee, allocataires_31dec AS allocataires
        FROM read_csv(${sqlString(minima)}, header = true, all_varchar = false,
          types = {dep_code: 'VARCHAR', annee: 'INTEGER', allocataires_31dec: 'BIGINT', note_serie: 'VARCHAR', valeur_brute_si_non_numerique: 'VARCHAR'})
        WHERE allocataires_31dec IS NOT NULL AND (dep_code IS NOT NULL OR dep_libelle = 'France')`);
      await db.run(`CREATE OR REPLACE TABLE ref.drees_personnel AS
        SELECT mesure, categorie, dep_code AS code, dep_libelle AS libelle, annee, valeur
        FROM read_csv(${sqlString(personnel)}, header = true, types = {dep_code: 'VARCHAR', annee: 'INTEGER', valeur: 'DOUBLE', statut: 'VARCHAR'})
        WHERE valeur IS NOT NULL AND dep_code IS NOT NULL`);
      // Benefits named as the CAF names them in its deliveries.
      await db.run(`CREATE OR REPLACE TABLE ref.drees_prestations AS
        SELECT CASE prestation WHEN 'PRIME_ACTIVITE' THEN 'PPA' WHEN 'AIDE_LOGEMENT' THEN 'AL' ELSE prestation END AS prestation,
          dep_code AS code, dep_libelle AS libelle, mois, allocataires, coalesce(statut, '') = 'provisoire' AS provisoire
        FROM read_csv(${sqlString(monthly)}, header = true, types = {dep_code: 'VARCHAR', mois: 'VARCHAR', allocataires: 'BIGINT', statut: 'VARCHAR', evol_glissement_annuel_pct: 'VARCHAR'})
        WHERE allocataires IS NOT NULL AND dep_code IS NOT NULL`);
      const [{ n }] = await queryRows<{ n: number }>(db, `SELECT (SELECT count(*) FROM ref.drees_minima_sociaux) + (SELECT count(*) FROM ref.drees_personnel)
        + (SELECT count(*) FROM ref.drees_prestations) AS n`);
      return { rows: Number(n) };
    },
  };
}

/** Commune contours (GeoJSON geometries) for the maps, under today's commune codes. */
function contoursAsset(): Asset {
  return {
    name: 'ref.contours',
    description: 'Contours des communes (géométrie GeoJSON, IGN Admin Express simplifié) des départements livrés dans reference/geo, sous le code de la commune actuelle, pour les cartes sans serveur de tuiles.',
    upstream: [],
    codeHash: hashFiles([communesJson, ...contourFiles()]),
    checks: [],
    async materialise(ctx) {
      const db = await ctx.warehouse();
      const current = currentCodes(cogCommunes());
      await db.run('CREATE SCHEMA IF NOT EXISTS ref');
      await db.run('CREATE OR REPLACE TABLE ref.contours (code_commune VARCHAR, code_contour VARCHAR, geometrie VARCHAR)');
      const appender = await db.createAppender('contours', 'ref');
      let rows = 0;
      for (const file of contourFiles()) {
        const data = JSON.parse(readFileSync(file, 'utf8')) as { features: { properties?: Record<string, unknown>; geometry?: unknown }[] };
        for (const f of data.features) {
          const code = String(f.properties?.code ?? f.properties?.insee ?? '').padStart(5, '0');
          if (!f.geometry || !current.has(code)) continue;
          // A commune merged since keeps the contours of its former communes, under today's code.
          for (const v of [current.get(code)!, code, JSON.stringify(f.geometry)]) appender.appendVarchar(v);
          appender.endRow();
          rows++;
        }
      }
      appender.closeSync();
      return { rows };
    },
  };
}

export const referenceAssets = (): Asset[] => [communesAsset(), dreesAsset(), dreesAideSocialeAsset(), contoursAsset()];
