// SQL models: one file in sql/<layer>/ is one table <layer>.<file name>. Its upstream assets are
// read from the tables it selects from; an optional YAML header declares its checks.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import '../zod-fr.ts';
import { projectPaths } from '../config.ts';
import { queryRows, sqlIdent, sqlString } from '../warehouse/duckdb.ts';
import type { Asset, Check } from './asset.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import { faultPoint } from '../faults.ts';
import { callsMacro, MACROS_ASSET } from './macros.ts';
import { cachedHeader } from './header_cache.ts';

const REFERENCE_TARGET = /^(raw|ref|staging|intermediate|marts|indicators)\.[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/;

const checksSchema = z
  .object({
    not_null: z.array(z.string()).default([]),
    unique: z.array(z.string()).default([]),
    /** Column → the values it may hold. */
    accepted_values: z.record(z.array(z.string()).min(1)).default({}),
    /** Column → `layer.table.column` every non-empty value must exist in. */
    references: z.record(z.string().regex(REFERENCE_TARGET, 'attendu : couche.table.colonne')).default({}),
    /** A warning when the row count moves by more than this share since the last success (0.5 = 50 %). */
    warn_row_count_change: z.number().positive().optional(),
    /** Checks of their own: a query that returns the offending rows (none means passed). */
    expect_no_rows: z.array(z.object({
      name: z.string().min(3),
      sql: z.string().min(10),
      message: z.string().min(3),
      severity: z.enum(['erreur', 'avertissement']).default('erreur'),
    }).strict()).default([]),
    /** A warning when max(date_donnees) is older than this many days. */
    warn_stale_after_days: z.number().int().positive().optional(),
  })
  .strict()
  .default({});

export const modelHeaderSchema = z.object({
  description: z.string().default(''),
  checks: checksSchema,
  /** A view costs nothing to build and is read through: right for staging, which only renames and casts. */
  /**
   * incremental: a table of which only the months its monthly sources touched are recomputed (the
   * rows whose `partition_by` column holds one of them, or their year, are deleted and selected again).
   */
  materialized: z.enum(['table', 'view', 'incremental']).default('table'),
  /**
   * Its column holding the month (AAAA-MM) of its source rows, or their year (AAAA) where a row
   * sums a whole year (a year is touched when one of its months is); empty for rows that are
   * recomputed every time. An incremental model recomputes the touched months' rows; any model's
   * uniqueness checks look for their values only.
   */
  partition_by: z.string().regex(/^[a-z_][a-z0-9_]*$/).optional(),
}).passthrough();
/** Column → its meaning, for the data dictionary (columns taken as is from upstream inherit theirs). */
export const columnDocsSchema = z.object({ columns: z.record(z.string().min(3)).default({}) }).passthrough();
export const publishHeaderSchema = z.object({ description: z.string().min(10), columns: z.record(z.string().min(3)).default({}) });

const HEADER = /^\s*\/\*\s*---\s*\n([\s\S]*?)\n\s*---\s*\*\//;
const REFERENCE = /\b(?:from|join)\s+((?:raw|ref|staging|intermediate|marts|indicators|meta)\.[a-z_][a-z0-9_]*)/gi;

export interface SqlFile {
  file: string;
  name: string;
  sql: string;
  /** The header without its `tests:` block. */
  header: unknown;
  /** The header's `tests:` block as YAML text ('' without one): only the examples' test reads it. */
  testsYaml: string;
  references: string[];
}

/**
 * The `tests:` block of a header, cut out: most of a header's text, and of the time every command
 * spends reading the graph, is its examples, which only tests/indicators reads (indicatorExamples).
 */
function splitTests(yaml: string): { rest: string; tests: string } {
  const lines = yaml.split('\n');
  const start = lines.findIndex((l) => /^tests:\s*$/.test(l));
  if (start < 0) return { rest: yaml, tests: '' };
  let end = start + 1;
  while (end < lines.length && !/^[A-Za-z_][\w]*:/.test(lines[end])) end++;
  return { rest: [...lines.slice(0, start), ...lines.slice(end)].join('\n'), tests: lines.slice(start, end).join('\n') };
}

/** A YAML text of a header, or a French error naming the file. */
export function parseHeaderYaml(file: string, yaml: string): unknown {
  try {
    return yaml ? cachedHeader(yaml, (text) => parseYaml(text) ?? {}) : {};
  } catch (error) {
    throw new Error(`${path.relative(projectPaths.sql, file)} : en-tête YAML illisible (${(error as Error).message.split('\n')[0]})`);
  }
}

export function readSqlModel(file: string): SqlFile {
  const sql = readFileSync(file, 'utf8');
  const layer = path.basename(path.dirname(file));
  const name = `${layer}.${path.basename(file, '.sql')}`;
  const { rest, tests } = splitTests(HEADER.exec(sql)?.[1] ?? '');
  const header = parseHeaderYaml(file, rest);
  const references = sqlReferences(sql).filter((r) => r !== name);
  return { file, name, sql, header, testsYaml: tests, references };
}

/** The SELECT of a model, without its header. */
export const modelSelect = (model: SqlFile) => model.sql.replace(HEADER, '').trim().replace(/;\s*$/, '');

/** The warehouse tables a SQL text selects from. */
export const sqlReferences = (sql: string) => [...new Set([...sql.matchAll(REFERENCE)].map((m) => m[1].toLowerCase()))];

export function parseHeader<T extends z.ZodTypeAny>(model: SqlFile, schema: T): z.infer<T> {
  const parsed = schema.safeParse(model.header);
  if (!parsed.success) {
    const where = path.relative(projectPaths.sql, model.file);
    const details = parsed.error.issues.map((i) => `« ${i.path.join('.') || 'en-tête'} » : ${i.message}`).join(' ; ');
    throw new Error(`${where} : en-tête invalide — ${details}. Voir l’en-tête d’un fichier voisin pour un exemple.`);
  }
  return parsed.data;
}

export function listModelFiles(layer: string): string[] {
  const dir = path.join(projectPaths.sql, layer);
  return readdirSync(dir).filter((f) => f.endsWith('.sql')).sort().map((f) => path.join(dir, f));
}

export const hashText = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

export function checksOf(table: string, header: z.infer<typeof modelHeaderSchema>): Check[] {
  const t = table.split('.').map(sqlIdent).join('.');
  const month = header.partition_by ? sqlIdent(header.partition_by) : undefined;
  return [
    ...header.checks.not_null.map((c) => ({
      name: `not_null(${c})`,
      sql: `SELECT * FROM ${t} WHERE ${sqlIdent(c)} IS NULL LIMIT 5`,
      message: `la colonne ${c} contient des valeurs vides`,
    })),
    ...header.checks.unique.map((c) => ({
      name: `unique(${c})`,
      sql: `SELECT ${sqlIdent(c)}, count(*) AS n FROM ${t} GROUP BY ALL HAVING count(*) > 1 LIMIT 5`,
      // With rows by month (partition_by), the rows of other months passed at the last success
      // and have not changed since (a change anywhere else upstream makes the runner say
      // « everything »): a new duplicate has a value among the touched months' rows. Grouping
      // millions of rows costs seconds; the other checks are plain scans, and stay whole.
      ...(month ? {
        forMonths: (months: string[]) => `SELECT ${sqlIdent(c)}, count(*) AS n FROM ${t}
          WHERE ${sqlIdent(c)} IN (SELECT ${sqlIdent(c)} FROM ${t} WHERE ${touchedPartitions(month, months)}) GROUP BY ALL HAVING count(*) > 1 LIMIT 5`,
      } : {}),
      message: `la colonne ${c} contient des doublons`,
    })),
    ...Object.entries(header.checks.accepted_values).map(([c, values]) => ({
      name: `accepted_values(${c})`,
      sql: `SELECT ${sqlIdent(c)} FROM ${t} WHERE ${sqlIdent(c)} NOT IN (${values.map(sqlString).join(', ')}) LIMIT 5`,
      message: `la colonne ${c} contient des valeurs hors de la liste admise (${values.join(', ')})`,
    })),
    ...Object.entries(header.checks.references).map(([c, target]) => {
      const [layer, table, column] = target.split('.');
      return {
        name: `references(${c} → ${target})`,
        sql: `SELECT DISTINCT ${sqlIdent(c)} FROM ${t} WHERE ${sqlIdent(c)} IS NOT NULL
              AND ${sqlIdent(c)} NOT IN (SELECT ${sqlIdent(column)} FROM ${sqlIdent(layer)}.${sqlIdent(table)} WHERE ${sqlIdent(column)} IS NOT NULL) LIMIT 5`,
        message: `des valeurs de ${c} n’existent pas dans ${target}`,
      };
    }),
    ...header.checks.expect_no_rows.map((c) => ({ name: c.name, sql: c.sql, message: c.message, severity: c.severity })),
    ...(header.checks.warn_stale_after_days
      ? [{
          name: `freshness(${header.checks.warn_stale_after_days} jours)`,
          sql: `SELECT max(date_donnees) AS date_donnees FROM ${t} HAVING max(date_donnees) < current_date - ${header.checks.warn_stale_after_days}`,
          message: `les données datent de plus de ${header.checks.warn_stale_after_days} jours`,
          severity: 'avertissement' as const,
        }]
      : []),
  ];
}

export function sqlModelAsset(model: SqlFile): Asset {
  const header = parseHeader(model, modelHeaderSchema);
  const [layer, table] = model.name.split('.');
  if (header.materialized === 'incremental' && header.partition_by === undefined) {
    throw new Error(`${path.relative(projectPaths.sql, model.file)} : en-tête invalide — « materialized: incremental » demande « partition_by » (la colonne du mois ou de l’année de ses lignes).`);
  }
  // A table a check refers to must be there before the check runs.
  const checked = [
    ...Object.values(header.checks.references).map((target) => target.split('.').slice(0, 2).join('.')),
    ...header.checks.expect_no_rows.flatMap((c) => sqlReferences(c.sql)),
  ];
  return {
    name: model.name,
    description: header.description,
    upstream: [...new Set([...model.references, ...checked, ...(callsMacro(model.sql) ? [MACROS_ASSET] : [])])],
    codeHash: hashText(model.sql),
    checks: checksOf(model.name, header),
    rowCountChangeWarning: header.checks.warn_row_count_change,
    incremental: header.materialized === 'incremental' || undefined,
    partitioned: header.materialized === 'incremental' ? 'mois' : undefined,
    async materialise(ctx) {
      const db = await ctx.warehouse();
      await db.run(`CREATE SCHEMA IF NOT EXISTS ${sqlIdent(layer)}`);
      const target = `${sqlIdent(layer)}.${sqlIdent(table)}`;
      const select = modelSelect(model);
      const kind = header.materialized === 'view' ? 'view' : 'table';
      // A model may switch between table and view: drop what it was before.
      // DuckDB refuses DROP TABLE IF EXISTS on a view (and the reverse): ask what is there first.
      const [existing] = await queryRows<{ kind: string }>(db,
        `SELECT 'view' AS kind FROM duckdb_views() WHERE schema_name = $s AND view_name = $t UNION ALL SELECT 'table' FROM duckdb_tables() WHERE schema_name = $s AND table_name = $t`,
        { s: layer, t: table });
      if (existing && existing.kind !== kind) await db.run(`DROP ${existing.kind === 'view' ? 'VIEW' : 'TABLE'} ${target}`);
      let partitions: string[] | undefined;
      const incremental = header.materialized === 'incremental' ? header.partition_by : undefined;
      if (incremental && ctx.months && existing?.kind === 'table') {
        partitions = ctx.months;
        if (partitions.length > 0) await replaceMonths(db, target, select, incremental, partitions);
      } else {
        await db.run(`CREATE OR REPLACE ${kind === 'view' ? 'VIEW' : 'TABLE'} ${target} AS ${select}`);
        if (incremental) {
          partitions = (await queryRows<{ m: string }>(db, `SELECT DISTINCT ${sqlIdent(incremental)} AS m FROM ${target} WHERE m IS NOT NULL ORDER BY m`)).map((r) => r.m);
        }
      }
      await faultPoint('modele:apres-ecriture');
      // Counting a view's rows computes it: done only where a check compares the count.
      if (kind === 'view' && !header.checks.warn_row_count_change) return { rows: null };
      const [{ n }] = await queryRows<{ n: number }>(db, `SELECT count(*) AS n FROM ${target}`);
      return { rows: Number(n), partitions };
    },
  };
}

/**
 * The rows of these months (and those without a month) selected again, in one transaction: a
 * failure leaves the table as it was. The filter on the month reaches the source's scan.
 */
async function replaceMonths(db: DuckDBConnection, target: string, select: string, column: string, months: string[]): Promise<void> {
  const where = touchedPartitions(sqlIdent(column), months);
  await db.run('BEGIN TRANSACTION');
  try {
    await db.run(`DELETE FROM ${target} WHERE ${where}`);
    await db.run(`INSERT INTO ${target} BY NAME SELECT * FROM (${select}) WHERE ${where}`);
    await db.run('COMMIT');
  } catch (error) {
    await db.run('ROLLBACK');
    throw error;
  }
}

/**
 * SQL: whether a row's partition (a month AAAA-MM, a year AAAA, or none) is touched by these
 * partitions: the same one, a year and one of its months either way round, or none at all. Written
 * as plain IN lists where it can, so that the filter reaches the sources' scans.
 */
export function touchedPartitions(column: string, partitions: string[]): string {
  const years = partitions.filter((p) => /^\d{4}$/.test(p));
  const same = [...new Set([...partitions, ...partitions.filter((p) => /^\d{4}-\d{2}$/.test(p)).map((p) => p.slice(0, 4))])].sort();
  return [
    ...(same.length > 0 ? [`${column} IN (${same.map(sqlString).join(', ')})`] : []),
    ...(years.length > 0 ? [`left(${column}, 4) IN (${years.map(sqlString).join(', ')})`] : []),
    `${column} IS NULL`,
  ].join(' OR ');
}
