// solidata lineage <asset or indicator>: what a figure was computed from, up to the source
// deliveries with their files and checksums.
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { pathsFor } from '../config.ts';
import { openWarehouse, queryRows, sqlString } from '../warehouse/duckdb.ts';
import { parseOptions, UsageError } from './options.ts';
import { formatOption, formatSchema, frDateTime, printList } from './output.ts';
import { settingsFrom } from './command_settings.ts';
import { loadGraph } from '../assets/graph.ts';


const schema = z.object({ 'data-dir': z.string().min(1), config: z.string().optional(), format: formatSchema });

interface Delivery { source: string; producteur: string; periode: string; fichier: string; lignes: number; sha256: string; recue_le: string }

export async function lineageCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, formatOption, schema);
  const [target] = positionals;
  if (!target) throw new UsageError('Indiquez un actif ou un indicateur, par exemple : solidata lineage delai_premier_rdv_median');
  const graph = loadGraph();
  const asset = graph.assets.has(target) ? target : graph.assets.has(`indicators.${target}`) ? `indicators.${target}` : undefined;
  if (!asset) throw new UsageError(`« ${target} » n’est ni un actif ni un indicateur connu. Voir solidata status.`);
  const upstream = graph.order.filter((a) => graph.upstream(asset).includes(a));
  const sources = upstream.filter((a) => a.startsWith('raw.')).map((a) => a.slice('raw.'.length));
  const paths = pathsFor(settingsFrom(values).settings.dataDir);
  let deliveries: Delivery[] = [];
  if (sources.length > 0 && existsSync(paths.warehouse)) {
    const db = await openWarehouse(paths.warehouse, 1000, { readOnly: true });
    try {
      deliveries = await queryRows<Delivery>(db.connection,
        `SELECT source, producteur, periode, fichier, lignes, sha256, recue_le::VARCHAR AS recue_le FROM meta.livraisons
         WHERE active AND source IN (${sources.map(sqlString).join(', ')}) ORDER BY source, periode, producteur`);
    } finally {
      db.close();
    }
  }
  if (values.format === 'json') {
    console.log(JSON.stringify({ actif: asset, amont: upstream, livraisons: deliveries }, null, 2));
    return 0;
  }
  console.log(`${asset}\n  calculé à partir de : ${upstream.join(', ') || '(rien)'}\n`);
  if (deliveries.length === 0) console.log('Aucune livraison active en amont.');
  else printList(deliveries, [
    { title: 'source', value: (d) => d.source },
    { title: 'producteur', value: (d) => d.producteur },
    { title: 'période', value: (d) => d.periode },
    { title: 'fichier', value: (d) => d.fichier },
    { title: 'lignes', value: (d) => Number(d.lignes).toLocaleString('fr-FR') },
    { title: 'reçu le', value: (d) => frDateTime(d.recue_le) },
    { title: 'SHA-256', value: (d) => d.sha256 },
  ], 'table');
  return 0;
}
