// The configuration file (solidata.config.yaml), checked with zod, with French errors.
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
// graphile-worker's own reading of a cron pattern's five fields, without the whole library (a tenth of a second at every start).
import { parseCronRangeString } from 'graphile-worker/dist/cronMatcher.js';
import { z } from 'zod';
import './zod-fr.ts';
import { projectRoot } from './config.ts';
import { METIERS } from './contracts/effectifs.ts';

/** The jobs that carry a caseload (file active): file_active_par_etp divides by their ETP only. */
export const DEFAULT_CASELOAD_JOBS: (typeof METIERS)[number][] = ['assistant_social', 'cesf', 'conseiller_insertion', 'puericultrice'];

/** A cron expression as graphile-worker reads it, checked here so that the error is in French and names the setting. */
const cron = (example: string) =>
  z.string().refine((expression) => {
    try {
      parseCronRangeString(expression.trim(), 'la configuration');
      return true;
    } catch {
      return false;
    }
  }, `attendu : une expression cron à 5 champs (minute heure jour mois jour-de-semaine, en temps universel), ex. "${example}"`);

/** An IPv4 or IPv6 address, or a CIDR range of either. */
export function isAddressOrRange(value: string): boolean {
  const [address, prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;

/**
 * The travel-time settings as they may be written under `proximite:`, with their defaults
 * (read by pipelines/travel/coverage.ts and `solidata accessibilite`).
 */
export const travelConfigSchema = z.object({
  vitesse_marche_kmh: z.number().positive().max(10).default(4.8),
  detour_marche: z.number().min(1).max(3).default(1.3),
  vitesse_route_kmh: z.number().positive().max(130).default(60),
  detour_route: z.number().min(1).max(3).default(1.3),
  seuils_minutes: z.object({
    marche: z.number().int().positive().max(180).default(20),
    transport_commun: z.number().int().positive().max(180).default(15),
    route: z.number().int().positive().max(180).default(30),
  }).strict().default({}),
  fenetre: z.string().regex(HHMM, 'attendu : une plage HH:MM-HH:MM, ex. 08:00-10:00').refine((w) => {
    const [a, b] = parseWindow(w);
    return a < b;
  }, 'la fin de la plage doit suivre son début').default('08:00-10:00'),
  pas_minutes: z.number().int().positive().max(60).default(1),
  acces_arret_max_minutes: z.number().positive().max(60).default(15),
  correspondance_max_minutes: z.number().min(0).max(30).default(5),
}).strict();
export type TravelConfig = z.infer<typeof travelConfigSchema>;

export function parseWindow(text: string): [number, number] {
  const m = HHMM.exec(text);
  if (!m) throw new RangeError(`plage horaire invalide : ${text}`);
  return [Number(m[1]) * 3600 + Number(m[2]) * 60, Number(m[3]) * 3600 + Number(m[4]) * 60];
}

export const configSchema = z
  .object({
    secret_statistique: z
      .object({
        seuil: z.number().int().min(1).default(11),
        // The narrowest interval [min, max] the attacker may reach for a masked count (LP audit).
        largeur_min: z.number().int().min(1).max(1000).default(3),
      })
      .strict()
      .default({}),
    planification: z
      .object({
        rafraichissement: cron('0 3 * * *').default('0 3 * * *'),
        publication: cron('0 6 1 * *').default('0 6 1 * *'),
      })
      .strict()
      .default({}),
    // Straight-line distance for population_a_moins_de_2km, and the travel-time settings (pipelines/travel).
    proximite: z.object({ distance_km: z.number().positive().max(100).default(2), ...travelConfigSchema.shape }).strict().default({}),
    moyens: z
      .object({ metiers_file_active: z.array(z.enum(METIERS)).min(1).default(DEFAULT_CASELOAD_JOBS) })
      .strict()
      .default({}),
    serveur: z
      .object({
        port: z.number().int().min(1).max(65535).default(3000),
        // Served over HTTPS (directly or behind a reverse proxy): Secure cookies, HSTS, X-Forwarded-* trusted.
        https: z.boolean().default(false),
        televersement_max_mo: z.number().positive().max(1024).default(20),
        connexions_par_minute: z.number().int().min(1).max(1000).default(20),
        // Host names (without port) the server answers to besides localhost and its listening address.
        hotes_autorises: z.array(z.string().min(1).regex(/^[^\s/:]+$|^\[?[0-9a-fA-F:]+\]?$/)).default([]),
        // The reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges); nobody else's.
        mandataires: z.array(z.string().refine(isAddressOrRange, 'attendu : une adresse IP (ex. 10.0.0.5) ou une plage CIDR (ex. 10.0.0.0/24)')).default([]),
        // Minutes without a request after which a session ends (it ends after 12 hours anyway).
        inactivite_minutes: z.number().int().min(1).max(720).default(30),
      })
      .strict()
      .default({}),
  })
  .strict();
export type Config = z.infer<typeof configSchema>;

export const DEFAULT_CONFIG_FILE = path.join(projectRoot, 'solidata.config.yaml');

export function loadConfig(file = DEFAULT_CONFIG_FILE): Config {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (error) {
    throw new Error(`${file} : YAML illisible (${(error as Error).message.split('\n')[0]}).`);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `« ${i.path.join('.')} » : ${i.message}`).join(' ; ');
    throw new Error(`${file} : réglage invalide — ${details}.`);
  }
  return parsed.data;
}

/**
 * The cron schedules of graphile-worker (times in UTC), both plans on the warehouse queue.
 * - rafraichissement: whatever is stale, up to the dashboard.
 * - publication: the publication and the dashboard made again even when nothing changed (with
 *   what is stale upstream first), so that every month has its publication in the history, the
 *   one `solidata freeze` can then keep. A file arriving, or the nightly refresh, still publishes
 *   at once: figures are never held back a month. Its own job key, so that a plan asked for by
 *   the inbox in the same instant does not replace it; `fill`: a month missed while the machine
 *   was off (a 1st at 6 a.m.) is published at the next start.
 */
export function crontabOf(config: Config): string {
  const { rafraichissement, publication } = config.planification;
  return [
    `${rafraichissement.trim()} planifier ?id=rafraichissement&queue=entrepot&jobKey=planifier&max=1`,
    `${publication.trim()} planifier ?id=publication&fill=32d&queue=entrepot&jobKey=planifier-publication&max=1 {cible:"publication"}`,
  ].join('\n');
}
