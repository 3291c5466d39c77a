// An indicator's expected cells on a tiny hand-made input, written in its own header (`tests:`),
// the way dbt's unit tests sit beside a model: given these rows of the tables it reads, it must
// return exactly these cells. One generic test (tests/indicators/header-examples.test.ts) runs the
// examples of every indicator against real DuckDB, on empty tables with the warehouse's own columns.
import { z } from 'zod';
import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows, sqlIdent, sqlString } from '../warehouse/duckdb.ts';
import { createMacros } from './macros.ts';

const NIVEAUX_CASE = ['commune', 'site', 'territoire', 'departement', 'france'] as const;

// YAML reads 2025 or 41 as numbers: a code or a period is text whatever its look.
const text = z.union([z.string(), z.number()]).transform(String);
const figure = z.number().nullable();

/** One expected cell: its key, then the figures it must hold (those not given are not compared). */
export const expectedCellSchema = z.object({
  niveau: z.enum(NIVEAUX_CASE),
  code: text,
  periode: text,
  dimension: text.default(''),
  modalite: text.default(''),
  libelle: z.string().nullable().optional(),
  valeur: figure,
  numerateur: figure.optional(),
  denominateur: figure.optional(),
  effectif: z.number().int().nullable().optional(),
}).strict();

export const exampleSchema = z.object({
  nom: z.string().min(3),
  /** The settings the SQL reads with getvariable(), when the example needs others than the defaults. */
  variables: z.record(z.union([z.number(), z.string(), z.array(z.string())])).default({}),
  /** Table → its rows; a column left out is NULL, a table left out is empty. */
  donnees: z.record(
    z.string().regex(/^(ref|staging|intermediate|marts|indicators)\.[a-z_][a-z0-9_]*$/, 'attendu : couche.table (p. ex. marts.fct_demandes)'),
    z.array(z.record(z.unknown())),
  ),
  /** Every cell the indicator must return, and no other. */
  attendu: z.array(expectedCellSchema).min(1),
}).strict();
export type Example = z.infer<typeof exampleSchema>;
export type ExpectedCell = z.infer<typeof expectedCellSchema>;

/** Table → its columns and DuckDB types, as the warehouse builds them. */
export type WarehouseSchema = Map<string, { name: string; type: string }[]>;

/** The variables the runner sets before any model (pipelines/runner/tasks.ts), with their defaults. */
const DEFAULT_VARIABLES: Record<string, number | string | string[]> = {
  proximite_km: 2,
  metiers_file_active: ['assistant_social', 'cesf', 'conseiller_insertion', 'puericultrice'],
};

/** A YAML value as a DuckDB literal (then cast to the column's type). */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return sqlString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NULL';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${sqlIdent(k)}: ${literal(v)}`).join(', ')}}`;
  throw new Error(`valeur illisible : ${String(value)}`);
}

/**
 * The problems of an example before it runs: a table the indicator does not read, a table or a
 * column the warehouse does not have (a typo would otherwise leave the column empty and the example
 * would test nothing).
 */
export function exampleProblems(example: Example, reads: string[], schema: WarehouseSchema): string[] {
  const problems: string[] = [];
  for (const [table, rows] of Object.entries(example.donnees)) {
    const columns = schema.get(table);
    if (!columns) {
      problems.push(`la table ${table} n’existe pas dans l’entrepôt`);
      continue;
    }
    if (!reads.includes(table)) problems.push(`l’indicateur ne lit pas la table ${table} (il lit : ${reads.join(', ')})`);
    const known = new Set(columns.map((c) => c.name));
    const unknown = [...new Set(rows.flatMap((r) => Object.keys(r)).filter((c) => !known.has(c)))];
    if (unknown.length > 0) problems.push(`${table} n’a pas de colonne ${unknown.join(', ')} (colonnes : ${[...known].join(', ')})`);
  }
  for (const v of Object.keys(example.variables)) if (!(v in DEFAULT_VARIABLES)) problems.push(`variable inconnue : ${v} (connues : ${Object.keys(DEFAULT_VARIABLES).join(', ')})`);
  return problems;
}

/** Creates every table of the warehouse, empty, then fills those the example gives. */
export async function loadExample(db: DuckDBConnection, example: Example, schema: WarehouseSchema): Promise<void> {
  for (const [table, columns] of schema) {
    const [layer, name] = table.split('.');
    if (!/^(ref|staging|intermediate|marts|indicators)$/.test(layer) || columns.length === 0) continue;
    await db.run(`CREATE SCHEMA IF NOT EXISTS ${sqlIdent(layer)}`);
    await db.run(`CREATE TABLE ${sqlIdent(layer)}.${sqlIdent(name)} (${columns.map((c) => `${sqlIdent(c.name)} ${c.type}`).join(', ')})`);
  }
  for (const [table, rows] of Object.entries(example.donnees)) {
    const columns = schema.get(table)!;
    const target = table.split('.').map(sqlIdent).join('.');
    for (const row of rows) {
      const given = columns.filter((c) => c.name in row);
      if (given.length === 0) {
        await db.run(`INSERT INTO ${target} DEFAULT VALUES`);
        continue;
      }
      await db.run(`INSERT INTO ${target} (${given.map((c) => sqlIdent(c.name)).join(', ')})
        VALUES (${given.map((c) => `CAST(${literal(row[c.name])} AS ${c.type})`).join(', ')})`);
    }
  }
  await createMacros(db);
  for (const [name, value] of Object.entries({ ...DEFAULT_VARIABLES, ...example.variables })) {
    await db.run(`SET VARIABLE ${sqlIdent(name)} = ${Array.isArray(value) ? `${literal(value)}::VARCHAR[]` : literal(value)}`);
  }
}

interface Cell { niveau: string; code: string; periode: string; dimension: string; modalite: string; libelle: unknown; valeur: unknown; numerateur?: unknown; denominateur?: unknown; effectif?: unknown }

const cellKey = (c: { niveau: string; code: string; periode: string; dimension: string; modalite: string }) =>
  [c.niveau, c.code, c.periode, c.dimension, c.modalite].join(' | ');

/** Runs the indicator's SELECT on the example's tables and returns, in French, every difference from the expected cells. */
export async function compareExample(db: DuckDBConnection, select: string, example: Example): Promise<string[]> {
  const rows = await queryRows<Cell>(db, `SELECT * FROM (${select}) AS indicateur`);
  const got = new Map<string, Cell>();
  const problems: string[] = [];
  for (const r of rows) {
    // As marts.indicateurs reads them: a total's dimension and modality are empty, not NULL.
    const cell = { ...r, niveau: String(r.niveau), code: String(r.code), periode: String(r.periode), dimension: r.dimension == null ? '' : String(r.dimension), modalite: r.modalite == null ? '' : String(r.modalite) };
    if (got.has(cellKey(cell))) problems.push(`case en double : ${cellKey(cell)}`);
    got.set(cellKey(cell), cell);
  }
  const expected = new Map(example.attendu.map((c) => [cellKey(c), c]));
  for (const k of expected.keys()) if (!got.has(k)) problems.push(`case attendue absente : ${k}`);
  for (const k of got.keys()) if (!expected.has(k)) problems.push(`case inattendue : ${k} (valeur ${String(got.get(k)!.valeur)})`);
  for (const [k, e] of expected) {
    const g = got.get(k);
    if (!g) continue;
    for (const field of ['valeur', 'numerateur', 'denominateur', 'effectif'] as const) {
      if (!(field in e) || e[field] === undefined) continue;
      const want = e[field] as number | null;
      const have = g[field] === null || g[field] === undefined ? null : Number(g[field]);
      const same = want === null || have === null ? want === have : Math.abs(want - have) <= 1e-9 * Math.max(1, Math.abs(want));
      if (!same) problems.push(`${k} : ${field} attendu ${want}, obtenu ${have}`);
    }
    if (e.libelle !== undefined && (g.libelle ?? null) !== e.libelle) problems.push(`${k} : libellé attendu ${e.libelle}, obtenu ${String(g.libelle)}`);
  }
  return problems;
}
