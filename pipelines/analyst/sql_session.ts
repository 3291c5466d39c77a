// Statements typed by an analyst, run read-only on the published database or the warehouse.
// The file is opened for each statement and closed right after, so that an idle prompt never
// holds the lock a pipeline job needs to write the warehouse.
import type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathsFor } from '../config.ts';
import { openDatabase, type Database } from '../warehouse/duckdb.ts';
import { sayWaiting } from '../warehouse/waiting.ts';
import { explainError, type TableInfo } from './errors_fr.ts';

export type Target = 'published' | 'warehouse';

export interface ResultColumn {
  name: string;
  type: DuckDBType;
}

export interface StatementResult {
  columns: ResultColumn[];
  rows: DuckDBValue[][];
  /** False for statements that return nothing to show (SET, CREATE TEMP TABLE…). */
  isQuery: boolean;
  /** More rows than `maxRows` were there: only the first ones were read. */
  truncated: boolean;
}

/** A mistake in a statement, explained in French, DuckDB's own message kept at the end. */
export class SqlError extends Error {
  constructor(message: string, readonly original?: string) {
    super(message);
  }
}

export interface SessionOptions {
  /** How often to try again while a job writes the file. */
  retryMs?: number;
  /** Told once per wait, when a job holds the file. */
  onWait?: (message: string) => void;
}

const WAITING: Record<Target, string> = {
  warehouse: 'L’entrepôt est en cours d’écriture par un travail ; j’attends…',
  published: 'La base publiée est ouverte en écriture par un autre processus ; j’attends…',
};

const MISSING: Record<Target, string> = {
  warehouse: 'Aucun entrepôt : lancez d’abord solidata run.',
  published: 'Aucune base publiée : lancez d’abord solidata run.',
};

// StatementType.SELECT, EXPLAIN, PRAGMA, CALL: statements whose rows are the answer.
const QUERY_STATEMENTS = new Set([1, 4, 17, 19]);

export class SqlSession {
  readonly file: string;

  constructor(readonly dataDir: string, readonly target: Target, private readonly options: SessionOptions = {}) {
    const paths = pathsFor(dataDir);
    this.file = target === 'warehouse' ? paths.warehouse : paths.published;
  }

  /**
   * Runs every statement of `sql` in one opening of the file. Stops at the first failing one:
   * the results before it are kept, its error is explained.
   */
  async execute(sql: string, { maxRows }: { maxRows?: number } = {}): Promise<{ results: StatementResult[]; error?: SqlError }> {
    return this.withConnection(async (connection) => {
      const results: StatementResult[] = [];
      try {
        const statements = await connection.extractStatements(sql);
        for (let i = 0; i < statements.count; i++) {
          const prepared = await statements.prepare(i);
          const reader = maxRows == null ? await prepared.streamAndReadAll() : await prepared.streamAndReadUntil(maxRows + 1);
          const columns = reader.columnNames().map((name, c) => ({ name, type: reader.columnType(c) }));
          const rows = reader.getRows();
          const truncated = maxRows != null && rows.length > maxRows;
          results.push({ columns, rows: truncated ? rows.slice(0, maxRows) : rows, isQuery: QUERY_STATEMENTS.has(prepared.statementType), truncated });
        }
        return { results };
      } catch (error) {
        const original = String((error as Error).message ?? error).replace(/^Failed to extract statements: /, '');
        return { results, error: new SqlError(explainError(original, { sql, tables: await listTables(connection).catch(() => []) }), original) };
      }
    });
  }

  /** The tables and views, with their columns. */
  async tables(): Promise<TableInfo[]> {
    return this.withConnection(listTables);
  }

  private async withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const db = await this.open();
    try {
      return await work(db.connection);
    } finally {
      db.close();
    }
  }

  /** Opens read-only, waiting while a job holds the file for writing (DuckDB allows no reader then). */
  private async open(): Promise<Database> {
    let told = false;
    let stopWaiting: (() => void) | undefined;
    try {
      for (;;) {
        if (!existsSync(this.file)) throw new SqlError(`${MISSING[this.target]}\n(fichier attendu : ${this.file})`);
        try {
          return await openDatabase(this.file, { readOnly: true });
        } catch (error) {
          const message = String((error as Error).message);
          // Removed between the check and the opening.
          if (/database does not exist/i.test(message)) throw new SqlError(`${MISSING[this.target]}\n(fichier attendu : ${this.file})`, message);
          if (!/lock/i.test(message)) throw new SqlError(`Impossible d’ouvrir ${this.file}.\nDuckDB : ${message}`, message);
          // The job runner lets go of the warehouse at the end of its job for whoever says it waits.
          stopWaiting ??= sayWaiting(this.file);
          if (!told) this.options.onWait?.(WAITING[this.target]);
          told = true;
          await sleep(this.options.retryMs ?? 200);
        }
      }
    } finally {
      stopWaiting?.();
    }
  }
}

/** Tables and views of the opened file (not DuckDB's own), with their columns in order. */
async function listTables(connection: DuckDBConnection): Promise<TableInfo[]> {
  const reader = await connection.runAndReadAll(`
    SELECT c.schema_name, c.table_name, list(c.column_name ORDER BY c.column_index), list(c.data_type ORDER BY c.column_index)
    FROM duckdb_columns() c
    WHERE c.database_name = current_database() AND NOT c.internal
    GROUP BY c.schema_name, c.table_name ORDER BY c.schema_name <> 'main', c.schema_name, c.table_name`);
  return reader.getRowsJS().map(([schema, name, columns, types]) => {
    const names = columns as string[];
    return {
      schema: String(schema),
      name: String(name),
      label: schema === 'main' ? String(name) : `${schema}.${name}`,
      columns: names.map((column, i) => ({ name: column, type: String((types as string[])[i]) })),
    };
  });
}
