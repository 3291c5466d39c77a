// The configuration file (solidata.config.yaml), checked with zod, with French errors.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import './zod-fr.ts';
import { projectRoot } from './config.ts';

const CRON = /^(\S+\s+){4}\S+$/;

export const configSchema = z
  .object({
    secret_statistique: z.object({ seuil: z.number().int().min(1).default(11) }).strict().default({}),
    planification: z
      .object({ rafraichissement: z.string().regex(CRON, 'attendu : une expression cron à 5 champs, ex. "0 3 * * *"').default('0 3 * * *') })
      .strict()
      .default({}),
    proximite: z.object({ distance_km: z.number().positive().max(100).default(2) }).strict().default({}),
    serveur: z.object({ port: z.number().int().min(1).max(65535).default(3000) }).strict().default({}),
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

/** The cron schedule of graphile-worker: a refresh of whatever is stale, through the warehouse queue. */
export const crontabOf = (config: Config) => `${config.planification.rafraichissement} planifier ?queue=entrepot&jobKey=planifier&max=1`;
