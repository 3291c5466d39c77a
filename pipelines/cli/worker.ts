// solidata worker: one more worker on the same job queue, until Ctrl-C.
import { z } from 'zod';
import { log } from '../log.ts';
import { crontabOf } from '../settings.ts';
import { startWorker } from '../runner/worker.ts';
import { parseOptions } from './options.ts';
import { settingsFrom } from './command_settings.ts';
import { withRuntime } from './runtime.ts';


const schema = z.object({ 'data-dir': z.string().min(1), config: z.string().optional(), 'sans-entrepot': z.boolean().default(false) });

export async function workerCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, { 'sans-entrepot': { type: 'boolean', default: false } }, schema);
  const { settings, config } = settingsFrom(values);
  return withRuntime(settings, async (env, stop) => {
    const crontab = crontabOf(config);
    const runner = await startWorker(env, crontab, { withoutWarehouse: values['sans-entrepot'] });
    log.ok(`Travailleur prêt${values['sans-entrepot'] ? ' (sans entrepôt)' : ''} : en attente de tâches (Ctrl-C pour arrêter)`);
    if (!stop.aborted) await new Promise((resolve) => stop.addEventListener('abort', resolve, { once: true }));
    await runner.stop();
    return 0;
  });
}
