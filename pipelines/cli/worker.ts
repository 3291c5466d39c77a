// solidata worker: one more worker on the same job queue, until Ctrl-C.
import { z } from 'zod';
import { log } from '../log.ts';
import { crontabOf } from '../settings.ts';
import { startWorker } from '../runner/worker.ts';
import { parseOptions } from './options.ts';
import { settingsFrom } from './run.ts';
import { withRuntime } from './runtime.ts';

export const workerHelp = `solidata worker [--sans-entrepot]
  Un travailleur de plus sur la même file de tâches, jusqu’à Ctrl-C : sur une autre machine avec le
  même DATABASE_URL, ou sur celle-ci avec le même dossier de données. Les tâches qui écrivent
  l’entrepôt passent une à une par la file « entrepot » ; avec --sans-entrepot (une machine qui n’a
  pas le fichier de l’entrepôt), il ne prend que les autres, comme la construction du tableau de bord.`;

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
