// solidata status: every asset, fresh, stale or failed, and when it was last materialised.
// While no Postgres serves the data directory, it reads the history's summary that the last command
// left (runner/status_snapshot.ts) instead of starting one: an answer in a fraction of a second.
import { z } from 'zod';
import { loadGraph, type Graph } from '../assets/graph.ts';
import type { Materialisation } from '../runner/history.ts';

import { staleAssets } from '../runner/plan.ts';
import { embeddedPostgresRunning } from '../runner/postgres.ts';
import { readStatusSnapshot } from '../runner/status_snapshot.ts';
import { pathsFor, type Paths, type Settings } from '../config.ts';
import { log } from '../log.ts';
import { parseOptions } from './options.ts';
import { formatOption, formatSchema, frDateTime, monthsText, printList } from './output.ts';
import { settingsFrom } from './command_settings.ts';

const schema = z.object({ 'data-dir': z.string().min(1), config: z.string().optional(), format: formatSchema });

interface State {
  last: Map<string, Materialisation>;
  lastSuccess: Map<string, Materialisation>;
  partitions: Map<string, string[]>;
}

export async function statusCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, formatOption, schema);
  const { settings } = settingsFrom(values);
  const paths = pathsFor(settings.dataDir);
  const snapshot = settings.databaseUrl || embeddedPostgresRunning(paths.postgresDir) ? undefined : readStatusSnapshot(paths);
  if (snapshot) {
    log.debug(`État enregistré le ${frDateTime(new Date(snapshot.ecrit_le))} (Postgres n’est pas démarré)`);
    print(loadGraph(), snapshot, { paths, settings }, values.format);
    return 0;
  }
  // Loaded only here: starting Postgres and the job queue is what the summary spares.
  const { withRuntime } = await import('./runtime.ts');
  const { latest, loadedPartitions } = await import('../runner/history.ts');
  return withRuntime(settings, async (env) => {
    print(env.graph, { ...(await latest(env.pool)), partitions: await loadedPartitions(env.pool) }, env, values.format);
    return 0;
  });
}

const integers = new Intl.NumberFormat('fr-FR');

function print(graph: Graph, state: State, ctx: { paths: Paths; settings: Settings }, format: z.infer<typeof formatSchema>) {
  const stale = staleAssets(graph, state, ctx);
  const rows = graph.order.map((asset) => {
    const last = state.last.get(asset);
    const ok = state.lastSuccess.get(asset);
    const etat = last?.status === 'failed' ? 'en échec' : stale.has(asset) ? 'périmé' : 'à jour';
    const months = graph.assets.get(asset)!.partitioned ? state.partitions.get(asset) ?? [] : null;
    return {
      asset, etat, raison: stale.get(asset) ?? '', derniere_reussite: ok?.ended_at ?? null, lignes: ok?.rows ?? null,
      partitions: months, derniere_partition: months?.at(-1) ?? null, erreur: last?.status === 'failed' ? last.error : null,
    };
  });
  printList(rows, [
    { title: 'actif', value: (r) => r.asset },
    { title: 'état', value: (r) => r.etat },
    { title: 'dernière réussite', value: (r) => frDateTime(r.derniere_reussite) },
    { title: 'lignes', value: (r) => (r.lignes == null ? '—' : integers.format(Number(r.lignes))) },
    { title: 'partitions', value: (r) => (r.partitions ? monthsText(r.partitions) || 'aucune' : '') },
    { title: 'dernière', value: (r) => r.derniere_partition ?? '' },
    { title: 'pourquoi', value: (r) => r.raison },
  ], format);
}
