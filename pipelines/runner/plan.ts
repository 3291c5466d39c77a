// Which assets are stale: never materialised, changed code, failed last time, waiting input,
// or an upstream asset materialised since (or itself stale).
import type { Graph } from '../assets/graph.ts';
import type { AssetContext } from '../assets/asset.ts';
import type { Materialisation } from './history.ts';

export interface History {
  last: Map<string, Materialisation>;
  lastSuccess: Map<string, Materialisation>;
}

export function staleAssets(graph: Graph, history: History, ctx: Pick<AssetContext, 'paths' | 'settings'>): string[] {
  const stale = new Set<string>();
  for (const name of graph.order) {
    const asset = graph.assets.get(name)!;
    const ok = history.lastSuccess.get(name);
    const reason =
      asset.pending?.(ctx) ||
      !ok ||
      ok.code_hash !== asset.codeHash ||
      history.last.get(name)?.status === 'failed' ||
      asset.upstream.some((u) => {
        const up = history.lastSuccess.get(u);
        return stale.has(u) || !up || (up.ended_at ?? up.started_at) > ok.started_at;
      });
    if (reason) stale.add(name);
  }
  return graph.order.filter((n) => stale.has(n));
}
