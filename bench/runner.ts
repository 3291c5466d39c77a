// Benchmark (not a test): the runner's overhead per asset over a bare graphile-worker no-op job,
// measured in the same run on the same embedded Postgres. Both run a chain of N jobs in which
// each job queues the next on the `entrepot` queue, as the runner does. Target: ≤ 10 ms.
//   npx tsx bench/runner.ts [--actifs N]
import { parseArgs } from 'node:util';
import { mkdtempSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeWorkerUtils, run, type Task } from 'graphile-worker';
import { pathsFor } from '../pipelines/config.ts';
import type { Asset } from '../pipelines/assets/asset.ts';
import type { Graph } from '../pipelines/assets/graph.ts';
import { startPostgres } from '../pipelines/runner/postgres.ts';
import { prepareDatabase, runStaleOnce, workerOptions } from '../pipelines/runner/worker.ts';

const { values } = parseArgs({ options: { actifs: { type: 'string', default: '50' } } });
const n = Number(values.actifs);
const dir = mkdtempSync(path.join(tmpdir(), 'solidata-bench-runner-'));
chmodSync(dir, 0o755);
const paths = pathsFor(dir);
const postgres = await startPostgres(undefined, paths.postgresDir);
const pool = await prepareDatabase(postgres.connectionString);
const ms = (x: number) => x.toLocaleString('fr-FR', { maximumFractionDigits: 1 });

// A chain of no-op assets: a0 ← a1 ← … ← a(n-1).
const names = Array.from({ length: n }, (_, i) => `marts.a${String(i).padStart(3, '0')}`);
const assets = new Map<string, Asset>(names.map((name, i) => [name, {
  name, description: '', upstream: i === 0 ? [] : [names[i - 1]], codeHash: 'x', checks: [], materialise: async () => ({}),
}]));
const graph: Graph = { assets, order: names, downstream: (a) => names.slice(names.indexOf(a) + 1), upstream: (a) => names.slice(0, names.indexOf(a)) };
const env = { pool, paths, settings: { dataDir: dir, secretThreshold: 11 }, graph };

// 1. Bare graphile-worker: the same chain of no-op jobs.
let remaining = n;
let finished: () => void;
const done = new Promise<void>((r) => (finished = r));
const noop: Task = async (_payload, helpers) => {
  remaining--;
  if (remaining > 0) await helpers.addJob('noop', {}, { queueName: 'entrepot', maxAttempts: 1 });
  else finished();
};
const bareRunner = await run({ ...workerOptions(env), taskList: { noop } });
const utils = await makeWorkerUtils({ pgPool: pool });
let t = performance.now();
await utils.addJob('noop', {}, { queueName: 'entrepot', maxAttempts: 1 });
await done;
const bare = (performance.now() - t) / n;
await bareRunner.stop();
await utils.release();

// 2. The runner: plan, materialise, history, queueing of what is ready, through the same queue.
t = performance.now();
const results = await runStaleOnce(env);
const runner = (performance.now() - t) / n;
if (results.length !== n || results.some((r) => r.status !== 'success')) throw new Error('le banc du lanceur a échoué');

console.log(`Lanceur d’actifs, chaîne de ${n} actifs sans calcul, Postgres embarqué :`);
console.log(`  tâche graphile-worker nue       ${ms(bare)} ms par tâche`);
console.log(`  actif par le lanceur            ${ms(runner)} ms par actif`);
console.log(`  surcoût du lanceur              ${ms(runner - bare)} ms par actif (cible ≤ 10 ms)`);
console.log(`  mémoire maximale                ${ms(process.resourceUsage().maxRSS / 1024)} Mo`);
await pool.end();
await postgres.stop();
