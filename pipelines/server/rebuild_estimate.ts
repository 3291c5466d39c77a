// How long a confirmed import takes to reach the dashboard, from the history of the last runs: the
// load of this source, the refresh up to the publication (from the first step of the publication's
// run to its end), the dashboard's build. The median of the last few of each, so that one slow run
// (a first build, a busy machine) does not set the estimate.
import type pg from 'pg';

export interface RebuildEstimate {
  /** Seconds, each undefined when the history has none. */
  chargement?: number;
  recalcul?: number;
  tableau?: number;
}

/** How many past runs the estimate looks at. */
const LAST_RUNS = 5;

export async function rebuildEstimate(pool: pg.Pool, source: string): Promise<RebuildEstimate> {
  const { rows } = await pool.query<{ etape: keyof RebuildEstimate; secondes: number | null }>(
    `WITH chargements AS (
       SELECT extract(epoch FROM ended_at - started_at)::float8 AS s FROM solidata.materialisations
       WHERE asset = $1 AND status = 'success' ORDER BY ended_at DESC LIMIT $2),
     publications AS (
       SELECT extract(epoch FROM p.ended_at - (SELECT min(started_at) FROM solidata.materialisations r WHERE r.run_id = p.run_id AND r.asset NOT LIKE 'raw.%'))::float8 AS s
       FROM solidata.materialisations p WHERE p.asset = 'publication' AND p.status = 'success' ORDER BY p.ended_at DESC LIMIT $2),
     tableaux AS (
       SELECT extract(epoch FROM ended_at - started_at)::float8 AS s FROM solidata.materialisations
       WHERE asset = 'dashboard' AND status = 'success' ORDER BY ended_at DESC LIMIT $2)
     SELECT 'chargement' AS etape, percentile_cont(0.5) WITHIN GROUP (ORDER BY s) AS secondes FROM chargements
     UNION ALL SELECT 'recalcul', percentile_cont(0.5) WITHIN GROUP (ORDER BY s) FROM publications
     UNION ALL SELECT 'tableau', percentile_cont(0.5) WITHIN GROUP (ORDER BY s) FROM tableaux`,
    [`raw.${source}`, LAST_RUNS]);
  return Object.fromEntries(rows.filter((r) => r.secondes !== null).map((r) => [r.etape, Number(r.secondes)]));
}

/** « environ 40 s », « environ 3 min », « environ 1 h 10 min »: an estimate, rounded as one. */
export function about(seconds: number): string {
  if (seconds < 55) return `environ ${Math.max(10, Math.round(seconds / 10) * 10)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `environ ${minutes} min`;
  return `environ ${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${String(minutes % 60).padStart(2, '0')} min` : ''}`;
}
