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
import { applySecrecy, assertAudit, formatLoss, type Parent, type PublishedCell, type SecrecyOptions } from './secrecy/index.ts';

/** The published tables, those built from other published tables (`pub.…`, e.g. engagements) last. */
export function publishedTables(): string[] {
  const names = readdirSync(path.join(projectPaths.sql, 'publish')).filter((f) => f.endsWith('.sql')).sort().map((f) => path.basename(f, '.sql'));
  const readsPublished = (t: string) => /\bpub\./.test(readSqlFile(`publish/${t}.sql`));
  return [...names.filter((t) => !readsPublished(t)), ...names.filter(readsPublished)];
}

/**
 * `secrecy`: the threshold, the narrowest interval, and each indicator's base count (from the
 * catalogue's headers: `indicatorBases()` in assets/indicators.ts).
 */
export async function publish(warehouse: DuckDBConnection, paths: Paths, secrecy: SecrecyOptions, log: (line: string) => void = () => {}): Promise<number> {
  const target = paths.published;
  const building = `${target}.building`;
  for (const f of [building, `${building}.wal`]) rmSync(f, { force: true });
  await warehouse.run(`ATTACH ${sqlString(building)} AS pub`);
  let rows = 0;
  try {
    await warehouse.run(`SET VARIABLE seuil_secret = ${Number(secrecy.threshold)}`);
    // Indicators whose effectif is not published (`secret_base: aucune`: medians, percentiles).
    const noCount = Object.entries(secrecy.bases ?? {}).filter(([, b]) => b.unpublished).map(([id]) => sqlString(id));
    await warehouse.run(`SET VARIABLE secret_sans_effectif = [${noCount.join(', ')}]::VARCHAR[]`);
    await maskCells(warehouse, paths, secrecy, log);
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

/**
 * secret_cellules: every cell of marts.indicateurs and of the published editions to mask (edition ''
 * for the current publication), decided for the whole publication at once, then audited. The
 * reason and the audit stay in the warehouse (secret.cellules, secret.audit), never published.
 */
async function maskCells(warehouse: DuckDBConnection, paths: Paths, options: SecrecyOptions, log: (line: string) => void): Promise<void> {
  const columns = 'indicateur, niveau, code, periode, dimension, modalite, effectif::DOUBLE, numerateur::DOUBLE, denominateur::DOUBLE';
  // Column by column: a hundred thousand cells as JSON rows took 0,9 s at scale 10, this 0,2 s.
  const read = async (sql: string): Promise<PublishedCell[]> => {
    const [edition, indicateur, niveau, code, periode, dimension, modalite, effectif, numerateur, denominateur] = (await warehouse.runAndReadAll(sql)).getColumnsJS();
    return edition.map((e, i) => ({
      edition: e as string, indicateur: indicateur[i] as string, niveau: niveau[i] as string, code: code[i] as string, periode: periode[i] as string,
      dimension: dimension[i] as string, modalite: modalite[i] as string,
      effectif: effectif[i] as number | null, numerateur: numerateur[i] as number | null, denominateur: denominateur[i] as number | null,
    }));
  };
  const cells = await read(`SELECT '' AS edition, ${columns} FROM marts.indicateurs`);
  // The editions still published: their cells that went out with a count are known to the attacker.
  for (const e of listEditions(paths)) {
    await warehouse.run(`ATTACH ${sqlString(editionDatabase(paths, e))} AS edition_secret (READ_ONLY)`);
    try {
      cells.push(...await read(`SELECT ${sqlString(e.edition)} AS edition, ${columns} FROM edition_secret.indicateurs WHERE NOT secret AND effectif IS NOT NULL`));
    } finally {
      await warehouse.run('DETACH edition_secret');
    }
  }
  const parents = await queryRows<Parent>(warehouse,
    'SELECT niveau, code, niveau_parent AS "niveauParent", code_parent AS "codeParent" FROM intermediate.int_appartenance');
  const result = await applySecrecy(cells, parents, options);

  // partiel: a share whose numerator only is withheld (its denominator and effectif stay published).
  await warehouse.run(`CREATE OR REPLACE TEMP TABLE secret_cellules (edition VARCHAR, indicateur VARCHAR, niveau VARCHAR, code VARCHAR, periode VARCHAR,
    dimension VARCHAR, modalite VARCHAR, suppression VARCHAR, partiel BOOLEAN)`);
  const appender = await warehouse.createAppender('secret_cellules', 'main', 'temp');
  for (const [index, why] of result.masked) {
    const c = cells[index];
    for (const v of [c.edition ?? '', c.indicateur, c.niveau, c.code, c.periode, c.dimension, c.modalite, why]) appender.appendVarchar(v);
    appender.appendBoolean(result.partial.has(index));
    appender.endRow();
  }
  appender.closeSync();
  // The reason for masking and the attacker's intervals stay in the warehouse (the reason would tell which masked cells are small).
  await warehouse.run('CREATE SCHEMA IF NOT EXISTS secret; CREATE OR REPLACE TABLE secret.cellules AS SELECT * FROM secret_cellules');
  await warehouse.run(`CREATE OR REPLACE TABLE secret.audit (base VARCHAR, niveau VARCHAR, code VARCHAR, periode VARCHAR, dimension VARCHAR, modalite VARCHAR,
    valeur DOUBLE, min DOUBLE, max DOUBLE, max_exact BOOLEAN, conforme BOOLEAN)`);
  const audit = await warehouse.createAppender('audit', 'secret');
  for (const a of result.audit) {
    for (const v of [a.base, a.niveau, a.code, a.periode, a.dimension, a.modalite]) audit.appendVarchar(v);
    for (const v of [a.valeur, a.min, a.max]) audit.appendDouble(v);
    audit.appendBoolean(a.maxExact);
    audit.appendBoolean(a.conforme);
    audit.endRow();
  }
  audit.closeSync();
  await warehouse.run(`CREATE OR REPLACE TABLE secret.perte (indicateur VARCHAR, cases INTEGER, masquees INTEGER, personnes BIGINT, personnes_masquees BIGINT)`);
  for (const l of result.loss) await warehouse.run('INSERT INTO secret.perte VALUES ($1, $2, $3, $4, $5)', [l.indicateur, l.cases, l.masquees, l.personnes, l.personnesMasquees] as never);
  for (const line of formatLoss(result.loss)) log(`Secret statistique — ${line}`);
  for (const note of result.notes) log(`Secret statistique — ${note}`);
  for (const d of result.disagreements) log(`Secret statistique — base de comptage tenue à part (effectifs différents d’un autre indicateur de même base) : ${d}`);
  assertAudit(result, cells, options);
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
      // An edition frozen before the reason for masking left the publication still has it: never copied.
      await warehouse.run(`INSERT INTO pub.indicateurs_editions BY NAME SELECT ${sqlString(e.edition)} AS edition, COLUMNS(c -> c <> 'motif_secret') FROM edition.indicateurs`);
      // Nor the effectif of a median or a percentile, published by editions frozen before it was withheld.
      await warehouse.run(`UPDATE pub.indicateurs_editions SET effectif = NULL
        WHERE edition = ${sqlString(e.edition)} AND list_contains(getvariable('secret_sans_effectif'), indicateur)`);
      // An edition is protected with the current publication: cells it must no longer show are masked in its published copy.
      await warehouse.run(`UPDATE pub.indicateurs_editions AS i SET valeur = NULL, numerateur = NULL, secret = true,
          denominateur = CASE WHEN s.partiel THEN i.denominateur END, effectif = CASE WHEN s.partiel THEN i.effectif END
        FROM secret_cellules AS s WHERE s.edition = i.edition AND i.edition = ${sqlString(e.edition)} AND (s.indicateur, s.niveau, s.code, s.periode, s.dimension, s.modalite)
          = (i.indicateur, i.niveau, i.code, i.periode, i.dimension, i.modalite)`);
      // An edition frozen before engagements existed has none.
      const [{ n: has }] = await queryRows<{ n: number }>(warehouse,
        `SELECT count(*) AS n FROM duckdb_tables() WHERE database_name = 'edition' AND table_name = 'engagements'`);
      if (Number(has) > 0) {
        await warehouse.run(`INSERT INTO pub.engagements_editions BY NAME SELECT ${sqlString(e.edition)} AS edition, * FROM edition.engagements`);
        // Nor does an engagement of the edition show a value, or a line drawn from one, that its cells may no longer show.
        await warehouse.run(`UPDATE pub.engagements_editions AS g SET valeur = NULL, reference_valeur = NULL, trajectoire = NULL, ecart_trajectoire = NULL,
            statut = 'non mesurable', motif = 'secret statistique'
          WHERE g.edition = ${sqlString(e.edition)} AND EXISTS (SELECT 1 FROM pub.indicateurs_editions AS i
            WHERE i.edition = g.edition AND i.secret AND (i.indicateur, i.niveau, i.code, i.dimension, i.modalite) = (g.indicateur, g.niveau, g.code, g.dimension, g.modalite)
              AND i.periode IN (g.periode, g.reference_periode))`);
      }
    } finally {
      await warehouse.run('DETACH edition');
    }
  }
  const [{ n }] = await queryRows<{ n: number }>(warehouse,
    'SELECT (SELECT count(*) FROM pub.indicateurs_editions) + (SELECT count(*) FROM pub.engagements_editions) AS n');
  return editions.length + Number(n);
}
