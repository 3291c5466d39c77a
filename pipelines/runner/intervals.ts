// Which months an incremental asset recomputes, the way dbt incremental models and SQLMesh
// intervals do: the months its partitioned sources loaded since its last success, read from the
// history. Everything, with the reason, when anything else upstream may have changed, when its
// own definition changed, or when a full recompute is asked for (`--complet`).
import type pg from 'pg';
import type { Graph } from '../assets/asset.ts';

export type Recompute = { months: string[] } | { full: string };

interface Since {
  asset: string;
  status: string;
  code_hash: string | null;
  partitions: string[];
  deliveries: { unchanged?: boolean }[];
  /** The code hash of its last success up to the incremental asset's last success. */
  hash_before: string | null;
}

export async function monthsToRecompute(pool: pg.Pool, graph: Graph, name: string): Promise<Recompute> {
  const asset = graph.assets.get(name)!;
  const { rows: [last] } = await pool.query<{ started_at: Date; code_hash: string | null }>(
    `SELECT started_at, code_hash FROM solidata.materialisations WHERE asset = $1 AND status = 'success' ORDER BY started_at DESC, id DESC LIMIT 1`,
    [name],
  );
  if (!last) return { full: 'jamais calculé' };
  if (last.code_hash !== asset.codeHash) return { full: 'définition modifiée' };
  const upstream = graph.upstream(name);
  // Every materialisation upstream since then (a failed one may have written part of its work).
  const { rows } = await pool.query<Since>(
    `SELECT m.asset, m.status, m.code_hash, m.partitions, m.deliveries,
       (SELECT p.code_hash FROM solidata.materialisations p
        WHERE p.asset = m.asset AND p.status = 'success' AND p.started_at <= $2 ORDER BY p.started_at DESC, p.id DESC LIMIT 1) AS hash_before
     FROM solidata.materialisations m
     WHERE m.asset = ANY($1) AND m.started_at > $2 AND m.status <> 'skipped'`,
    [upstream, last.started_at],
  );
  const months = new Set<string>();
  for (const m of rows) {
    const up = graph.assets.get(m.asset);
    if (!up) return { full: `amont ${m.asset} inconnu` };
    if (m.status === 'success' && m.code_hash !== m.hash_before) return { full: `amont ${m.asset} redéfini` };
    if (up.partitioned) {
      // A failed load may have kept some files: which months, the history does not say.
      if (m.status !== 'success') return { full: `chargement ${m.asset} en échec depuis le dernier calcul` };
      m.partitions.forEach((p) => months.add(p));
    } else if (up.loadsDeliveries) {
      if (m.status !== 'success' || m.deliveries.some((d) => !d.unchanged)) return { full: `nouvelle livraison ${m.asset}` };
    } else if (up.upstream.length === 0) {
      // A reference without partitions: its change reaches every month.
      if (m.status === 'success') return { full: `amont ${m.asset} recalculé` };
    }
    // A model between them changes only with its inputs (seen here) or its definition (above).
  }
  return { months: [...months].sort() };
}
