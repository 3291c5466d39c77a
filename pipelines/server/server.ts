// What `solidata start` calls to serve: the accounts' tables made ready, the first admin account
// at the very first start (its password printed once), then the one server on its port.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../settings.ts';
import { log } from '../log.ts';
import type { RunnerEnv } from '../runner/tasks.ts';
import { ensureFirstAdmin, migrateAuth } from './accounts.ts';
import { buildApp } from './app.ts';
import { DEFAULT_SERVER_SETTINGS, LOCAL_HOSTS, type ServerSettings } from './context.ts';
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
  return {
    https: s.https, trustedProxies: s.mandataires, idleMinutes: s.inactivite_minutes, maxUploadMo: s.televersement_max_mo,
    loginsPerMinute: s.connexions_par_minute, allowedHosts: [...LOCAL_HOSTS, ...s.hotes_autorises],
  };
}

/** The host names a request may carry: the settings' ones, and the address listened on unless it is every address. */
export function allowedHostsFor(settings: ServerSettings, listenHost: string): string[] {
  const wildcard = listenHost === '0.0.0.0' || listenHost === '::';
  return [...new Set([...settings.allowedHosts, ...(wildcard ? [] : [listenHost])].map((h) => h.toLowerCase()))];
}

export async function startServer(env: RunnerEnv, options: { port: number; host: string; settings?: Partial<ServerSettings> }): Promise<RunningServer> {
  await migrateAuth(env.pool);
  const first = await ensureFirstAdmin(env.pool);
  if (first) {
    await record(env.pool, { account: first.name, action: 'first_admin', address: 'ligne de commande' });
    log.ok(`Premier démarrage : compte « ${first.name} » (admin) créé, mot de passe : ${first.password}`);
    log.warn('Ce mot de passe n’est affiché qu’une fois et devra être changé à la première connexion. Créez ensuite les comptes de l’équipe (page Administration, ou « solidata user add »).');
  }
  const settings = { ...DEFAULT_SERVER_SETTINGS, ...options.settings };
  settings.allowedHosts = allowedHostsFor(settings, options.host);
  if (settings.allowedHosts.every((h) => LOCAL_HOSTS.includes(h)) && !LOCAL_HOSTS.includes(options.host)) {
    log.warn(`Le serveur écoute sur ${options.host} mais n’accepte que les noms ${LOCAL_HOSTS.join(', ')} : indiquez le nom sous lequel l’équipe le joint dans « serveur.hotes_autorises ».`);
  }
  const app = await buildApp({ pool: env.pool, paths: env.paths, graph: env.graph, settings });
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
