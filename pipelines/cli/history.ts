// solidata history [asset]: the materialisations, newest first.
import { z } from 'zod';
import { parseOptions, UsageError } from './options.ts';
import { formatOption, formatSchema, frDateTime, frDuration, monthsText, printList } from './output.ts';
import { settingsFrom } from './command_settings.ts';
import { withRuntime } from './runtime.ts';
import type { Materialisation } from '../runner/history.ts';


const schema = z.object({
  'data-dir': z.string().min(1),
  config: z.string().optional(),
  format: formatSchema,
  limite: z.coerce.number().int().min(1).default(30),
});

export async function historyCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, { ...formatOption, limite: { type: 'string' } }, schema);
  const [asset] = positionals;
  const { settings } = settingsFrom(values);
  return withRuntime(settings, async (env) => {
    if (asset && !env.graph.assets.has(asset)) throw new UsageError(`Actif inconnu : ${asset}. Voir solidata status.`);
    const { rows } = await env.pool.query<Materialisation>(
      `SELECT * FROM solidata.materialisations WHERE $1::text IS NULL OR asset = $1 ORDER BY started_at DESC, id DESC LIMIT $2`,
      [asset ?? null, values.limite],
    );
    const label: Record<string, string> = { success: 'réussi', failed: 'en échec', skipped: 'non fait (amont en échec)', running: 'en cours' };
    printList(rows, [
      { title: 'actif', value: (r) => r.asset },
      { title: 'début', value: (r) => frDateTime(r.started_at) },
      { title: 'durée', value: (r) => frDuration(r.started_at, r.ended_at) },
      { title: 'état', value: (r) => label[r.status] ?? r.status },
      { title: 'lignes', value: (r) => (r.rows == null ? '—' : Number(r.rows).toLocaleString('fr-FR')) },
      { title: 'partition', value: (r) => monthsText(r.partitions) },
      { title: 'erreur', value: (r) => (r.error ?? '').split('\n')[0].slice(0, 100) },
    ], values.format);
    return 0;
  });
}

