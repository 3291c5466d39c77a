// What every command that runs jobs needs: the data directory, Postgres, the job queue and the graph.
import { generateDemo } from '../demo/generate.ts';
import { writeDemoEngagements } from '../demo/engagements.ts';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathsFor, projectPaths, type Settings } from '../config.ts';
import { loadGraph } from '../assets/graph.ts';
import { log } from '../log.ts';
import { startPostgres } from '../runner/postgres.ts';
import { recoverInterrupted } from '../runner/recovery.ts';
import { writeStatusSnapshot } from '../runner/status_snapshot.ts';
import type { RunnerEnv } from '../runner/tasks.ts';
import { prepareDatabase } from '../runner/worker.ts';
import { inboxHoldsFiles } from '../runner/sensor.ts';
import { contracts } from '../contracts/index.ts';
import { parseDeliveryName } from '../ingest/delivery.ts';
import { inboxDir, makeInboxFolders } from '../ingest/inbox.ts';
import { privateDataDir, PRIVATE_UMASK } from '../private_files.ts';
import { closeKeptWarehouse } from '../runner/kept_warehouse.ts';

/**
 * Ctrl-C (or SIGTERM) asks for a graceful stop: running jobs complete, Postgres stops last.
 * A second Ctrl-C stops at once; the next start recovers whatever was left.
 */
function shutdownSignal(): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    log.step('Arrêt demandé : fin des travaux en cours… (Ctrl-C à nouveau pour forcer)');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    release() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

export async function withRuntime<T>(settings: Settings, work: (env: RunnerEnv, stop: AbortSignal) => Promise<T>): Promise<T> {
  const shutdown = shutdownSignal();
  const paths = pathsFor(settings.dataDir);
  privateDataDir(paths.dataDir);
  mkdirSync(paths.inbox, { recursive: true });
  const graph = loadGraph();
  const postgres = await startPostgres(settings.databaseUrl, paths.postgresDir);
  // From here on, whatever the process writes (warehouse, published database, editions,
  // deliveries, uploads, the dashboard) is its user's alone. Not before: as root, Postgres'
  // initdb runs as `postgres` and reads a password file written for it.
  log.debug(`Postgres : ${postgres.embedded ? 'embarqué' : 'DATABASE_URL'}`);
  const pool = await prepareDatabase(postgres.connectionString);
  await recoverInterrupted(pool, postgres.exclusive);
  const umask = process.umask(PRIVATE_UMASK);
  try {
    return await work({ pool, paths, settings, graph }, shutdown.signal);
  } finally {
    // A worker of this process may keep the warehouse open between its jobs.
    closeKeptWarehouse(paths.warehouse);
    await writeStatusSnapshot(pool, paths).catch((e) => log.debug(`état des actifs non enregistré : ${String(e)}`));
    await pool.end();
    await postgres.stop();
    shutdown.release();
    process.umask(umask);
  }
}

/** A new data directory starts with the demo deliveries shipped in reference/demo, each in its source's inbox folder. */
/**
 * A new data directory gets the demo département (Loir-et-Cher, scale 1, generated in about two
 * seconds): every source, written the way partners write them, in the inbox.
 */
export async function seedDemo(dataDir: string): Promise<boolean> {
  const paths = pathsFor(dataDir);
  if (existsSync(paths.warehouse) || inboxHoldsFiles(paths.inbox)) return false;
  makeInboxFolders(paths, Object.keys(contracts));
  const demo = await generateDemo({ dir: paths.inbox });
  writeDemoEngagements(paths);
  log.step(`Nouveau dossier de données : livraisons de démonstration (${demo.nom}, ${demo.debut} à ${demo.fin}) déposées dans ${paths.inbox}`);
  return true;
}

/** The small hand-checked demo of reference/demo (two sources, one month): quick runs in tests. */
export function seedMiniDemo(dataDir: string): boolean {
  const paths = pathsFor(dataDir);
  if (existsSync(paths.warehouse) || inboxHoldsFiles(paths.inbox)) return false;
  makeInboxFolders(paths, Object.keys(contracts));
  for (const f of readdirSync(projectPaths.demo).filter((f) => /\.(csv|xlsx|ya?ml)$/i.test(f))) {
    const source = parseDeliveryName(f).source;
    copyFileSync(path.join(projectPaths.demo, f), path.join(source ? inboxDir(paths, source) : paths.inbox, f));
  }
  return true;
}
