// Indicators: one SQL file in sql/indicators/ each, with its catalogue entry and its expected cells
// in its header. Their union and their headers become warehouse tables here; sql/marts/indicateurs.sql
// and sql/marts/catalogue.sql make the long table and the catalogue from them.
import path from 'node:path';
import { z } from 'zod';
import { contracts } from '../contracts/index.ts';
import { runScript, sqlIdent, sqlString } from '../warehouse/duckdb.ts';
import type { Asset } from './asset.ts';
import { exampleSchema } from './indicator_examples.ts';
import { hashText, listModelFiles, modelHeaderSchema, parseHeader, parseHeaderYaml, readSqlModel, sqlModelAsset, type SqlFile } from './sql_model.ts';
import { parseBaseCount, type BaseCount } from '../publish/secrecy/index.ts';

export const NIVEAUX = ['commune', 'site', 'territoire', 'departement', 'france'] as const;

/** Sources shipped with the project rather than delivered: the DREES series (reference/drees). */
export const REFERENCE_SOURCES = ['drees'];

export const indicatorHeaderSchema = modelHeaderSchema.extend({
  titre: z.string().min(3),
  definition: z.string().min(10),
  unite: z.string().min(1),
  theme: z.enum(['acces_droits', 'delais', 'moyens', 'proximite', 'activite', 'horaires', 'parole_citoyenne', 'autonomie', 'handicap', 'enfance_famille', 'logement']),
  sources: z.array(z.string()).min(1),
  niveaux: z.array(z.enum(NIVEAUX)).min(1),
  precautions: z.string().default(''),
  // The direction of change that is good for the people concerned (shorter waits: baisse; more
  // people near a service: hausse); none when a change is neither (requests received, households).
  sens: z.enum(['hausse', 'baisse']).optional(),
  // A share judged on a window (within 15 days, within 2 months): only the entries whose window has
  // closed by the date of the data count. Published in the catalogue and shown beside the figure.
  fenetre_jours: z.number().int().positive().optional(),
  // Statistical secrecy: the base count its effectif counts, shared with the indicators naming the
  // same one (e.g. `demandes`, or `caf_foyers[prestation=RSA]` when its totals are one modality of it);
  // `aucune` for a median or a percentile, whose effectif is not published.
  secret_base: z.string().regex(/^[a-z0-9_]+(\[[a-z0-9_]+=[^\]=]+\])?( dans [a-z0-9_]+)?$/, 'attendu : un nom de base en minuscules, éventuellement suivi de [dimension=modalité], puis de « dans » et de la base qui la contient ; « aucune » pour une médiane ou un centile').optional(),
});

/**
 * The header's `tests:` block: expected cells on tiny hand-made inputs (indicator_examples.ts), run
 * by tests/indicators/header-examples.test.ts — given rows of the tables it reads → the cells it returns.
 * Read apart from the header (sql_model.ts), only when asked.
 */
export function indicatorExamples(model: SqlFile): z.infer<typeof exampleSchema>[] {
  const parsed = parseHeader({ ...model, header: parseHeaderYaml(model.file, model.testsYaml) }, z.object({ tests: z.array(exampleSchema).default([]) }));
  return parsed.tests;
}
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

/**
 * intermediate.int_indicateurs: every indicator's cells one after the other, each tagged with its id
 * (a view). Only the mechanical union is written here, since SQL cannot name a varying list of
 * tables; types, units and dates are the relational work of sql/marts/indicateurs.sql.
 */
export function indicatorsUnionAsset(indicators: Indicator[]): Asset {
  // Indicator files return only the columns they need; BY NAME fills the others with NULL, and the
  // empty first SELECT makes sure every column exists even if no indicator returns it.
  const union = `SELECT NULL::VARCHAR AS indicateur, NULL::VARCHAR AS niveau, NULL::VARCHAR AS code, NULL::VARCHAR AS libelle, NULL::VARCHAR AS periode,
      NULL::VARCHAR AS dimension, NULL::VARCHAR AS modalite, NULL::DOUBLE AS valeur, NULL::DOUBLE AS numerateur, NULL::DOUBLE AS denominateur, NULL::BIGINT AS effectif
    WHERE false
    ${indicators.map(({ entry, model }) => `UNION ALL BY NAME SELECT ${sqlString(entry.id)} AS indicateur, * FROM ${model.name.split('.').map(sqlIdent).join('.')}`).join('\n    ')}`;
  return {
    name: UNION_ASSET,
    description: 'Les cases de tous les indicateurs (sql/indicators/), l’une après l’autre, chacune avec l’identifiant de son indicateur ; marts.indicateurs en fait la table publiée.',
    upstream: indicators.map((i) => i.model.name),
    codeHash: hashText(union),
    columns: { indicateur: 'Identifiant de l’indicateur (nom de son fichier dans sql/indicators/).' },
    checks: [],
    async materialise(ctx) {
      const db = await ctx.warehouse();
      await db.run('CREATE SCHEMA IF NOT EXISTS intermediate');
      await db.run(`CREATE OR REPLACE VIEW ${UNION_ASSET} AS ${union}`);
      return { rows: null };
    },
  };
}

/** ref.fiches_indicateurs: the header of every indicator file, one row each (YAML is read here; the catalogue is SQL). */
export function indicatorHeadersAsset(indicators: Indicator[]): Asset {
  const rows = indicators.map(({ entry: e }) => `(${[e.id, e.titre, e.definition, e.unite, e.theme].map(sqlString).join(', ')},
      [${e.sources.map(sqlString).join(', ')}]::VARCHAR[], [${e.niveaux.map(sqlString).join(', ')}]::VARCHAR[], ${sqlString(e.precautions)}, ${e.fenetre_jours ?? 'NULL'}::INTEGER, ${e.sens ? sqlString(e.sens) : 'NULL'})`);
  const code = `CREATE OR REPLACE TABLE ${HEADERS_ASSET} (indicateur VARCHAR, titre VARCHAR, definition VARCHAR, unite VARCHAR, theme VARCHAR,
      sources VARCHAR[], niveaux VARCHAR[], precautions VARCHAR, fenetre_jours INTEGER, sens VARCHAR);
    ${rows.length > 0 ? `INSERT INTO ${HEADERS_ASSET} VALUES ${rows.join(',\n    ')};` : ''}`;
  return {
    name: HEADERS_ASSET,
    description: 'La fiche de chaque indicateur telle qu’écrite dans l’en-tête YAML de son fichier sql/indicators/<id>.sql.',
    upstream: [],
    codeHash: hashText(code),
    columns: {
      indicateur: 'Identifiant de l’indicateur (nom de son fichier dans sql/indicators/).',
      titre: 'Titre de l’indicateur, en français.',
      definition: 'Définition en une phrase.',
      unite: 'Unité de la valeur.',
      theme: 'Thème (acces_droits, delais, moyens, proximite, activite, horaires, parole_citoyenne).',
      sources: 'Formats d’échange dont il vient, dans l’ordre de l’en-tête ; le premier date les données.',
      niveaux: 'Niveaux géographiques publiés.',
      precautions: 'Précautions de lecture.',
      fenetre_jours: 'Pour une part jugée sur une fenêtre, sa durée en jours ; vide sinon.',
      sens: 'Le sens d’évolution favorable aux personnes concernées : hausse ou baisse ; vide quand une évolution n’est ni bonne ni mauvaise en soi.',
    },
    checks: [],
    async materialise(ctx) {
      const db = await ctx.warehouse();
      await db.run('CREATE SCHEMA IF NOT EXISTS ref');
      await runScript(db, code);
      return { rows: indicators.length };
    },
  };
}

const UNION_ASSET = 'intermediate.int_indicateurs';
const HEADERS_ASSET = 'ref.fiches_indicateurs';

/** Each indicator's base count, from the `secret_base` key of its header (absent: its own), for the secrecy. */
export function indicatorBases(): Record<string, BaseCount> {
  const bases: Record<string, BaseCount> = {};
  for (const { entry } of loadIndicators()) {
    const declared = entry.secret_base ? parseBaseCount(entry.secret_base) : undefined;
    if (declared) bases[entry.id] = declared;
  }
  return bases;
}
