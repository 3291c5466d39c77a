// Opening DuckDB files and running the SQL files of sql/. Only one process may open a DuckDB
// file for writing: the job runner keeps the warehouse between jobs only while nobody waits for it.
import type { DuckDBConnection } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { projectPaths } from '../config.ts';
import { log } from '../log.ts';
import { privateFile } from '../private_files.ts';
import { sayWaiting } from './waiting.ts';

export interface Database {
  connection: DuckDBConnection;
  close(): void;
}

/**
 * DuckDB takes 80 % of the machine's memory by default, which starves everything else on a shared
 * server (the Evidence build, Postgres): a quarter of it, at most 6 GB, and it spills to disk beyond.
 * SOLIDATA_DUCKDB_MEMORY (e.g. 2GB) overrides it.
 */
export const memoryLimit = () => process.env.SOLIDATA_DUCKDB_MEMORY || `${Math.max(1, Math.min(6, Math.floor(totalmem() / 4 / 2 ** 30)))}GB`;

export async function openDatabase(file: string, options: { readOnly?: boolean } = {}): Promise<Database> {
  // The native module is loaded by the first database opened: commands that open none start without it.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(file, { memory_limit: memoryLimit(), ...(options.readOnly ? { access_mode: 'READ_ONLY' } : {}) });
  const connection = await instance.connect();
  // The warehouse holds pseudonymised rows: readable by the user running Solidata alone.
  if (file !== ':memory:' && !options.readOnly) privateFile(file);
  return {
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** A SQL string literal; DuckDB table functions such as read_csv take no bound parameters for paths. */
export const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;
export const sqlIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

export function readSqlFile(relative: string): string {
  return readFileSync(path.join(projectPaths.sql, relative), 'utf8');
}

/** Rows as plain JSON-friendly objects (dates as ISO strings, big integers as numbers). */
export async function queryRows<T = Record<string, unknown>>(
  connection: DuckDBConnection,
  sql: string,
  values?: Record<string, string | number | boolean | null>,
): Promise<T[]> {
  const reader = await connection.runAndReadAll(sql, values as never);
  return reader.getRowObjectsJson() as unknown as T[];
}

/** Runs every statement of a SQL text, in order. */
export async function runScript(connection: DuckDBConnection, sql: string): Promise<void> {
  const statements = await connection.extractStatements(sql);
  for (let i = 0; i < statements.count; i++) {
    const prepared = await statements.prepare(i);
    await prepared.run();
  }
}

/**
 * Opens the warehouse, waiting while another process holds its lock. Opened for writing, its own
 * bookkeeping tables (sql/warehouse/meta.sql) are made sure of here, the one place they are:
 * whoever loads a delivery or records a check finds them. `:memory:` gives a throwaway warehouse
 * (a dry run, the dictionary, a test).
 */
export async function openWarehouse(file: string, retryMs = 1000, options: { readOnly?: boolean } = {}): Promise<Database> {
  const db = await openLocked(file, retryMs, options);
  if (!options.readOnly) {
    try {
      await runScript(db.connection, readSqlFile('warehouse/meta.sql'));
    } catch (error) {
      db.close();
      throw error;
    }
  }
  return db;
}

async function openLocked(file: string, retryMs: number, options: { readOnly?: boolean }): Promise<Database> {
  let said = '';
  let stopWaiting: (() => void) | undefined;
  try {
    for (;;) {
      try {
        return await openDatabase(file, options);
      } catch (error) {
        const message = String((error as Error).message);
        if (!/lock/i.test(message)) throw error;
        stopWaiting ??= sayWaiting(file);
        const holder = /held in (.+?) \(PID (\d+)\)/i.exec(message);
        const who = holder ? `le processus ${holder[2]} (${path.basename(holder[1])})` : 'un autre processus';
        const text = `En attente de l’entrepôt, occupé par ${who}…`;
        if (text !== said) log.step(text);
        said = text;
        await sleep(retryMs);
      }
    }
  } finally {
    stopWaiting?.();
  }
}
