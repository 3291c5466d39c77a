// Indicators: one SQL file in sql/indicators/ each, with its catalogue entry in its header.
// marts.indicateurs gathers them all in one long table, with the date of the data behind each.
import path from 'node:path';
import { z } from 'zod';
import { contracts } from '../contracts/index.ts';
import { queryRows, sqlIdent, sqlString } from '../warehouse/duckdb.ts';
import type { Asset } from './asset.ts';
import { hashText, listModelFiles, modelHeaderSchema, parseHeader, readSqlModel, sqlModelAsset, type SqlFile } from './sql_model.ts';

export const NIVEAUX = ['commune', 'site', 'territoire', 'departement', 'france'] as const;

export const indicatorHeaderSchema = modelHeaderSchema.extend({
  titre: z.string().min(3),
  definition: z.string().min(10),
  unite: z.string().min(1),
  theme: z.enum(['acces_droits', 'delais', 'moyens', 'proximite', 'activite', 'horaires', 'parole_citoyenne']),
  sources: z.array(z.string()).min(1),
  niveaux: z.array(z.enum(NIVEAUX)).min(1),
  precautions: z.string().default(''),
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
    const unknown = entry.sources.filter((s) => !contracts[s]);
    if (unknown.length > 0) {
      throw new Error(`sql/indicators/${entry.id}.sql : source(s) inconnue(s) dans l’en-tête : ${unknown.join(', ')} (connues : ${Object.keys(contracts).join(', ')}).`);
    }
    return { entry, model };
  });
}

export function indicatorAssets(indicators: Indicator[]): Asset[] {
  return indicators.map(({ model, entry }) => ({ ...sqlModelAsset(model), description: entry.definition }));
}

/** marts.indicateurs and marts.catalogue, from every indicator. */
export function indicatorsUnionAsset(indicators: Indicator[]): Asset {
  const dated = (sources: string[]) => sources.filter((s) => contracts[s]?.periodColumn);
  const selects = indicators.map(({ entry, model }) => {
    const sources = dated(entry.sources);
    const date = sources.length > 0
      ? `(SELECT max(date_extraction) FROM meta.livraisons WHERE active AND source IN (${sources.map(sqlString).join(', ')}))`
      : 'NULL::DATE';
    return `SELECT ${sqlString(entry.id)} AS indicateur, niveau::VARCHAR AS niveau, code::VARCHAR AS code, libelle::VARCHAR AS libelle,
      periode::VARCHAR AS periode, valeur::DOUBLE AS valeur, effectif::BIGINT AS effectif, ${date} AS date_donnees
      FROM ${model.name.split('.').map(sqlIdent).join('.')}`;
  });
  const catalogue = indicators.map(({ entry: e }) =>
    `(${[e.id, e.titre, e.definition, e.unite, e.theme, e.sources.join(', '), e.niveaux.join(', '), e.precautions].map(sqlString).join(', ')})`);
  const code = selects.join('\nUNION ALL\n') + catalogue.join(',');
  return {
    name: 'marts.indicateurs',
    description: 'Tous les indicateurs dans une table longue (indicateur, niveau, code, période, valeur, effectif), avant secret statistique.',
    upstream: indicators.map((i) => i.model.name),
    codeHash: hashText(code),
    checks: [{
      name: 'unique(indicateur, niveau, code, periode)',
      sql: 'SELECT indicateur, niveau, code, periode FROM marts.indicateurs GROUP BY ALL HAVING count(*) > 1 LIMIT 5',
      message: 'une même cellule d’indicateur apparaît plusieurs fois',
    }],
    async materialise(ctx) {
      const db = await ctx.warehouse();
      await db.run('CREATE SCHEMA IF NOT EXISTS marts');
      await db.run(`CREATE OR REPLACE TABLE marts.indicateurs AS ${selects.join('\nUNION ALL\n')}`);
      await db.run(`CREATE OR REPLACE TABLE marts.catalogue AS SELECT * FROM (VALUES ${catalogue.join(', ')})
        AS t(indicateur, titre, definition, unite, theme, sources, niveaux, precautions)`);
      const [{ n }] = await queryRows<{ n: number }>(db, 'SELECT count(*) AS n FROM marts.indicateurs');
      return { rows: Number(n) };
    },
  };
}
