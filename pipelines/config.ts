// Where everything lives. One data directory holds all state of one installation; the
// project directory holds code, SQL, dashboard pages and shipped reference data.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Settings {
  dataDir: string;
  /** Any Postgres ≥ 12; when absent an embedded Postgres runs under the data directory. */
  databaseUrl?: string;
  /** Statistical secrecy: no published cell may count fewer people than this. */
  secretThreshold: number;
  /** Narrowest interval the attacker may reach for a masked count (default 3). */
  secretMinWidth?: number;
  /** Straight-line distance (km) within which a service point counts as near. */
  proximityKm?: number;
  /** Travel-time settings (the `proximite` block of the configuration). */
  travel?: Record<string, unknown>;
  /** Jobs that carry a caseload (the `moyens` block); the default list of pipelines/settings.ts otherwise. */
  caseloadJobs?: string[];
}

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
