// The open data package of a published database (or of a frozen edition): every table the
// dashboard shows as CSV (schema.data.gouv.fr conventions) and Parquet, and a datapackage.json
// (Frictionless Data Package + Table Schema) describing every column, the licence, the producer,
// the coverage and the SHA-256 of every file. Written beside the target and renamed in whole.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sha256File } from '../publish/editions.ts';
import { openDatabase, queryRows, readSqlFile, sqlIdent, sqlString } from '../warehouse/duckdb.ts';
import { dashboardTables } from './tables.ts';
import { csvSelect, EMPTY_CELL, MASKED_CELL, MASKED_COLUMNS, tableSchema, type Column, type TableSchema } from './table_schema.ts';

const require = createRequire(import.meta.url);

/** Version of the package's layout: a federation refuses a package of another major version. */
export const SCHEMA_VERSION = '1.0.0';
export const DESCRIPTOR = 'datapackage.json';

export const LICENCE = {
  name: 'etalab-2.0',
  title: 'Licence Ouverte / Open Licence version 2.0',
  path: 'https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf',
};

export class OpenDataError extends Error {}

export interface PackageOptions {
  /** The published database to export (DIR/published.duckdb or an edition's copy). */
  database: string;
  /** The folder to write; replaced whole if it already holds a package. */
  output: string;
  /** The frozen edition exported, or null for the current publication. */
  edition: string | null;
  secretThreshold: number;
  now?: Date;
}

export interface Coverage { departement: string; debut: string; fin: string; date_donnees_min: string; date_donnees_max: string }

export interface Resource {
  name: string;
  path: string;
  profile: 'tabular-data-resource' | 'data-resource';
  title?: string;
  description?: string;
  format: 'csv' | 'parquet';
  mediatype: string;
  encoding?: string;
  dialect?: Record<string, unknown>;
  hash: string;
  bytes: number;
  schema?: TableSchema;
  /** For a Parquet file: the CSV resource it holds the same rows as. */
  same_as?: string;
}

export interface Descriptor {
  profile: 'data-package';
  name: string;
  title: string;
  description: string;
  schema_version: string;
  version: string;
  created: string;
  licenses: (typeof LICENCE)[];
  contributors: { title: string; role: string }[];
  keywords: string[];
  edition: string | null;
  producteur: { type: 'departement'; code: string; nom: string };
  couverture: { spatiale: { niveau: 'departement'; code: string; nom: string }; temporelle: { debut: string; fin: string } };
  dates_donnees: { min: string; max: string };
  base_publiee_sha256: string;
  secret_statistique: { seuil: number; cases_vides: string; colonnes_masquees: string[] };
  resources: Resource[];
}

/** The tables exported: those the dashboard shows whole that this database holds. */
async function exportedTables(c: DuckDBConnection): Promise<string[]> {
  const present = new Set((await queryRows<{ t: string }>(c, 'SELECT table_name AS t FROM duckdb_tables()')).map((r) => r.t));
  if (!present.has('dictionnaire')) throw new OpenDataError('cette base publiée n’a pas de dictionnaire des données (table « dictionnaire ») : republiez-la avec « solidata run ».');
  return dashboardTables().filter((t) => present.has(t));
}

async function columnsOf(c: DuckDBConnection, table: string): Promise<Column[]> {
  return queryRows<Column>(c, `
    SELECT col.column_name AS name, col.data_type AS type, coalesce(d.signification, '') AS description
    FROM information_schema.columns AS col
    LEFT JOIN dictionnaire AS d ON d.partie = 'publiee' AND d.table_nom = col.table_name AND d.colonne = col.column_name
    WHERE col.table_name = ${sqlString(table)} AND col.table_schema = 'main'
    ORDER BY col.ordinal_position`);
}

async function tableDescription(c: DuckDBConnection, table: string): Promise<string> {
  const [row] = await queryRows<{ d: string | null }>(c, `SELECT any_value(table_description) AS d FROM dictionnaire WHERE partie = 'publiee' AND table_nom = ${sqlString(table)}`);
  return row?.d ?? '';
}

function departementName(code: string): string {
  const list = require('@etalab/decoupage-administratif/data/departements.json') as { code: string; nom: string }[];
  return list.find((d) => d.code === code)?.nom ?? code;
}

async function fileFacts(file: string): Promise<{ hash: string; bytes: number }> {
  return { hash: `sha256:${await sha256File(file)}`, bytes: statSync(file).size };
}

export async function writePackage(options: PackageOptions): Promise<Descriptor> {
  if (!existsSync(options.database)) throw new OpenDataError(`base publiée introuvable : ${options.database}. Lancez d’abord « solidata run » (ou donnez une édition gelée avec --edition).`);
  const target = path.resolve(options.output);
  if (existsSync(target) && readdirSync(target).length > 0 && !existsSync(path.join(target, DESCRIPTOR))) {
    throw new OpenDataError(`le dossier ${target} n’est pas vide et ne contient pas de paquet de données : choisissez un dossier vide ou neuf avec --sortie.`);
  }
  const building = `${target}.building`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(path.join(building, 'csv'), { recursive: true });
  mkdirSync(path.join(building, 'parquet'), { recursive: true });
  try {
    const descriptor = await buildPackage(options, building);
    writeFileSync(path.join(building, DESCRIPTOR), JSON.stringify(descriptor, null, 2) + '\n');
    rmSync(target, { recursive: true, force: true });
    renameSync(building, target);
    return descriptor;
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    throw error;
  }
}

async function buildPackage(options: PackageOptions, dir: string): Promise<Descriptor> {
  const databaseHash = await sha256File(options.database);
  const db = await openDatabase(options.database, { readOnly: true });
  const c = db.connection;
  try {
    await c.run("SET TimeZone = 'UTC'");
    const tables = await exportedTables(c);
    const [coverage] = await queryRows<Coverage>(c, readSqlFile('opendata/couverture.sql'));
    if (!coverage?.departement || coverage.departement.includes(',')) {
      throw new OpenDataError(`la base publiée ne dit pas quel département elle observe (communes : ${coverage?.departement ?? 'aucune'}).`);
    }
    const resources: Resource[] = [];
    for (const table of tables) {
      const columns = await columnsOf(c, table);
      const csv = `csv/${table}.csv`;
      const parquet = `parquet/${table}.parquet`;
      await c.run(`COPY (${csvSelect(table, columns)}) TO ${sqlString(path.join(dir, csv))} (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', ESCAPE '"')`);
      await c.run(`COPY ${sqlIdent(table)} TO ${sqlString(path.join(dir, parquet))} (FORMAT parquet, COMPRESSION zstd)`);
      const description = await tableDescription(c, table);
      resources.push({
        name: table, path: csv, profile: 'tabular-data-resource', title: table, description,
        format: 'csv', mediatype: 'text/csv', encoding: 'utf-8',
        dialect: { delimiter: ',', header: true, quoteChar: '"', doubleQuote: true, lineTerminator: '\n' },
        ...(await fileFacts(path.join(dir, csv))),
        schema: tableSchema(table, columns),
      });
      resources.push({
        name: `${table}-parquet`, path: parquet, profile: 'data-resource', title: `${table} (Parquet)`,
        description: `Les mêmes lignes et colonnes que ${csv}, au format Apache Parquet (types DuckDB conservés).`,
        format: 'parquet', mediatype: 'application/vnd.apache.parquet', same_as: table,
        ...(await fileFacts(path.join(dir, parquet))),
      });
    }
    const code = coverage.departement;
    const nom = departementName(code);
    const created = (options.now ?? new Date()).toISOString();
    return {
      profile: 'data-package',
      name: `solidata-${code.toLowerCase()}${options.edition ? `-${options.edition}` : ''}`,
      title: `Observatoire des solidarités — ${nom} (${code})${options.edition ? `, édition ${options.edition}` : ''}`,
      description: `Les indicateurs du schéma unique des solidarités du département ${nom} (${code}), tels que publiés sur son tableau de bord, `
        + `secret statistique appliqué : aucune case ne compte moins de ${options.secretThreshold} personnes. ${MASKED_CELL} ${EMPTY_CELL}`,
      schema_version: SCHEMA_VERSION,
      version: options.edition ?? coverage.date_donnees_max,
      created,
      licenses: [LICENCE],
      contributors: [{ title: `Département ${nom} (${code})`, role: 'publisher' }],
      keywords: ['solidarités', 'action sociale', 'RSA', 'schéma unique des solidarités', nom],
      edition: options.edition,
      producteur: { type: 'departement', code, nom },
      couverture: { spatiale: { niveau: 'departement', code, nom }, temporelle: { debut: coverage.debut, fin: coverage.fin } },
      dates_donnees: { min: coverage.date_donnees_min, max: coverage.date_donnees_max },
      base_publiee_sha256: databaseHash,
      secret_statistique: { seuil: options.secretThreshold, cases_vides: MASKED_CELL, colonnes_masquees: MASKED_COLUMNS },
      resources,
    };
  } finally {
    db.close();
  }
}
