// What every command that runs jobs needs: the data directory, Postgres, the job queue and the graph.
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathsFor, projectPaths, type Settings } from '../config.ts';
import { loadGraph } from '../assets/graph.ts';
import { log } from '../log.ts';
import { startPostgres } from '../runner/postgres.ts';
import type { RunnerEnv } from '../runner/tasks.ts';
import { prepareDatabase } from '../runner/worker.ts';

export async function withRuntime<T>(settings: Settings, work: (env: RunnerEnv) => Promise<T>): Promise<T> {
  const paths = pathsFor(settings.dataDir);
  mkdirSync(paths.inbox, { recursive: true });
  const graph = loadGraph();
  const postgres = await startPostgres(settings.databaseUrl, paths.postgresDir);
  log.debug(`Postgres : ${postgres.embedded ? 'embarqué' : 'DATABASE_URL'}`);
  const pool = await prepareDatabase(postgres.connectionString);
  try {
    return await work({ pool, paths, settings, graph });
  } finally {
    await pool.end();
    await postgres.stop();
  }
}

/** A new data directory starts with the demo deliveries shipped in reference/demo. */
export function seedDemo(dataDir: string): boolean {
  const paths = pathsFor(dataDir);
  if (existsSync(paths.warehouse) || (existsSync(paths.inbox) && readdirSync(paths.inbox).length > 0)) return false;
  mkdirSync(paths.inbox, { recursive: true });
  for (const f of readdirSync(projectPaths.demo).filter((f) => /\.(csv|xlsx)$/i.test(f))) {
    copyFileSync(path.join(projectPaths.demo, f), path.join(paths.inbox, f));
  }
  log.step(`Nouveau dossier de données : les livraisons de démonstration (reference/demo) sont déposées dans ${paths.inbox}`);
  return true;
}
