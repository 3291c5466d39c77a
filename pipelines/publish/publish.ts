// Publication: the published database is built beside the old one from the SQL files of
// sql/publish/ (one table each, secrecy applied there), then swapped in whole by a rename, so
// readers and the dashboard always see a complete database.
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { projectPaths, type Paths } from '../config.ts';
import { editionDatabase, listEditions } from './editions.ts';
import { faultPoint } from '../faults.ts';
import { queryRows, readSqlFile, sqlIdent, sqlString } from '../warehouse/duckdb.ts';
import { applySecrecy, type Cell, type Parent } from './secrecy.ts';

/** The published tables, those built from other published tables (`pub.…`, e.g. engagements) last. */
export function publishedTables(): string[] {
  const names = readdirSync(path.join(projectPaths.sql, 'publish')).filter((f) => f.endsWith('.sql')).sort().map((f) => path.basename(f, '.sql'));
  const readsPublished = (t: string) => /\bpub\./.test(readSqlFile(`publish/${t}.sql`));
  return [...names.filter((t) => !readsPublished(t)), ...names.filter(readsPublished)];
}

export async function publish(warehouse: DuckDBConnection, paths: Paths, secretThreshold: number): Promise<number> {
  const target = paths.published;
  const building = `${target}.building`;
  for (const f of [building, `${building}.wal`]) rmSync(f, { force: true });
  await warehouse.run(`ATTACH ${sqlString(building)} AS pub`);
  let rows = 0;
  try {
    await warehouse.run(`SET VARIABLE seuil_secret = ${Number(secretThreshold)}`);
    await maskCells(warehouse, secretThreshold);
    for (const table of publishedTables()) {
      await warehouse.run(`CREATE TABLE pub.${sqlIdent(table)} AS ${readSqlFile(`publish/${table}.sql`).trim().replace(/;\s*$/, '')}`);
      const [{ n }] = await queryRows<{ n: number }>(warehouse, `SELECT count(*) AS n FROM pub.${sqlIdent(table)}`);
      rows += Number(n);
    }
    rows += await publishEditions(warehouse, paths);
  } finally {
    await warehouse.run('DETACH pub');
  }
  if (existsSync(`${building}.wal`)) throw new Error('La base publiée n’a pas été entièrement écrite (journal WAL restant).');
  await faultPoint('publication:avant-remplacement');
  renameSync(building, target);
  return rows;
}

/** secret_cellules: every cell of marts.indicateurs to mask, and why (primary or secondary suppression). */
async function maskCells(warehouse: DuckDBConnection, threshold: number): Promise<void> {
  const cells = (await queryRows<Cell>(warehouse, `SELECT indicateur, niveau, code, periode, dimension, modalite, effectif FROM marts.indicateurs`))
    .map((c) => ({ ...c, effectif: c.effectif === null ? null : Number(c.effectif) }));
  const parents = await queryRows<Parent>(warehouse,
    'SELECT niveau, code, niveau_parent AS "niveauParent", code_parent AS "codeParent" FROM intermediate.int_appartenance');
  const masked = applySecrecy(cells, parents, threshold);
  await warehouse.run(`CREATE OR REPLACE TEMP TABLE secret_cellules (indicateur VARCHAR, niveau VARCHAR, code VARCHAR, periode VARCHAR,
    dimension VARCHAR, modalite VARCHAR, suppression VARCHAR)`);
  const appender = await warehouse.createAppender('secret_cellules', 'main', 'temp');
  for (const [index, why] of masked) {
    const c = cells[index];
    for (const v of [c.indicateur, c.niveau, c.code, c.periode, c.dimension, c.modalite, why]) appender.appendVarchar(v);
    appender.endRow();
  }
  appender.closeSync();
  // The reason for masking stays in the warehouse (never published: it would tell which masked cells are small).
  await warehouse.run('CREATE SCHEMA IF NOT EXISTS secret; CREATE OR REPLACE TABLE secret.cellules AS SELECT * FROM secret_cellules');
}

/** The tables of the frozen editions, empty, in a schema that already holds `indicateurs`. */
export async function createEditionTables(connection: DuckDBConnection, schema: string): Promise<void> {
  await connection.run(`CREATE TABLE ${schema}.editions (edition VARCHAR, gelee_le TIMESTAMPTZ, sha256 VARCHAR, livraisons INTEGER)`);
  await connection.run(`CREATE TABLE ${schema}.indicateurs_editions AS SELECT NULL::VARCHAR AS edition, * FROM ${schema}.indicateurs WHERE false`);
  await connection.run(`CREATE TABLE ${schema}.engagements_editions AS SELECT NULL::VARCHAR AS edition, * FROM ${schema}.engagements WHERE false`);
}

/** What the editions' tables hold, for the dictionary. */
export const EDITION_TABLES: Record<string, { description: string; columns: Record<string, string>; from?: string }> = {
  editions: {
    description: 'Les éditions figées (`solidata freeze`), p. ex. les chiffres présentés au vote : une ligne par édition.',
    columns: {
      edition: 'Nom de l’édition, donné à `solidata freeze`.',
      gelee_le: 'Date et heure où elle a été figée.',
      sha256: 'Empreinte SHA-256 de la copie figée de la base publiée.',
      livraisons: 'Nombre de livraisons dont elle est faite.',
    },
  },
  indicateurs_editions: {
    description: 'Les indicateurs de chaque édition figée, tels qu’ils étaient publiés ce jour-là (mêmes colonnes que `indicateurs`).',
    columns: { edition: 'Nom de l’édition dont vient la case.' },
    from: 'indicateurs',
  },
  engagements_editions: {
    from: 'engagements',
    description: 'Les engagements de chaque édition figée et leurs statuts de ce jour-là (mêmes colonnes que `engagements`).',
    columns: { edition: 'Nom de l’édition dont vient la ligne.' },
  },
};

/** The frozen editions, and their indicators, so that the dashboard can show the figures of a vote. */
async function publishEditions(warehouse: DuckDBConnection, paths: Paths): Promise<number> {
  const editions = listEditions(paths);
  await createEditionTables(warehouse, 'pub');
  for (const e of editions) {
    await warehouse.run('INSERT INTO pub.editions VALUES ($1, $2::TIMESTAMPTZ, $3, $4)', [e.edition, e.gelee_le, e.sha256, e.livraisons.length] as never);
    await warehouse.run(`ATTACH ${sqlString(editionDatabase(paths, e))} AS edition (READ_ONLY)`);
    try {
      // An edition frozen while the reason for masking was published still has it: never copied.
      await warehouse.run(`INSERT INTO pub.indicateurs_editions BY NAME SELECT ${sqlString(e.edition)} AS edition, COLUMNS(c -> c <> 'motif_secret') FROM edition.indicateurs`);
      // An edition frozen before engagements existed has none.
      const [{ n: has }] = await queryRows<{ n: number }>(warehouse,
        `SELECT count(*) AS n FROM duckdb_tables() WHERE database_name = 'edition' AND table_name = 'engagements'`);
      if (Number(has) > 0) {
        await warehouse.run(`INSERT INTO pub.engagements_editions BY NAME SELECT ${sqlString(e.edition)} AS edition, * FROM edition.engagements`);
      }
    } finally {
      await warehouse.run('DETACH edition');
    }
  }
  const [{ n }] = await queryRows<{ n: number }>(warehouse,
    'SELECT (SELECT count(*) FROM pub.indicateurs_editions) + (SELECT count(*) FROM pub.engagements_editions) AS n');
  return editions.length + Number(n);
}
