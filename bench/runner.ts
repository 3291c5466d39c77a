// Benchmark (not a test), on one embedded Postgres:
// 1. The runner's overhead per asset over a bare graphile-worker no-op job, measured in the same
//    run: both a chain of N jobs in which each job queues the next on the `entrepot` queue, as the
//    runner does, each timed from its first job queued to its last job done, on a worker already
//    running (as under `solidata start`). The runner's time includes its plan job. With --tours,
//    the two alternate and the medians are kept (the machine is shared). Target: ≤ 10 ms. A one-off
//    run (`solidata run`: worker started and stopped, end noticed) is timed too.
// 2. A dropped file to a refreshed published table: a data folder loaded once (the demo at a small
//    scale), the worker and the inbox sensor started as `solidata start` starts them (without the
//    dashboard build), then a new delivery of requests dropped in the inbox, timed until the
//    publication has succeeded.
//   npm run bench:runner [-- --actifs N] [--tours N] [--echelle 0.05]
import { parseArgs } from 'node:util';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeWorkerUtils, run, type Runner, type RunnerOptions, type Task } from 'graphile-worker';
import type pg from 'pg';
import { pathsFor, type Paths } from '../pipelines/config.ts';
import type { Asset } from '../pipelines/assets/asset.ts';
import { DASHBOARD_ASSETS, loadGraph, type Graph } from '../pipelines/assets/graph.ts';
import { contracts } from '../pipelines/contracts/index.ts';
import { generateDemo } from '../pipelines/demo/generate.ts';
import { inboxDir, makeInboxFolders } from '../pipelines/ingest/inbox.ts';
import type { Materialisation } from '../pipelines/runner/history.ts';
import { withoutAssets } from '../pipelines/runner/plan.ts';
import { startPostgres } from '../pipelines/runner/postgres.ts';
import { watchInbox } from '../pipelines/runner/sensor.ts';
import { enqueuePlan, prepareDatabase, runStaleOnce, startWorker, workerOptions } from '../pipelines/runner/worker.ts';
import { configSchema, crontabOf } from '../pipelines/settings.ts';

const { values } = parseArgs({ options: { actifs: { type: 'string', default: '50' }, tours: { type: 'string', default: '5' }, echelle: { type: 'string', default: '0.05' } } });
const n = Number(values.actifs);
const rounds = Number(values.tours);
const dir = mkdtempSync(path.join(tmpdir(), 'solidata-bench-runner-'));
chmodSync(dir, 0o755);
const paths = pathsFor(dir);
const postgres = await startPostgres(undefined, paths.postgresDir);
const pool = await prepareDatabase(postgres.connectionString);
const ms = (x: number) => x.toLocaleString('fr-FR', { maximumFractionDigits: 1 });
const seconds = (x: number) => (x / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 1 });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
// Postgres stops and the folder goes, whatever happens.
try {
  // The runner's progress lines would bury the figures.
  const print = console.log.bind(console);
  console.log = () => {};

  // 1. A chain of no-op assets: a0 ← a1 ← … ← a(n-1).
  const names = Array.from({ length: n }, (_, i) => `marts.a${String(i).padStart(3, '0')}`);
  const assets = new Map<string, Asset>(names.map((name, i) => [name, {
    name, description: '', upstream: i === 0 ? [] : [names[i - 1]], codeHash: 'x', checks: [], materialise: async () => ({}),
  }]));
  const graph: Graph = { assets, order: names, downstream: (a) => names.slice(names.indexOf(a) + 1), upstream: (a) => names.slice(0, names.indexOf(a)) };
  const env = { pool, paths, settings: { dataDir: dir, secretThreshold: 11 }, graph };

  /** Milliseconds from `start()` until `count` jobs of `task` have succeeded, on a worker started beforehand. */
  async function chain(options: RunnerOptions, task: string, count: number, start: () => Promise<unknown>): Promise<number> {
    const worker = await run(options);
    let left = count;
    const done = new Promise<void>((resolve) => worker.events.on('job:success', ({ job }) => {
      if (job.task_identifier === task && --left === 0) resolve();
    }));
    const t = performance.now();
    await start();
    await done;
    const elapsed = performance.now() - t;
    await worker.stop();
    return elapsed;
  }

  const noop: Task = async (payload, helpers) => {
    const { left } = payload as { left: number };
    if (left > 1) await helpers.addJob('noop', { left: left - 1 }, { queueName: 'entrepot', maxAttempts: 1 });
  };
  const utils = await makeWorkerUtils({ pgPool: pool });
  const bare: number[] = [];
  const runner: number[] = [];
  for (let i = 0; i < rounds; i++) {
    bare.push(await chain({ ...workerOptions(env), taskList: { noop } }, 'noop', n, () => utils.addJob('noop', { left: n }, { queueName: 'entrepot', maxAttempts: 1 })) / n);
    // Forced, so that every round materialises the whole chain.
    runner.push(await chain(workerOptions(env), 'materialiser', n, () => enqueuePlan(pool, undefined, names)) / n);
  }
  await utils.release();
  const oneOff: number[] = [];
  for (let i = 0; i < Math.min(rounds, 3); i++) {
    const t = performance.now();
    const results = await runStaleOnce(env, { force: names });
    oneOff.push((performance.now() - t) / n);
    if (results.length !== n || results.some((r) => r.status !== 'success')) throw new Error('le banc du lanceur a échoué');
  }

  print(`Lanceur d’actifs, chaîne de ${n} actifs sans calcul, Postgres embarqué, médiane de ${rounds} tours :`);
  print(`  tâche graphile-worker nue              ${ms(median(bare))} ms par tâche`);
  print(`  actif par le lanceur                   ${ms(median(runner))} ms par actif`);
  print(`  surcoût du lanceur                     ${ms(median(runner) - median(bare))} ms par actif (cible ≤ 10 ms)`);
  print(`  exécution ponctuelle (solidata run)    ${ms(median(oneOff))} ms par actif, démarrage et arrêt du travailleur compris`);

  // 2. A dropped file to a refreshed published table.
  const scale = Number(values.echelle);
  const data = pathsFor(path.join(dir, 'donnees'));
  makeInboxFolders(data, Object.keys(contracts));
  const demo = await generateDemo({ dir: data.inbox, scale });
  // The latest delivery of requests, kept aside: each round drops it again, one request fewer.
  const latest = demo.written.filter((w) => w.source === 'sls_demandes').sort((a, b) => a.periode.localeCompare(b.periode)).at(-1)!;
  const original = path.join(dir, path.basename(latest.file));
  copyFileSync(latest.file, original);
  const full = pathsEnv(data);
  let t = performance.now();
  const first = await runStaleOnce(full);
  if (first.some((r) => r.status !== 'success')) throw new Error(`premier chargement en échec : ${first.filter((r) => r.status !== 'success').map((r) => r.asset).join(', ')}`);
  print(`\nDe la boîte de dépôt à la base publiée : démonstration à l’échelle ${scale.toLocaleString('fr-FR')} (${demo.written.length} livraisons), chargée une fois en ${seconds(performance.now() - t)} s`);

  const worker = await startWorker(full, crontabOf(configSchema.parse({})));
  const stopWatching = watchInbox(data.inbox, () => void enqueuePlan(pool));
  const drops: { total: number; sensor: number; raw: number; rest: number; publication: number; assets: number }[] = [];
  const lines = readFileSync(original, 'utf8').split(/(?<=\n)/);
  try {
    for (let i = 0; i < Math.min(rounds, 3); i++) {
      // Written aside then moved in, as a partner's upload lands whole.
      const aside = path.join(dir, `depot-${i}.csv`);
      writeFileSync(aside, lines.filter((_, k) => k !== lines.length - 1 - i).join(''));
      const since = new Date();
      t = performance.now();
      renameSync(aside, path.join(inboxDir(data, 'sls_demandes'), path.basename(latest.file)));
      const run = await publishedAfter(pool, since);
      const total = performance.now() - t;
      const at = (r: Materialisation) => [new Date(r.started_at).getTime(), new Date(r.ended_at!).getTime()];
      const [rawStart, rawEnd] = at(run.find((r) => r.asset === 'raw.sls_demandes')!);
      const [pubStart, pubEnd] = at(run.find((r) => r.asset === 'publication')!);
      drops.push({ total, sensor: rawStart - since.getTime(), raw: rawEnd - rawStart, rest: pubStart - rawEnd, publication: pubEnd - pubStart, assets: run.length });
    }
  } finally {
    stopWatching();
    await worker.stop();
  }
  const m = (key: keyof (typeof drops)[number]) => median(drops.map((d) => d[key]));
  print(`  fichier déposé → publication réussie   ${seconds(m('total'))} s (médiane de ${drops.length} dépôts, ${m('assets')} actifs recalculés)`);
  print(`    dont : détection et plan ${seconds(m('sensor'))} s, chargement ${seconds(m('raw'))} s, modèles et indicateurs ${seconds(m('rest'))} s, publication ${seconds(m('publication'))} s`);
  print(`  mémoire maximale                       ${ms(process.resourceUsage().maxRSS / 1024)} Mo`);
} finally {
  await pool.end();
  await postgres.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** Everything `solidata start` runs, short of the dashboard build. */
function pathsEnv(p: Paths) {
  return { pool, paths: p, settings: { dataDir: p.dataDir, secretThreshold: 11 }, graph: withoutAssets(loadGraph(), DASHBOARD_ASSETS) };
}

/** The materialisations of the run that published after `since`, once the publication succeeded. */
async function publishedAfter(db: pg.Pool, since: Date): Promise<Materialisation[]> {
  for (const deadline = Date.now() + 300_000; Date.now() < deadline;) {
    const { rows } = await db.query<Materialisation>(`SELECT * FROM solidata.materialisations WHERE started_at >= $1 ORDER BY id`, [since]);
    // The first publication started after the dropped file was loaded (in the same run or not:
    // a job already queued for an asset is shared by the plans that want it).
    const load = rows.find((r) => r.asset === 'raw.sls_demandes' && r.status === 'success');
    const publication = load && rows.find((r) => r.asset === 'publication' && r.status !== 'running' && r.started_at >= load.ended_at!);
    if (publication?.status === 'success') return rows.filter((r) => r.id <= publication.id);
    if (publication || rows.some((r) => r.status === 'failed')) throw new Error(`échec : ${rows.filter((r) => r.status !== 'success').map((r) => `${r.asset} ${r.error ?? ''}`).join(', ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('pas de publication cinq minutes après le dépôt');
}
