// The federation's published database (DIR/federation.duckdb): the accepted packages with their
// provenance, each indicator at département level side by side with its rank, and regional totals
// made from published cells only. Built beside the old one from the SQL files of sql/federation/,
// then swapped in whole by a rename, like a département's published database.
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, queryRows, readSqlFile, sqlIdent, sqlString } from '../warehouse/duckdb.ts';
import type { FederationPaths } from './folders.ts';

/** The published tables, in the order they are built (each reads those before it). */
export const FEDERATION_TABLES = ['paquets', 'catalogue', 'indicateurs_departements', 'totaux_regionaux', 'classements', 'contours_departements'];

export interface FederationSummary { departements: string[]; cases: number; totaux: number }

export async function publishFederation(fp: FederationPaths): Promise<FederationSummary> {
  const codes = existsSync(fp.accepted)
    ? readdirSync(fp.accepted).filter((f) => f.endsWith('.json')).map((f) => path.basename(f, '.json')).filter((c) => existsSync(path.join(fp.accepted, c, 'datapackage.json'))).sort()
    : [];
  const building = `${fp.published}.building`;
  for (const f of [building, `${building}.wal`]) rmSync(f, { force: true });
  const db = await openDatabase(':memory:');
  const c = db.connection;
  try {
    const files = (table: string) => `[${codes.map((code) => sqlString(path.join(fp.accepted, code, 'parquet', `${table}.parquet`))).join(', ')}]`;
    const departementOf = `regexp_extract(filename, '([^/\\\\]+)[/\\\\]parquet[/\\\\][a-z_]+\\.parquet$', 1)`;
    if (codes.length > 0) {
      await c.run(`CREATE VIEW provenances AS SELECT * FROM read_json(${`[${codes.map((code) => sqlString(path.join(fp.accepted, `${code}.json`))).join(', ')}]`}, columns = {
        departement: 'VARCHAR', nom: 'VARCHAR', edition: 'VARCHAR', schema_version: 'VARCHAR', sha256: 'VARCHAR', base_publiee_sha256: 'VARCHAR',
        date_donnees_min: 'VARCHAR', date_donnees_max: 'VARCHAR', periode_debut: 'VARCHAR', periode_fin: 'VARCHAR', recu_le: 'VARCHAR', dossier_recu: 'VARCHAR'})`);
      await c.run(`CREATE VIEW cellules AS SELECT * EXCLUDE (filename), ${departementOf} AS departement FROM read_parquet(${files('indicateurs')}, filename = true, union_by_name = true)`);
      await c.run(`CREATE VIEW catalogues AS SELECT * EXCLUDE (filename), ${departementOf} AS departement FROM read_parquet(${files('catalogue')}, filename = true, union_by_name = true)`);
      await c.run(`CREATE VIEW communes AS SELECT * EXCLUDE (filename), ${departementOf} AS departement FROM read_parquet(${files('communes')}, filename = true, union_by_name = true)`);
      await c.run(`CREATE VIEW contours AS SELECT * EXCLUDE (filename), ${departementOf} AS departement FROM read_parquet(${files('contours')}, filename = true, union_by_name = true)`);
    } else {
      // No package yet: the same tables, empty, so that the dashboard's queries still run.
      await c.run(`CREATE VIEW provenances AS SELECT NULL::VARCHAR AS departement, NULL::VARCHAR AS nom, NULL::VARCHAR AS edition, NULL::VARCHAR AS schema_version,
        NULL::VARCHAR AS sha256, NULL::VARCHAR AS base_publiee_sha256, NULL::VARCHAR AS date_donnees_min, NULL::VARCHAR AS date_donnees_max,
        NULL::VARCHAR AS periode_debut, NULL::VARCHAR AS periode_fin, NULL::VARCHAR AS recu_le WHERE false`);
      await c.run(`CREATE VIEW cellules AS SELECT NULL::VARCHAR AS indicateur, NULL::VARCHAR AS niveau, NULL::VARCHAR AS code, NULL::VARCHAR AS periode,
        NULL::VARCHAR AS dimension, NULL::VARCHAR AS modalite, NULL::DOUBLE AS valeur, NULL::DOUBLE AS numerateur, NULL::DOUBLE AS denominateur,
        NULL::BIGINT AS effectif, NULL::BOOLEAN AS secret, NULL::VARCHAR AS unite, NULL::DATE AS date_donnees, NULL::VARCHAR AS departement WHERE false`);
      await c.run(`CREATE VIEW catalogues AS SELECT NULL::VARCHAR AS indicateur, NULL::VARCHAR AS titre, NULL::VARCHAR AS definition, NULL::VARCHAR AS unite,
        NULL::VARCHAR AS theme, NULL::VARCHAR AS departement WHERE false`);
      await c.run(`CREATE VIEW communes AS SELECT NULL::VARCHAR AS departement, NULL::BIGINT AS population, NULL::DOUBLE AS latitude, NULL::DOUBLE AS longitude WHERE false`);
      await c.run(`CREATE VIEW contours AS SELECT NULL::VARCHAR AS departement, NULL::VARCHAR AS code_contour, NULL::VARCHAR AS geometrie WHERE false`);
    }
    await c.run(`ATTACH ${sqlString(building)} AS fed`);
    try {
      for (const table of FEDERATION_TABLES) {
        await c.run(`CREATE TABLE fed.${sqlIdent(table)} AS ${readSqlFile(`federation/${table}.sql`).trim().replace(/;\s*$/, '')}`);
      }
      const [counts] = await queryRows<{ cases: number; totaux: number }>(c,
        'SELECT (SELECT count(*) FROM fed.indicateurs_departements)::INTEGER AS cases, (SELECT count(*) FROM fed.totaux_regionaux)::INTEGER AS totaux');
      await c.run('DETACH fed');
      renameSync(building, fp.published);
      return { departements: codes, ...counts };
    } catch (error) {
      await c.run('DETACH fed').catch(() => undefined);
      rmSync(building, { force: true });
      throw error;
    }
  } finally {
    db.close();
  }
}
