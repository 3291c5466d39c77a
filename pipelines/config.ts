// Where everything lives. One data directory holds all state of one installation; the
// project directory holds code, SQL, dashboard pages and shipped reference data.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { z } from 'zod';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const settingsSchema = z.object({
  dataDir: z.string().min(1),
  /** Any Postgres ≥ 12; when absent an embedded Postgres runs under the data directory. */
  databaseUrl: z.string().url().optional(),
  /** Statistical secrecy: no published cell may count fewer people than this. */
  secretThreshold: z.coerce.number().int().min(1).default(11),
});
export type Settings = z.infer<typeof settingsSchema>;

export interface Paths {
  dataDir: string;
  inbox: string;
  warehouse: string;
  published: string;
  postgresDir: string;
  dashboardDir: string;
  keyFile: string;
}

export function pathsFor(dataDir: string): Paths {
  const root = path.resolve(dataDir);
  return {
    dataDir: root,
    inbox: path.join(root, 'inbox'),
    warehouse: path.join(root, 'warehouse.duckdb'),
    published: path.join(root, 'published.duckdb'),
    postgresDir: path.join(root, 'postgres'),
    dashboardDir: path.join(root, 'dashboard'),
    keyFile: path.join(root, 'pseudonym.key'),
  };
}

export const projectPaths = {
  sql: path.join(projectRoot, 'sql'),
  demo: path.join(projectRoot, 'reference', 'demo'),
  sources: path.join(projectRoot, 'sources'),
};
