// Shared SQL: the DuckDB macros of sql/macros/ (the cells' fan-out to every level, places and
// distances), created in the warehouse before any model that calls one. A model's upstream gets
// this asset when its SQL calls one of the macros, so that a change to a macro recomputes it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { projectPaths } from '../config.ts';
import { runScript } from '../warehouse/duckdb.ts';
import type { Asset } from './asset.ts';

export const MACROS_ASSET = 'macros';

function macroFiles(): { file: string; sql: string }[] {
  const dir = path.join(projectPaths.sql, 'macros');
  return readdirSync(dir).filter((f) => f.endsWith('.sql')).sort().map((f) => ({ file: f, sql: readFileSync(path.join(dir, f), 'utf8') }));
}

/** The names of the macros sql/macros/ defines. */
export function macroNames(): string[] {
  return macroFiles().flatMap(({ sql }) => [...sql.matchAll(/CREATE\s+(?:OR\s+REPLACE\s+)?MACRO\s+([a-z_][a-z0-9_]*)/gi)].map((m) => m[1].toLowerCase()));
}

/** Whether a SQL text calls one of the macros. */
export const callsMacro = (sql: string, names = macroNames()) => names.some((n) => new RegExp(`\\b${n}\\s*\\(`, 'i').test(sql.replace(/--.*$/gm, '')));

export async function createMacros(db: DuckDBConnection): Promise<void> {
  for (const { sql } of macroFiles()) await runScript(db, sql);
}

export function macrosAsset(): Asset {
  return {
    name: MACROS_ASSET,
    description: `Les macros DuckDB partagées par les modèles (sql/macros/) : ${macroNames().join(', ')}.`,
    upstream: [],
    codeHash: createHash('sha256').update(macroFiles().map((f) => `${f.file}\n${f.sql}`).join('\n')).digest('hex').slice(0, 16),
    checks: [],
    async materialise(ctx) {
      await createMacros(await ctx.warehouse());
      return { rows: null };
    },
  };
}
