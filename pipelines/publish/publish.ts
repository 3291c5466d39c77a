// Publication: the published database is built beside the old one from the SQL files of
// sql/publish/ (one table each, secrecy applied there), then swapped in whole by a rename, so
// readers and the dashboard always see a complete database.
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { projectPaths } from '../config.ts';
import { faultPoint } from '../runner/faults.ts';
import { queryRows, readSqlFile, sqlIdent, sqlString } from '../warehouse/duckdb.ts';
import { applySecrecy, type Cell, type Parent } from './secrecy.ts';

export function publishedTables(): string[] {
  return readdirSync(path.join(projectPaths.sql, 'publish')).filter((f) => f.endsWith('.sql')).sort().map((f) => path.basename(f, '.sql'));
}

export async function publish(warehouse: DuckDBConnection, target: string, secretThreshold: number): Promise<number> {
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
}
