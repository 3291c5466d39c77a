// Running the tasks with graphile-worker: once (solidata run) or for good, with the schedule
// and the inbox sensor (solidata start).
import { randomUUID } from 'node:crypto';
import { Logger, makeWorkerUtils, run, runMigrations, type Runner, type RunnerOptions } from 'graphile-worker';
import pg from 'pg';
import { log } from '../log.ts';
import { migrateHistory, ofRun, type Materialisation } from './history.ts';
import { closeKeptWarehouse } from './kept_warehouse.ts';
import { makeTasks, WAREHOUSE_QUEUE, type ImportPayload, type RunnerEnv } from './tasks.ts';

// graphile-worker's own chatter stays out of the user's terminal unless debugging.
const quietLogger = new Logger(() => (level, message) => {
  if (level === 'error') log.debug(`worker: ${message}`);
  else log.debug(`worker ${level}: ${message}`);
});

export function workerOptions(env: RunnerEnv): RunnerOptions {
  return {
    pgPool: env.pool,
    taskList: makeTasks(env),
    // Two: the dashboard build (any queue) beside the warehouse jobs, which their queue serialises.
    concurrency: 2,
    noHandleSignals: true,
    // A finished job releases its queue a moment after the worker looked for the next one, and the
    // next look waits for this interval: keep it short, or every asset costs half a second.
    pollInterval: 100,
    logger: quietLogger,
    // Without these, a job that ends during shutdown stays locked for hours.
    preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
  };
}

export async function prepareDatabase(connectionString: string): Promise<pg.Pool> {
  // Commits do not wait for their WAL to reach the disk (5 to 10 ms each here, several per asset:
  // history, queue). A power cut can then lose the last fraction of a second of history and
  // queue, never corrupt them; what it loses is only redone: staleness is read from the history,
  // and the data live in DuckDB files, each write one transaction.
  const pool = new pg.Pool({ connectionString, max: 4, options: '-c synchronous_commit=off' });
  // An idle connection dropped by the server must not crash the process.
  pool.on('error', (error) => log.debug(`postgres : ${error.message}`));
  pool.on('connect', (client) => client.on('error', (error) => log.debug(`postgres : ${error.message}`)));
  await runMigrations({ pgPool: pool, logger: quietLogger });
  await migrateHistory(pool);
  return pool;
}

/** One job on the warehouse queue, added from outside a task. */
async function addWarehouseJob(pool: pg.Pool, task: string, payload: object, jobKey?: string): Promise<void> {
  const utils = await makeWorkerUtils({ pgPool: pool, logger: quietLogger });
  try {
    await utils.addJob(task, payload, { queueName: WAREHOUSE_QUEUE, jobKey, maxAttempts: 1 });
  } finally {
    await utils.release();
  }
}

export async function enqueuePlan(pool: pg.Pool, only?: string[], force: string[] = [], complet = false): Promise<string> {
  const runId = randomUUID();
  await addWarehouseJob(pool, 'planifier', { runId, only, force, complet }, 'planifier');
  return runId;
}

/**
 * Materialises everything stale, through the job queue, and returns what happened.
 * graphile-worker's runOnce stops at the first moment it finds no job it may take, which happens
 * while a finished job still holds the queue: so run the worker until the queue is drained.
 */
export async function runStaleOnce(env: RunnerEnv, options: { only?: string[]; force?: string[]; complet?: boolean; stop?: AbortSignal } = {}): Promise<Materialisation[]> {
  const runId = await enqueuePlan(env.pool, options.only, options.force, options.complet);
  const runner = await run(workerOptions(env));
  try {
    // Often: a short run (a file, a few assets) should not wait a fifth of a second more to say it is done.
    while (!options.stop?.aborted && (await jobsLeft(env.pool))) await new Promise((r) => setTimeout(r, 25));
  } finally {
    await runner.stop();
    closeKeptWarehouse(env.paths.warehouse);
  }
  return ofRun(env.pool, runId);
}

/** Jobs still to run or running now; jobs that used up their attempts are history. */
async function jobsLeft(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query(
    `SELECT 1 FROM graphile_worker.jobs WHERE (attempts < max_attempts AND run_at <= now()) OR locked_at IS NOT NULL LIMIT 1`,
  );
  return rows.length > 0;
}

/**
 * Loads one delivery through the warehouse queue and returns its outcome. This process works
 * only import jobs, so that the refresh the import asks for is left to `start` or the next run.
 */
export async function importThroughQueue(env: RunnerEnv, request: Omit<ImportPayload, 'runId'>): Promise<Materialisation> {
  const runId = randomUUID();
  await addWarehouseJob(env.pool, 'importer', { ...request, runId });
  const options = workerOptions(env);
  const runner = await run({ ...options, taskList: { importer: options.taskList!.importer } });
  const started = Date.now();
  let waitingSaid = false;
  try {
    for (;;) {
      const [row] = await ofRun(env.pool, runId);
      if (row && row.status !== 'running') return row;
      if (!row && !waitingSaid && Date.now() - started > 2000) {
        log.step('En attente de l’entrepôt : une autre tâche l’occupe, le chargement suivra…');
        waitingSaid = true;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await runner.stop();
    closeKeptWarehouse(env.paths.warehouse);
  }
}

/**
 * A federation's packages, one job each on the queue, so that every `solidata worker` sharing the
 * Postgres (and the folder) takes some; with `work`, this process works too until the queue is
 * drained, and the outcome of each package (and of the publication) is returned.
 */
export async function federateThroughQueue(env: RunnerEnv, dirs: string[], work: boolean): Promise<{ runId: string; outcomes: Materialisation[] }> {
  const runId = randomUUID();
  const utils = await makeWorkerUtils({ pgPool: env.pool, logger: quietLogger });
  try {
    for (const dir of dirs) await utils.addJob('federation_paquet', { runId, dir }, { jobKey: `federation_paquet:${dir}`, maxAttempts: 1 });
  } finally {
    await utils.release();
  }
  if (!work) return { runId, outcomes: [] };
  const runner = await run(workerOptions(env));
  try {
    while (await jobsLeft(env.pool)) await new Promise((r) => setTimeout(r, 25));
  } finally {
    await runner.stop();
    closeKeptWarehouse(env.paths.warehouse);
  }
  return { runId, outcomes: await ofRun(env.pool, runId) };
}

export async function startWorker(env: RunnerEnv, crontab: string, options: { withoutWarehouse?: boolean } = {}): Promise<Runner> {
  const base = workerOptions(env);
  // Without the warehouse file at hand, take only the jobs that do not touch it.
  const taskList = options.withoutWarehouse
    ? { materialiser_partout: base.taskList!.materialiser_partout, federation_paquet: base.taskList!.federation_paquet }
    : base.taskList;
  return run({ ...base, taskList, crontab: options.withoutWarehouse ? undefined : crontab });
}
