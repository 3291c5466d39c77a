// solidata run: materialise everything stale once, through the job queue, then exit.
import { z } from 'zod';
import { log } from '../log.ts';
import type { Materialisation } from '../runner/history.ts';
import { runStaleOnce } from '../runner/worker.ts';
import type { RunnerEnv } from '../runner/tasks.ts';
import { parseOptions } from './options.ts';
import { DASHBOARD_ASSETS } from '../assets/graph.ts';
import { settingsFrom } from './command_settings.ts';
import { seedDemo, withRuntime } from './runtime.ts';


export const runSchema = z.object({
  'data-dir': z.string().min(1),
  config: z.string().optional(),
  'sans-demo': z.boolean().default(false),
});
export const runOptions = { 'sans-demo': { type: 'boolean', default: false } } as const;

export async function runCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, { ...runOptions, 'sans-tableau': { type: 'boolean', default: false }, complet: { type: 'boolean', default: false } },
    runSchema.extend({ 'sans-tableau': z.boolean().default(false), complet: z.boolean().default(false) }));
  const { settings } = settingsFrom(values);
  if (!values['sans-demo']) await seedDemo(settings.dataDir);
  return withRuntime(settings, (env, stop) =>
    runAndReport(env, { stop, complet: values.complet, only: values['sans-tableau'] ? [...env.graph.assets.keys()].filter((a) => !DASHBOARD_ASSETS.includes(a)) : undefined }));
}

/** Runs what is stale (or what `options` asks for) and says how it went; the exit code. */
export async function runAndReport(env: RunnerEnv, options: { only?: string[]; force?: string[]; complet?: boolean; stop: AbortSignal }): Promise<number> {
  const results = await runStaleOnce(env, options);
  if (options.stop.aborted) {
    log.warn('Interrompu : les travaux terminés sont gardés, le reste sera fait au prochain lancement.');
    return 130;
  }
  return summarise(results, env.paths.dashboardDir);
}

export function summarise(results: Materialisation[], dashboardDir: string): number {
  const failed = results.filter((r) => r.status === 'failed');
  const skipped = results.filter((r) => r.status === 'skipped');
  if (failed.length > 0) {
    log.fail(`Échec : ${failed.map((r) => r.asset).join(', ')}. ${skipped.length} actif(s) en aval non recalculé(s) ; les données publiées précédemment restent en ligne.`);
    for (const r of failed) console.error(`\n${r.asset} :\n${r.error}`);
    return 1;
  }
  log.ok(`Terminé : ${results.length} actif(s) matérialisé(s). Tableau de bord : ${dashboardDir}`);
  return 0;
}
