// Which assets are stale: never materialised, changed code, failed last time, waiting input,
// or an upstream asset materialised since (or itself stale).
import type { Graph } from '../assets/graph.ts';
import type { AssetContext } from '../assets/asset.ts';
import type { Materialisation } from './history.ts';

export interface History {
  last: Map<string, Materialisation>;
  lastSuccess: Map<string, Materialisation>;
}

/** Stale assets in execution order, each with the reason why, in French. */
export function staleAssets(graph: Graph, history: History, ctx: Pick<AssetContext, 'paths' | 'settings'>): Map<string, string> {
  const stale = new Map<string, string>();
  for (const name of graph.order) {
    const asset = graph.assets.get(name)!;
    const ok = history.lastSuccess.get(name);
    const newer = asset.upstream.find((u) => {
      const up = history.lastSuccess.get(u);
      return stale.has(u) || !up || (ok && (up.ended_at ?? up.started_at) > ok.started_at);
    });
    const reason = asset.pending?.(ctx)
      ? 'nouvelles données ou sortie absente'
      : !ok
        ? 'jamais matérialisé'
        : ok.code_hash !== asset.codeHash
          ? 'définition modifiée'
          : history.last.get(name)?.status !== 'success'
            ? 'dernier essai en échec'
            : newer
              ? `amont ${newer} recalculé`
              : undefined;
    if (reason) stale.set(name, reason);
  }
  return stale;
}

/**
 * The graph without these assets and what depends on them: for tests and benchmarks that run
 * the runner as `solidata start` does, short of the dashboard build (a minute, 3 GB).
 */
export function withoutAssets(graph: Graph, names: string[]): Graph {
  const removed = new Set(names.flatMap((n) => [n, ...graph.downstream(n)]));
  const keep = (n: string) => !removed.has(n);
  return {
    assets: new Map([...graph.assets].filter(([n]) => keep(n))),
    order: graph.order.filter(keep),
    downstream: (n) => graph.downstream(n).filter(keep),
    upstream: (n) => graph.upstream(n).filter(keep),
  };
}
