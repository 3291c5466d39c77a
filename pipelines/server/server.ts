// What `solidata start` calls to serve: the accounts' tables made ready, the first admin account
// at the very first start (its password printed once), then the one server on its port.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../settings.ts';
import { log } from '../log.ts';
import type { RunnerEnv } from '../runner/tasks.ts';
import { ensureFirstAdmin, migrateAuth } from './accounts.ts';
import { buildApp, DEFAULT_SERVER_SETTINGS, type ServerSettings } from './app.ts';
import { record } from './audit.ts';

export interface RunningServer {
  /** http://host:port/ as a person types it. */
  address: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** The server's settings from solidata.config.yaml (section serveur). */
export function serverSettingsOf(config: Pick<Config, 'serveur'>): ServerSettings {
  const s = config.serveur;
  return { https: s.https, maxUploadMo: s.televersement_max_mo, loginsPerMinute: s.connexions_par_minute };
}

export async function startServer(env: RunnerEnv, options: { port: number; host: string; settings?: Partial<ServerSettings> }): Promise<RunningServer> {
  await migrateAuth(env.pool);
  const first = await ensureFirstAdmin(env.pool);
  if (first) {
    await record(env.pool, { account: first.name, action: 'first_admin', address: 'ligne de commande' });
    log.ok(`Premier démarrage : compte « ${first.name} » (admin) créé, mot de passe : ${first.password}`);
    log.warn('Ce mot de passe n’est affiché qu’une fois : notez-le. Créez ensuite les comptes de l’équipe (page Administration, ou « solidata user add »).');
  }
  const app = await buildApp({ pool: env.pool, paths: env.paths, graph: env.graph, settings: { ...DEFAULT_SERVER_SETTINGS, ...options.settings } });
  try {
    await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    await app.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw Object.assign(new Error(`Le port ${options.port} est déjà utilisé : choisissez-en un autre avec --port (ou serveur.port).`), { code });
    throw error;
  }
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  // The port bound, which port 0 (any free one) leaves to the system.
  const bound = app.server.address();
  const port = typeof bound === 'object' && bound ? bound.port : options.port;
  return { address: `http://${host}:${port}/`, app, close: () => app.close() };
}
