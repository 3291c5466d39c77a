// The graphile-worker tasks. `planifier` finds the stale assets (the plan) and queues those
// whose upstream is fresh; each `materialiser` job, once done, queues the assets of the plan
// that were waiting only for it. Jobs that write the warehouse share the `entrepot` queue (one
// DuckDB writer at a time); the others (the dashboard build) run on any worker.
import { randomUUID } from 'node:crypto';
import type { JobHelpers, Task, TaskList } from 'graphile-worker';
import type pg from 'pg';
import type { DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import type { Paths, Settings } from '../config.ts';
import type { AssetContext } from '../assets/asset.ts';
import type { Graph } from '../assets/graph.ts';
import { log } from '../log.ts';
import { sqlString } from '../warehouse/duckdb.ts';
import { keptWarehouse } from './kept_warehouse.ts';
import { DEFAULT_CASELOAD_JOBS } from '../settings.ts';
import { importFile } from '../ingest/import.ts';
import { move, processedDir, questionnairesDir, uploadsDir } from '../ingest/inbox.ts';
import { pseudonymKey } from '../ingest/key.ts';
import { RefusedDelivery } from '../ingest/problems.ts';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { begin, beginStage, end, lastSuccessRows, latest, succeeded, type QueuedJob } from './history.ts';
import { runChecks } from './checks.ts';
import { staleAssets } from './plan.ts';
import { monthsToRecompute, type Recompute } from './intervals.ts';
import { contracts } from '../contracts/index.ts';
import type { Contract } from '../contracts/contract.ts';
import { touchedMonths } from '../assets/raw_source.ts';
import { federationPaths } from '../federation/folders.ts';
import { InvalidPackage, receivePackage } from '../federation/receive.ts';
import { publishFederation } from '../federation/publish.ts';

export const WAREHOUSE_QUEUE = 'entrepot';

export interface RunnerEnv {
  pool: pg.Pool;
  paths: Paths;
  settings: Settings;
  graph: Graph;
}

// Cron-started plans carry no run id: they get a new one.
const planPayload = z.object({
  runId: z.string().uuid().default(() => randomUUID()),
  /** Consider only these assets. */
  only: z.array(z.string()).optional(),
  /** Materialise these even when fresh. */
  force: z.array(z.string()).default([]),
  /** Materialise this asset and everything downstream of it even when fresh, after what is stale upstream (the monthly publication). */
  cible: z.string().optional(),
  /** Incremental assets recompute every month, not only those their sources touched. */
  complet: z.boolean().default(false),
});
const materialisePayload = z.object({
  runId: z.string().uuid(),
  asset: z.string(),
  /** Every asset of this run, in execution order. */
  plan: z.array(z.string()),
  complet: z.boolean().default(false),
});
export const importPayload = z.object({
  runId: z.string().uuid(),
  source: z.string(),
  file: z.string(),
  producteur: z.string().optional(),
  periode: z.string().optional(),
  dateExtraction: z.string().optional(),
  questionnaire: z.string().optional(),
  extraColumns: z.enum(['refuse', 'ignore']).optional(),
});
export type ImportPayload = z.infer<typeof importPayload>;
export const federationPayload = z.object({ runId: z.string().uuid(), dir: z.string() });

export function makeTasks(env: RunnerEnv): TaskList {
  const warehouse = keptWarehouse(env.paths.warehouse);
  const planStale: Task = async (payload, helpers) => {
    const { runId, cible, complet, ...request } = planPayload.parse(payload);
    let { only, force } = request;
    if (cible) {
      if (!env.graph.assets.has(cible)) throw new Error(`Actif inconnu dans le calendrier : ${cible}`);
      const downstream = env.graph.downstream(cible);
      only = [...env.graph.upstream(cible), cible, ...downstream];
      force = [...force, cible, ...downstream];
    }
    const reasons = staleAssets(env.graph, await latest(env.pool), env);
    for (const f of force) if (!reasons.has(f)) reasons.set(f, 'demandé');
    // A full recompute (--complet): every incremental asset, and what depends on it, from scratch.
    if (complet) {
      for (const a of env.graph.order.filter((a) => env.graph.assets.get(a)!.incremental)) {
        for (const d of [a, ...env.graph.downstream(a)]) if (!reasons.has(d)) reasons.set(d, d === a ? 'recalcul complet demandé' : `amont ${a} recalculé en entier`);
      }
    }
    // An asset being materialised right now (by an earlier plan) is not planned twice.
    const running = new Set((await env.pool.query<{ asset: string }>(`SELECT DISTINCT asset FROM solidata.materialisations WHERE status = 'running'`)).rows.map((r) => r.asset));
    const stale = env.graph.order.filter((a) => reasons.has(a) && !running.has(a) && (!only || only.includes(a)));
    if (stale.length === 0) log.ok('Tout est à jour : rien à matérialiser.');
    else log.step(`${stale.length} actif(s) à matérialiser : ${stale.map((a) => `${a} (${reasons.get(a)})`).join(', ')}`);
    for (const asset of stale.filter((a) => !env.graph.assets.get(a)!.upstream.some((u) => stale.includes(u)))) {
      await queueAsset(helpers, runId, asset, stale, complet);
    }
  };

  // Two task names, so that a worker with no warehouse at hand takes only the jobs it can do.
  const jobOf = (runId: string, asset: string, plan: string[], complet: boolean): QueuedJob => {
    const anyWorker = env.graph.assets.get(asset)!.anyWorker;
    return { task: anyWorker ? 'materialiser_partout' : 'materialiser', payload: { runId, asset, plan, complet }, queue: anyWorker ? undefined : WAREHOUSE_QUEUE, jobKey: `materialiser:${asset}` };
  };
  const queueAsset = (helpers: JobHelpers, runId: string, asset: string, plan: string[], complet: boolean) => {
    const job = jobOf(runId, asset, plan, complet);
    return helpers.addJob(job.task, job.payload, { queueName: job.queue, jobKey: job.jobKey, maxAttempts: 1 });
  };

  /** The assets of the plan that wait on `name`: `free` wait on nothing else of the plan. */
  const successors = (name: string, plan: string[]) => {
    const next = plan.filter((a) => env.graph.assets.get(a)!.upstream.includes(name));
    const others = (a: string) => env.graph.assets.get(a)!.upstream.filter((u) => u !== name && plan.includes(u));
    return { free: next.filter((a) => others(a).length === 0), waiting: next.filter((a) => others(a).length > 0), others };
  };

  /** After `name` failed: what depends on it in this plan will not run; say so in the history. */
  const skipDownstream = async (runId: string, name: string, plan: string[]) => {
    const skipped = plan.filter((a) => env.graph.downstream(name).includes(a));
    for (const d of skipped) {
      await end(env.pool, await begin(env.pool, runId, d, env.graph.assets.get(d)!.codeHash), { status: 'skipped', error: `Amont en échec : ${name}` });
    }
    if (skipped.length > 0) log.warn(`Non recalculé(s), car ${name} a échoué : ${skipped.join(', ')} ; les données publiées précédemment restent en ligne.`);
  };

  const materialise: Task = async (payload, helpers) => {
    const { runId, asset: name, plan, complet } = materialisePayload.parse(payload);
    const progress = `[${plan.indexOf(name) + 1}/${plan.length}] `;
    const asset = env.graph.assets.get(name);
    if (!asset) throw new Error(`Actif inconnu : ${name}`);
    const id = await begin(env.pool, runId, name, asset.codeHash);
    let used = false;
    const ctx: AssetContext = {
      ...env,
      runId,
      async warehouse(): Promise<DuckDBConnection> {
        const connection = await warehouse.take();
        const first = !used;
        used = true;
        if (first) {
          // Settings the SQL models read with getvariable(), this run's (the file may be kept
          // open from a job of another run of the same process).
          await connection.run(`SET VARIABLE proximite_km = ${Number(env.settings.proximityKm ?? 2)}`);
          await connection.run(`SET VARIABLE metiers_file_active = [${(env.settings.caseloadJobs ?? DEFAULT_CASELOAD_JOBS).map(sqlString).join(', ')}]::VARCHAR[]`);
        }
        return connection;
      },
      stage: (nom) => beginStage(env.pool, id, nom),
      complet,
    };
    const started = Date.now();
    try {
      log.step(`${progress}${name} …`);
      // The months changed since its last success: what an incremental asset recomputes, and
      // where its uniqueness checks by month look.
      const recompute: Recompute | undefined = !asset.incremental && !asset.checks.some((c) => c.forMonths) ? undefined
        : complet ? { full: 'demandé (--complet)' } : await monthsToRecompute(env.pool, env.graph, name);
      const months = recompute && 'months' in recompute ? recompute.months : undefined;
      if (asset.incremental) {
        ctx.months = months;
        if (months) log.step(`${name} : ${months.length === 0 ? 'aucun mois touché, rien à recalculer' : `mois recalculés : ${months.join(', ')}`}`);
        else log.step(`${name} : recalcul complet (${(recompute as { full: string }).full})`);
      }
      const outcome = await asset.materialise(ctx);
      if (asset.checks.length > 0 || asset.rowCountChangeWarning) {
        const results = await runChecks(await ctx.warehouse(), asset, runId, outcome.rows, await lastSuccessRows(env.pool, name), months);
        for (const w of results.filter((r) => !r.passed && r.severity === 'avertissement')) log.warn(`${name} : avertissement ${w.check} : ${w.message}`);
        const errors = results.filter((r) => !r.passed && r.severity === 'erreur');
        if (errors.length > 0) throw new Error(errors.map((e) => `Contrôle ${e.check} en échec sur ${name} : ${e.message}.`).join('\n'));
      }
      if (used) warehouse.leave();
      used = false;
      // What waited only for this asset is queued with its success, in the same round trip: on a
      // chain of assets, one wait fewer per link. What also waits on others is queued once the
      // history, read after this success is committed, shows them done.
      const { free, waiting, others } = successors(name, plan);
      await end(env.pool, id, { status: 'success', rows: outcome.rows, deliveries: outcome.deliveries, partitions: asset.partitioned ? outcome.partitions : [] }, free.map((a) => jobOf(runId, a, plan, complet)));
      log.ok(`${progress}${name}${outcome.rows != null ? ` : ${outcome.rows.toLocaleString('fr-FR')} lignes` : ''} (${((Date.now() - started) / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} s)`);
      if (waiting.length > 0) {
        const done = await succeeded(env.pool, runId);
        for (const a of waiting) if (others(a).every((u) => done.has(u))) await queueAsset(helpers, runId, a, plan, complet);
      }
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      await end(env.pool, id, { status: 'failed', error: message });
      log.fail(`${progress}${name} : ${message}`);
      await skipDownstream(runId, name, plan);
      helpers.logger.debug(String((error as Error).stack));
      throw error;
    } finally {
      // A failed job may have left a transaction open: the next one opens the file afresh.
      if (used) warehouse.close();
    }
  };

  /** One delivery given on the command line (or, later, from a browser), loaded by the warehouse's single writer. */
  const importDelivery: Task = async (payload, helpers) => {
    const p = importPayload.parse(payload);
    const name = `raw.${p.source}`;
    const id = await begin(env.pool, p.runId, name, env.graph.assets.get(name)?.codeHash ?? '');
    const connection = await warehouse.take();
    let loaded = false;
    // A file sent from the browser is not left in DIR/televersements once its job is done: kept
    // in DIR/traites (private) when loaded, deleted otherwise.
    const uploaded = path.relative(uploadsDir(env.paths), p.file);
    const upload = !uploaded.startsWith('..') && !path.isAbsolute(uploaded) ? path.join(uploadsDir(env.paths), uploaded.split(path.sep)[0]) : undefined;
    try {
      const result = await importFile(connection, p.file, {
        ...p,
        pseudonymKey: pseudonymKey(env.paths),
        tmpDir: path.join(env.paths.dataDir, 'tmp'),
        questionnairesDir: questionnairesDir(env.paths),
      });
      const contract = contracts[p.source] as Contract | undefined;
      const partitions = contract && !result.unchanged ? await touchedMonths(connection, contract, [result]) : [];
      loaded = true;
      await end(env.pool, id, { status: 'success', rows: result.rows, deliveries: [result], partitions });
      if (upload && !result.unchanged) move(p.file, processedDir(env.paths), `${result.deliveryId}_${path.basename(p.file)}`);
      // Everything downstream is now stale: a running `solidata start` refreshes it at once,
      // otherwise the next run does.
      if (!result.unchanged) await helpers.addJob('planifier', {}, { queueName: WAREHOUSE_QUEUE, jobKey: 'planifier', maxAttempts: 1 });
    } catch (error) {
      await end(env.pool, id, { status: 'failed', error: (error as Error).message });
      // A refused delivery is an answer, not a fault of the job.
      if (!(error instanceof RefusedDelivery)) throw error;
    } finally {
      if (loaded) warehouse.leave();
      else warehouse.close();
      if (upload) rmSync(upload, { recursive: true, force: true });
    }
  };

  /**
   * A federation's package, on any worker (it does not touch the warehouse): checked, then accepted
   * or refused whole; once accepted, the federation's comparisons are published again, one
   * publication at a time on the warehouse queue (queued once for many packages, by its job key).
   */
  const federationPackage: Task = async (payload, helpers) => {
    const p = federationPayload.parse(payload);
    const id = await begin(env.pool, p.runId, `federation:${path.basename(p.dir)}`, '');
    try {
      const provenance = await receivePackage(federationPaths(env.paths), p.dir);
      await end(env.pool, id, { status: 'success', deliveries: [provenance] });
      log.ok(`Paquet du département ${provenance.nom} (${provenance.departement}) accepté (données du ${provenance.date_donnees_max}).`);
      await helpers.addJob('federation_publier', { runId: p.runId }, { queueName: WAREHOUSE_QUEUE, jobKey: 'federation_publier', maxAttempts: 1 });
    } catch (error) {
      await end(env.pool, id, { status: 'failed', error: (error as Error).message });
      log.warn(`Paquet « ${path.basename(p.dir)} » refusé : la raison est dans son REFUS.txt et dans « solidata history ».`);
      // A refused package is an answer, not a fault of the job.
      if (!(error instanceof InvalidPackage)) throw error;
    }
  };
  const federationPublish: Task = async (payload) => {
    const { runId } = z.object({ runId: z.string().uuid() }).parse(payload);
    const id = await begin(env.pool, runId, 'federation', '');
    try {
      const summary = await publishFederation(federationPaths(env.paths));
      await end(env.pool, id, { status: 'success', rows: summary.cases, partitions: summary.departements });
    } catch (error) {
      await end(env.pool, id, { status: 'failed', error: (error as Error).message });
      throw error;
    }
  };

  // The task names are the queue's (kept in Postgres, shown to admins): French, like all data.
  return {
    planifier: planStale, materialiser: materialise, materialiser_partout: materialise, importer: importDelivery,
    federation_paquet: federationPackage, federation_publier: federationPublish,
  };
}


