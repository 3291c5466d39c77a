// solidata status: every asset, fresh, stale or failed, and when it was last materialised.
import { z } from 'zod';
import { latest, loadedPartitions } from '../runner/history.ts';
import { monthsText } from './history.ts';
import { staleAssets } from '../runner/plan.ts';
import { parseOptions } from './options.ts';
import { formatOption, formatSchema, frDateTime, printList } from './output.ts';
import { settingsFrom } from './run.ts';
import { withRuntime } from './runtime.ts';


const schema = z.object({ 'data-dir': z.string().min(1), config: z.string().optional(), format: formatSchema });

export async function statusCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, formatOption, schema);
  const { settings } = settingsFrom(values);
  return withRuntime(settings, async (env) => {
    const history = await latest(env.pool);
    const stale = staleAssets(env.graph, history, env);
    const partitions = await loadedPartitions(env.pool);
    const rows = env.graph.order.map((asset) => {
      const last = history.last.get(asset);
      const ok = history.lastSuccess.get(asset);
      const etat = last?.status === 'failed' ? 'en échec' : stale.has(asset) ? 'périmé' : 'à jour';
      const months = env.graph.assets.get(asset)!.partitioned ? partitions.get(asset) ?? [] : null;
      return {
        asset, etat, raison: stale.get(asset) ?? '', derniere_reussite: ok?.ended_at ?? null, lignes: ok?.rows ?? null,
        partitions: months, derniere_partition: months?.at(-1) ?? null, erreur: last?.status === 'failed' ? last.error : null,
      };
    });
    printList(rows, [
      { title: 'actif', value: (r) => r.asset },
      { title: 'état', value: (r) => r.etat },
      { title: 'dernière réussite', value: (r) => frDateTime(r.derniere_reussite) },
      { title: 'lignes', value: (r) => (r.lignes == null ? '—' : Number(r.lignes).toLocaleString('fr-FR')) },
      { title: 'partitions', value: (r) => (r.partitions ? monthsText(r.partitions) || 'aucune' : '') },
      { title: 'dernière', value: (r) => r.derniere_partition ?? '' },
      { title: 'pourquoi', value: (r) => r.raison },
    ], values.format);
    return 0;
  });
}
