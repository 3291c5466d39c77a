// The warehouse, kept open by a worker from one job to the next: opening it and closing it (a
// checkpoint) cost a tenth of a second or more each, for some thirty jobs per delivery. Let go at
// the end of a job when another process waits for it (the analysts' prompt: see
// ../warehouse/waiting.ts), after a short pause without a job, after a failed job, and when the
// worker stops. One per file and process: every worker of the process shares it.
import type { DuckDBConnection } from '@duckdb/node-api';
import { openWarehouse, type Database } from '../warehouse/duckdb.ts';
import { othersWaiting } from '../warehouse/waiting.ts';

/** The time between two jobs of a run is a tenth of a second; a longer pause lets go. */
const IDLE_MS = 400;

const kept = new Map<string, KeptWarehouse>();

/** The process's keeper of this warehouse file. */
export function keptWarehouse(file: string): KeptWarehouse {
  let k = kept.get(file);
  if (!k) kept.set(file, (k = new KeptWarehouse(file)));
  return k;
}

/** Closes the file if a worker of this process keeps it (after the worker stopped). */
export function closeKeptWarehouse(file: string): void {
  kept.get(file)?.close();
}

class KeptWarehouse {
  private db?: Database;
  private idle?: NodeJS.Timeout;

  constructor(private readonly file: string) {}

  /** The open warehouse, opened if it is not. */
  async take(): Promise<DuckDBConnection> {
    clearTimeout(this.idle);
    this.idle = undefined;
    this.db ??= await openWarehouse(this.file);
    return this.db.connection;
  }

  /** The end of a job that used it: kept for the next one unless someone else waits. */
  leave(): void {
    if (!this.db) return;
    if (othersWaiting(this.file)) this.close();
    else this.idle = setTimeout(() => this.close(), IDLE_MS);
  }

  close(): void {
    clearTimeout(this.idle);
    this.idle = undefined;
    const db = this.db;
    this.db = undefined;
    db?.close();
  }
}
