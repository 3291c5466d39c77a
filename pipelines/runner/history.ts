// Reading and writing the materialisation history in Postgres.
import { readFileSync } from 'node:fs';
import type pg from 'pg';

export type Status = 'running' | 'success' | 'failed' | 'skipped';

export interface Materialisation {
  id: number;
  run_id: string;
  asset: string;
  status: Status;
  started_at: Date;
  ended_at: Date | null;
  rows: number | null;
  code_hash: string | null;
  error: string | null;
  /** What the materialisation read, or for an import what it loaded. */
  deliveries: unknown[];
  /** For a partitioned asset, the months whose rows it wrote. */
  partitions: string[];
  /** The stages of a long materialisation, in order, each until the next one begins (the last until the end). */
  etapes: Stage[];
}

export interface Stage {
  nom: string;
  debut: string;
}

export async function migrateHistory(pool: pg.Pool): Promise<void> {
  // Postgres DDL, beside the code that runs it (sql/ is DuckDB's).
  await pool.query(readFileSync(new URL('./history.sql', import.meta.url), 'utf8'));
}

export async function begin(pool: pg.Pool, runId: string, asset: string, codeHash: string): Promise<number> {
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO solidata.materialisations (run_id, asset, status, code_hash) VALUES ($1, $2, 'running', $3) RETURNING id`,
    [runId, asset, codeHash],
  );
  return rows[0].id;
}

/** A stage of a materialisation begins (and the one before it ends): the admin page follows it live. */
export async function beginStage(pool: pg.Pool, id: number, nom: string): Promise<void> {
  await pool.query(
    `UPDATE solidata.materialisations SET etapes = etapes || jsonb_build_array(jsonb_build_object('nom', $2::text, 'debut', now())) WHERE id = $1`,
    [id, nom],
  );
}

/** A job for graphile-worker, queued by its own SQL function. */
export interface QueuedJob {
  task: string;
  payload: object;
  queue?: string;
  jobKey: string;
}

/** Ends a materialisation and queues, in the same transaction, the jobs it lets run. */
export async function end(
  pool: pg.Pool,
  id: number,
  outcome: { status: Exclude<Status, 'running'>; rows?: number | null; error?: string; deliveries?: unknown[]; partitions?: string[] },
  then: QueuedJob[] = [],
): Promise<void> {
  await pool.query(
    `WITH ended AS (
       UPDATE solidata.materialisations SET status = $2, ended_at = now(), rows = $3, error = $4, deliveries = $5, partitions = $6 WHERE id = $1 RETURNING id)
     SELECT graphile_worker.add_job(j->>'task', j->'payload', queue_name => j->>'queue', max_attempts => 1, job_key => j->>'jobKey')
     FROM ended, json_array_elements($7::json) AS j`,
    [id, outcome.status, outcome.rows ?? null, outcome.error ?? null, JSON.stringify(outcome.deliveries ?? []), outcome.partitions ?? [], JSON.stringify(then)],
  );
}

/** The latest materialisation of each asset, and the latest successful one. */
export async function latest(pool: pg.Pool): Promise<{ last: Map<string, Materialisation>; lastSuccess: Map<string, Materialisation> }> {
  const { rows } = await pool.query<Materialisation & { kind: string }>(
    `SELECT DISTINCT ON (asset, kind) *, kind FROM (
       SELECT *, 'last' AS kind FROM solidata.materialisations WHERE status <> 'running'
       UNION ALL SELECT *, 'success' AS kind FROM solidata.materialisations WHERE status = 'success') m
     ORDER BY asset, kind, started_at DESC, id DESC`,
  );
  const last = new Map<string, Materialisation>();
  const lastSuccess = new Map<string, Materialisation>();
  for (const r of rows) (r.kind === 'last' ? last : lastSuccess).set(r.asset, r);
  return { last, lastSuccess };
}

/** Every partition each asset has loaded successfully, in order. */
export async function loadedPartitions(pool: pg.Pool): Promise<Map<string, string[]>> {
  const { rows } = await pool.query<{ asset: string; partitions: string[] }>(
    `SELECT asset, array_agg(DISTINCT p ORDER BY p) AS partitions
     FROM solidata.materialisations, unnest(partitions) AS p WHERE status = 'success' GROUP BY asset`,
  );
  return new Map(rows.map((r) => [r.asset, r.partitions]));
}

export async function ofRun(pool: pg.Pool, runId: string): Promise<Materialisation[]> {
  const { rows } = await pool.query<Materialisation>('SELECT * FROM solidata.materialisations WHERE run_id = $1 ORDER BY id', [runId]);
  return rows;
}

/** The assets of a run materialised successfully so far. */
export async function succeeded(pool: pg.Pool, runId: string): Promise<Set<string>> {
  const { rows } = await pool.query<{ asset: string }>(`SELECT asset FROM solidata.materialisations WHERE run_id = $1 AND status = 'success'`, [runId]);
  return new Set(rows.map((r) => r.asset));
}

export async function lastSuccessRows(pool: pg.Pool, asset: string): Promise<number | null> {
  const { rows } = await pool.query<{ rows: string | null }>(
    `SELECT rows FROM solidata.materialisations WHERE asset = $1 AND status = 'success' ORDER BY started_at DESC LIMIT 1`,
    [asset],
  );
  return rows[0]?.rows == null ? null : Number(rows[0].rows);
}

/** The last runs, newest first, each with its materialisations in the order they began. */
export async function recentRuns(pool: pg.Pool, limit = 20): Promise<{ run_id: string; steps: Materialisation[] }[]> {
  const { rows } = await pool.query<Materialisation>(
    `WITH runs AS (SELECT run_id, min(started_at) AS began FROM solidata.materialisations GROUP BY run_id ORDER BY began DESC LIMIT $1)
     SELECT m.* FROM solidata.materialisations m JOIN runs USING (run_id) ORDER BY runs.began DESC, m.run_id, m.started_at, m.id`,
    [limit],
  );
  const runs = new Map<string, Materialisation[]>();
  for (const r of rows) runs.set(r.run_id, [...(runs.get(r.run_id) ?? []), r]);
  return [...runs].map(([run_id, steps]) => ({ run_id, steps }));
}
