// The official list of communes (COG) from @etalab/decoupage-administratif, as temporary
// DuckDB tables (and types, for the load): every code ever valid, mapped to today's commune
// (merged communes, delegated and associated communes, municipal districts), and the postal
// codes of each commune.
import { createRequire } from 'node:module';
import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows, sqlString } from '../warehouse/duckdb.ts';

const communesJson = createRequire(import.meta.url).resolve('@etalab/decoupage-administratif/data/communes.json');

// Connections whose temporary objects below are all made (a look in DuckDB's catalogue of
// functions would take longer than the making of most of them).
const ready = new WeakSet<DuckDBConnection>();

export async function prepareCog(connection: DuckDBConnection): Promise<void> {
  if (ready.has(connection)) return;
  await connection.run(`CREATE OR REPLACE TEMP TABLE cog_source AS SELECT * FROM read_json(${sqlString(communesJson)}, format = 'array',
    columns = {code: 'VARCHAR', nom: 'VARCHAR', type: 'VARCHAR', chefLieu: 'VARCHAR', commune: 'VARCHAR', anciensCodes: 'VARCHAR[]', codesPostaux: 'VARCHAR[]'})`);
  // Today's commune first, then what it absorbed, then delegated/associated communes and districts.
  await connection.run(`CREATE OR REPLACE TEMP TABLE cog_codes AS
    SELECT code, arg_min(actuel, rang) AS actuel FROM (
      SELECT code, code AS actuel, 0 AS rang FROM cog_source WHERE type = 'commune-actuelle'
      UNION ALL SELECT unnest(anciensCodes), code, 1 FROM cog_source WHERE type = 'commune-actuelle' AND anciensCodes IS NOT NULL
      UNION ALL SELECT code, chefLieu, 2 FROM cog_source WHERE type IN ('commune-deleguee', 'commune-associee') AND chefLieu IS NOT NULL
      UNION ALL SELECT code, commune, 3 FROM cog_source WHERE type = 'arrondissement-municipal' AND commune IS NOT NULL
    ) GROUP BY code`);
  await connection.run(`CREATE OR REPLACE TEMP TABLE cog_postal AS
    SELECT DISTINCT unnest(codesPostaux) AS code_postal, code FROM cog_source WHERE type = 'commune-actuelle' AND codesPostaux IS NOT NULL`);
  // The same lists as types, for the load: a code casts to the type of today's communes, or of
  // merged ones, or is unknown. Casts rather than lookups in the tables, as a load whose rows go
  // through a join is written by one thread only. Today's commune of the merged one at place i
  // is the i-th code of five characters in a string, which costs nothing to look up.
  await connection.run(`CREATE OR REPLACE TEMP TYPE solidata_cog_current AS ENUM (SELECT code FROM cog_codes WHERE actuel = code)`);
  await connection.run(`CREATE OR REPLACE TEMP TYPE solidata_cog_postal AS ENUM (SELECT DISTINCT code_postal FROM cog_postal WHERE code_postal IS NOT NULL)`);
  const merged = await queryRows<{ code: string; actuel: string }>(connection, 'SELECT code, actuel FROM cog_codes WHERE actuel <> code ORDER BY code');
  if (merged.some((m) => m.actuel.length !== 5)) throw new Error('COG : un code de commune actuelle n’a pas cinq caractères.');
  await connection.run(`CREATE OR REPLACE TEMP TYPE solidata_cog_merged AS ENUM (${merged.map((m) => sqlString(m.code)).join(', ')})`);
  await connection.run(`CREATE OR REPLACE TEMP MACRO solidata_cog_actuel(c) AS substr(${sqlString(merged.map((m) => m.actuel).join(''))}, 5 * enum_code(c::solidata_cog_merged) + 1, 5)`);
  ready.add(connection);
}

/** Up to three current communes nearest to an unknown code, as « 41018 (Blois) ». */
export async function nearestCommunes(connection: DuckDBConnection, codes: string[]): Promise<Map<string, string[]>> {
  if (codes.length === 0) return new Map();
  const rows = await queryRows<{ v: string; proches: string[] }>(connection, `
    SELECT u.v, list(c.code || ' (' || c.nom || ')' ORDER BY levenshtein(u.v, c.code), abs(coalesce(try_cast(u.v AS BIGINT), 0) - coalesce(try_cast(c.code AS BIGINT), 0)), c.code)[1:3] AS proches
    FROM (SELECT unnest([${codes.map(sqlString).join(', ')}]) AS v) u
    JOIN cog_source c ON c.type = 'commune-actuelle' AND (left(c.code, 2) = left(u.v, 2) OR levenshtein(u.v, c.code) <= 1)
    GROUP BY u.v`);
  return new Map(rows.map((r) => [r.v, r.proches]));
}
