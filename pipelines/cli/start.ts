// solidata start: what `run` does, then keep the worker, its schedule and the inbox sensor
// running, and serve the dashboard on a local address, until Ctrl-C.
import { z } from 'zod';
import { pathsFor } from '../config.ts';
import { dashboardReady } from '../dashboard/build.ts';
import { serverSettingsOf, startServer } from '../server/server.ts';
import { log } from '../log.ts';
import { crontabOf } from '../settings.ts';
import { enqueuePlan, runStaleOnce, startWorker } from '../runner/worker.ts';
import { watchInbox } from '../runner/sensor.ts';
import { parseOptions } from './options.ts';
import { runOptions, runSchema, summarise } from './run.ts';
import { settingsFrom } from './command_settings.ts';
import { seedDemo, withRuntime } from './runtime.ts';


const startSchema = runSchema.extend({
  port: z.coerce.number().int().min(1).max(65535).optional(),
  hote: z.string().default('127.0.0.1'),
});

export async function startCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, { ...runOptions, port: { type: 'string' }, hote: { type: 'string', default: '127.0.0.1' } }, startSchema);
  const { settings, config } = settingsFrom(values);
  const paths = pathsFor(settings.dataDir);
  if (!values['sans-demo']) await seedDemo(settings.dataDir);
  return withRuntime(settings, async (env, stop) => {
    summarise(await runStaleOnce(env, { stop }), paths.dashboardDir);
    if (stop.aborted) return 130;
    if (!dashboardReady(paths)) {
      log.fail('Aucun tableau de bord n’a encore pu être construit : corrigez l’erreur ci-dessus puis relancez.');
      return 1;
    }
    const runner = await startWorker(env, crontabOf(config));
    // The inbox sensor: a file dropped there triggers its ingestion and everything downstream.
    const stopWatching = watchInbox(paths.inbox, () => {
      void enqueuePlan(env.pool).then(() => log.step('Nouveau fichier dans la boîte de dépôt : traitement planifié'));
    });
    const port = values.port ?? config.serveur.port;
    const server = await startServer(env, { port, host: values.hote, settings: serverSettingsOf(config) });
    log.ok(`Tableau de bord en ligne : ${server.address}  (Ctrl-C pour arrêter)`);
    log.step(`Import de fichiers : ${server.address}import — comptes : « solidata user » ou ${server.address}admin`);
    if (!stop.aborted) await new Promise((resolve) => stop.addEventListener('abort', resolve, { once: true }));
    stopWatching();
    await server.close();
    await runner.stop();
    return 0;
  });
}
