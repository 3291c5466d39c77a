// solidata materialize <asset> [--downstream] [--complet]: recompute one asset now (and what it needs),
// through the same job queue as every run.
import { z } from 'zod';
import { parseOptions, UsageError } from './options.ts';
import { runAndReport } from './run.ts';
import { settingsFrom } from './command_settings.ts';
import { withRuntime } from './runtime.ts';


const schema = z.object({ 'data-dir': z.string().min(1), config: z.string().optional(), downstream: z.boolean().default(false), complet: z.boolean().default(false) });

export async function materializeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, { downstream: { type: 'boolean', default: false }, complet: { type: 'boolean', default: false } }, schema);
  const [asset] = positionals;
  if (!asset) throw new UsageError('Indiquez un actif, par exemple : solidata materialize publication');
  const { settings } = settingsFrom(values);
  return withRuntime(settings, async (env, stop) => {
    if (!env.graph.assets.has(asset)) throw new UsageError(`Actif inconnu : ${asset}. Voir solidata status.`);
    const only = [...env.graph.upstream(asset), asset, ...(values.downstream ? env.graph.downstream(asset) : [])];
    return runAndReport(env, { only, force: [asset], complet: values.complet, stop });
  });
}
