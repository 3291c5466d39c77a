// Indicators: one SQL file in sql/indicators/ each, with its catalogue entry in its header.
// marts.indicateurs gathers them all in one long table, with the date of the data behind each.
import path from 'node:path';
import { z } from 'zod';
import { contracts } from '../contracts/index.ts';
import { queryRows, sqlIdent, sqlString } from '../warehouse/duckdb.ts';
import type { Asset } from './asset.ts';
import { hashText, listModelFiles, modelHeaderSchema, parseHeader, readSqlModel, sqlModelAsset, type SqlFile } from './sql_model.ts';
import { parseBaseCount, type BaseCount } from '../publish/secrecy/index.ts';

export const NIVEAUX = ['commune', 'site', 'territoire', 'departement', 'france'] as const;

/** Sources shipped with the project rather than delivered: the DREES series (reference/drees). */
export const REFERENCE_SOURCES = ['drees'];

export const indicatorHeaderSchema = modelHeaderSchema.extend({
  titre: z.string().min(3),
  definition: z.string().min(10),
  unite: z.string().min(1),
  theme: z.enum(['acces_droits', 'delais', 'moyens', 'proximite', 'activite', 'horaires', 'parole_citoyenne']),
  sources: z.array(z.string()).min(1),
  niveaux: z.array(z.enum(NIVEAUX)).min(1),
  precautions: z.string().default(''),
  // A share judged on a window (within 15 days, within 2 months): only the entries whose window has
  // closed by the date of the data count. Published in the catalogue and shown beside the figure.
  fenetre_jours: z.number().int().positive().optional(),
  // Statistical secrecy: the base count its effectif counts, shared with the indicators naming the
  // same one (e.g. `demandes`, or `caf_foyers[prestation=RSA]` when its totals are one modality of it).
  secret_base: z.string().regex(/^[a-z0-9_]+(\[[a-z0-9_]+=[^\]=]+\])?( dans [a-z0-9_]+)?$/, 'attendu : un nom de base en minuscules, éventuellement suivi de [dimension=modalité], puis de « dans » et de la base qui la contient').optional(),
});
export type IndicatorEntry = z.infer<typeof indicatorHeaderSchema> & { id: string };

export interface Indicator {
  entry: IndicatorEntry;
  model: SqlFile;
}

export function loadIndicators(): Indicator[] {
  return listModelFiles('indicators').map((file) => {
    const model = readSqlModel(file);
    const entry = { ...parseHeader(model, indicatorHeaderSchema), id: path.basename(file, '.sql') };
    const unknown = entry.sources.filter((s) => !contracts[s] && !REFERENCE_SOURCES.includes(s));
    if (unknown.length > 0) {
      throw new Error(`sql/indicators/${entry.id}.sql : source(s) inconnue(s) dans l’en-tête : ${unknown.join(', ')} (connues : ${[...Object.keys(contracts), ...REFERENCE_SOURCES].join(', ')}).`);
    }
    return { entry, model };
  });
}

export function indicatorAssets(indicators: Indicator[]): Asset[] {
  return indicators.map(({ model, entry }) => {
    const asset = sqlModelAsset(model);
    const table = model.name.split('.').map(sqlIdent).join('.');
    return {
      ...asset,
      description: entry.definition,
      checks: [
        ...asset.checks,
        {
          name: 'niveaux déclarés',
          sql: `SELECT DISTINCT niveau FROM ${table} WHERE niveau NOT IN (${entry.niveaux.map(sqlString).join(', ')})`,
          message: `l’indicateur produit des niveaux absents de son en-tête (niveaux : ${entry.niveaux.join(', ')})`,
        },
        {
          name: 'cellules identifiées',
          sql: `SELECT * FROM ${table} WHERE niveau IS NULL OR code IS NULL OR periode IS NULL LIMIT 5`,
          message: 'des lignes n’ont pas de niveau, de code ou de période',
        },
      ],
    };
  });
}

/** marts.indicateurs and marts.catalogue, from every indicator. */
export function indicatorsUnionAsset(indicators: Indicator[]): Asset {
  // Indicator files return only the columns they need; BY NAME fills the others with NULL.
  const selects = indicators.map(({ entry, model }) => {
    // The latest extraction date of the active deliveries of its first source, the one its figures
    // count (the others, sites or territories, only place them): staffing is dated by the staffing
    // deliveries, not by the sites file.
    const date = `(SELECT max(date_extraction) FROM meta.livraisons WHERE active AND source = ${sqlString(entry.sources[0])})`;
    return `SELECT ${sqlString(entry.id)} AS indicateur, ${sqlString(entry.unite)} AS unite, ${date} AS date_extraction, *
      FROM ${model.name.split('.').map(sqlIdent).join('.')}`;
  });
  const union = `SELECT indicateur, niveau::VARCHAR AS niveau, code::VARCHAR AS code, libelle::VARCHAR AS libelle, periode::VARCHAR AS periode,
      coalesce(dimension::VARCHAR, '') AS dimension, coalesce(modalite::VARCHAR, '') AS modalite,
      valeur::DOUBLE AS valeur, numerateur::DOUBLE AS numerateur, denominateur::DOUBLE AS denominateur,
      effectif::BIGINT AS effectif, unite,
      -- Without an extraction date (a CAF delivery by month, the DREES files), the end of the cell's
      -- period stands for it, marked as estimated.
      coalesce(date_extraction::DATE, CASE length(periode::VARCHAR)
        WHEN 4 THEN try_cast(periode::VARCHAR || '-12-31' AS DATE)
        WHEN 7 THEN last_day(try_cast(periode::VARCHAR || '-01' AS DATE))
        ELSE try_cast(periode::VARCHAR AS DATE) END) AS date_donnees,
      date_extraction IS NULL AS date_donnees_estimee
    FROM (
      SELECT NULL::VARCHAR AS indicateur, NULL::VARCHAR AS unite, NULL::DATE AS date_extraction, NULL::VARCHAR AS niveau, NULL::VARCHAR AS code,
        NULL::VARCHAR AS libelle, NULL::VARCHAR AS periode, NULL::VARCHAR AS dimension, NULL::VARCHAR AS modalite, NULL::DOUBLE AS valeur,
        NULL::DOUBLE AS numerateur, NULL::DOUBLE AS denominateur, NULL::BIGINT AS effectif
      WHERE false
      ${selects.map((s) => `UNION ALL BY NAME ${s}`).join('\n')}
    )`;
  const catalogue = indicators.map(({ entry: e }) =>
    `(${[e.id, e.titre, e.definition, e.unite, e.theme, e.sources.join(', '), e.niveaux.join(', '), e.precautions].map(sqlString).join(', ')}, ${e.fenetre_jours ?? 'NULL::INTEGER'})`);
  const code = union + catalogue.join(',');
  return {
    name: 'marts.indicateurs',
    description: 'Tous les indicateurs dans une table longue (indicateur, niveau, code, période, dimension, modalité, valeur, numérateur, dénominateur, effectif), avant secret statistique.',
    upstream: indicators.map((i) => i.model.name),
    codeHash: hashText(code),
    checks: [{
      name: 'unique(indicateur, niveau, code, periode, dimension, modalite)',
      sql: 'SELECT indicateur, niveau, code, periode, dimension, modalite FROM marts.indicateurs GROUP BY ALL HAVING count(*) > 1 LIMIT 5',
      message: 'une même cellule d’indicateur apparaît plusieurs fois',
    }],
    async materialise(ctx) {
      const db = await ctx.warehouse();
      await db.run('CREATE SCHEMA IF NOT EXISTS marts');
      await db.run(`CREATE OR REPLACE TABLE marts.indicateurs AS ${union} ORDER BY ALL`);
      await db.run(`CREATE OR REPLACE TABLE marts.catalogue AS SELECT * FROM (VALUES ${catalogue.join(', ')})
        AS t(indicateur, titre, definition, unite, theme, sources, niveaux, precautions, fenetre_jours)`);
      const [{ n }] = await queryRows<{ n: number }>(db, 'SELECT count(*) AS n FROM marts.indicateurs');
      return { rows: Number(n) };
    },
  };
}

/** Each indicator's base count, from the `secret_base` key of its header (absent: its own), for the secrecy. */
export function indicatorBases(): Record<string, BaseCount> {
  const bases: Record<string, BaseCount> = {};
  for (const { entry } of loadIndicators()) {
    const declared = entry.secret_base ? parseBaseCount(entry.secret_base) : undefined;
    if (declared) bases[entry.id] = declared;
  }
  return bases;
}
