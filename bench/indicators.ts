// Benchmark (not a test): every model and indicator over about 10 million requests (the other
// sources scaled alike), then the publication under statistical secrecy; and, in the same run,
// DuckDB alone running the same SQL (CREATE TABLE … AS, no checks, no secrecy). Each side runs in a
// process of its own, on its own copy of the warehouse, so that each peak memory is its own.
// Targets (issue #21): ≤ 10 s beyond DuckDB alone, and ≤ 1.5 × DuckDB alone.
//   npx tsx bench/indicators.ts [--demandes 10000000] [--dossier DIR]
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AssetContext } from '../pipelines/assets/asset.ts';
import { DASHBOARD_ASSETS, loadGraph } from '../pipelines/assets/graph.ts';
import { pathsFor } from '../pipelines/config.ts';
import { generateDemo } from '../pipelines/demo/generate.ts';
import { readSqlModel } from '../pipelines/assets/sql_model.ts';
import { runChecks } from '../pipelines/runner/checks.ts';
import { openDatabase, openWarehouse, queryRows } from '../pipelines/warehouse/duckdb.ts';

const { values } = parseArgs({
  options: {
    demandes: { type: 'string', default: '10000000' },
    dossier: { type: 'string', default: path.join(tmpdir(), 'solidata-bench-indicateurs') },
    // Internal: one side, in the child process.
    mode: { type: 'string' },
  },
});
const dir = values.dossier!;
const fr = (n: number, digits = 1) => n.toLocaleString('fr-FR', { maximumFractionDigits: digits });
const graph = loadGraph();
// Everything after the raw deliveries, up to the publication (the dashboard build is measured apart).
// Reference tables are loaded with the deliveries, once, before timing.
const computed = graph.order.filter((n) => !n.startsWith('raw.') && !n.startsWith('ref.') && !DASHBOARD_ASSETS.includes(n));
const settings = { dataDir: dir, secretThreshold: 11, proximityKm: 2 };
const sqlFile = (name: string) => path.join(fileURLToPath(new URL('../sql', import.meta.url)), name.split('.')[0], `${name.split('.')[1]}.sql`);

function contextFor(paths: ReturnType<typeof pathsFor>, db: Awaited<ReturnType<typeof openDatabase>>): AssetContext {
  return { paths, settings, runId: 'bench', warehouse: async () => db.connection };
}

if (values.mode) {
  // Child: time one side on its copy of the warehouse, print a JSON line.
  const paths = pathsFor(path.join(dir, values.mode));
  const db = await openWarehouse(paths.warehouse);
  await db.connection.run(`SET VARIABLE proximite_km = 2`);
  const started = performance.now();
  const perAsset: Record<string, number> = {};
  for (const name of computed) {
    const asset = graph.assets.get(name)!;
    const t = performance.now();
    if (values.mode === 'solidata') {
      const outcome = await asset.materialise(contextFor(paths, db));
      const results = await runChecks(db.connection, asset, 'bench', outcome.rows, null);
      const errors = results.filter((r) => !r.passed && r.severity === 'erreur');
      if (errors.length > 0) throw new Error(`${name} : ${errors.map((e) => e.message).join(' ; ')}`);
    } else if (name === 'publication') {
      // DuckDB alone: a copy of the long table into a new database file.
      await db.connection.run(`ATTACH '${paths.published}' AS pub`);
      await db.connection.run('CREATE TABLE pub.indicateurs AS SELECT * FROM marts.indicateurs');
      await db.connection.run('DETACH pub');
    } else if (existsSync(sqlFile(name))) {
      // DuckDB alone: the model's SQL, nothing else.
      const model = readSqlModel(sqlFile(name));
      const [layer, table] = name.split('.');
      await db.connection.run(`CREATE SCHEMA IF NOT EXISTS ${layer}`);
      // The same kind of relation as the model declares (staging models are views).
      const kind = /^materialized:\s*view/m.test(model.sql) ? 'VIEW' : 'TABLE';
      await db.connection.run(`CREATE OR REPLACE ${kind} ${layer}.${table} AS ${model.sql.replace(/^\s*\/\*\s*---[\s\S]*?---\s*\*\//, '').trim().replace(/;\s*$/, '')}`);
    } else {
      // TypeScript assets (the union of the indicators, the travel times) have no SQL of their own: the same work on both sides.
      await graph.assets.get(name)!.materialise(contextFor(paths, db));
    }
    perAsset[name] = performance.now() - t;
  }
  const ms = performance.now() - started;
  db.close();
  console.log(JSON.stringify({ ms, peak: process.resourceUsage().maxRSS * 1024, perAsset }));
  process.exit(0);
}

// Parent: a warehouse loaded from the scale-1 demo, its person-level sources multiplied to the target.
const base = path.join(dir, 'base.duckdb');
const target = Number(values.demandes);
if (!existsSync(base)) {
  rmSync(dir, { recursive: true, force: true });
  const paths = pathsFor(path.join(dir, 'chargement'));
  mkdirSync(paths.inbox, { recursive: true });
  let t = performance.now();
  await generateDemo({ dir: paths.inbox });
  const db = await openWarehouse(paths.warehouse);
  for (const name of graph.order.filter((n) => n.startsWith('raw.') || n.startsWith('ref.'))) await graph.assets.get(name)!.materialise(contextFor(paths, db));
  console.log(`Démonstration (échelle 1) générée et chargée en ${fr((performance.now() - t) / 1000)} s`);
  t = performance.now();
  const [{ n }] = await queryRows<{ n: number }>(db.connection, 'SELECT count(*) AS n FROM raw.sls_demandes');
  const factor = Math.ceil(target / Number(n));
  // Copies keep their delivery, so they stay active; ids and pseudonyms get a suffix per copy.
  await db.connection.run(`CREATE OR REPLACE TABLE raw.sls_demandes AS SELECT * REPLACE (demande_id || '-' || k AS demande_id, usager_pseudo || '-' || k AS usager_pseudo)
    FROM raw.sls_demandes, range(${factor}) r(k) LIMIT ${target}`);
  // The schéma's other fields grow alike (ids and pseudonyms suffixed: a copy is other people).
  for (const [table, ids] of [['rsa_parcours', ['usager_pseudo']], ['ccas_aides', ['aide_id']], ['apa_demandes', ['demande_id', 'usager_pseudo']],
    ['mdph_demandes', ['demande_id', 'usager_pseudo']], ['ase_informations_preoccupantes', ['ip_id']], ['fsl_aides', ['aide_id', 'usager_pseudo']]] as const) {
    await db.connection.run(`CREATE OR REPLACE TABLE raw.${table} AS SELECT * REPLACE (${ids.map((id) => `${id} || '-' || k AS ${id}`).join(', ')}) FROM raw.${table}, range(${factor}) r(k)`);
  }
  await db.connection.run(`CREATE OR REPLACE TABLE raw.consultation AS SELECT * REPLACE (reponse_id || '-' || k AS reponse_id) FROM raw.consultation, range(${Math.min(factor, 50)}) r(k)`);
  await db.connection.run(`CREATE OR REPLACE TABLE raw.consultation_reponses AS SELECT * REPLACE (reponse_id || '-' || k AS reponse_id) FROM raw.consultation_reponses, range(${Math.min(factor, 50)}) r(k)`);
  await db.connection.run('CHECKPOINT');
  const counts = await queryRows<{ t: string; n: number }>(db.connection, `SELECT 'sls_demandes' AS t, count(*) AS n FROM raw.sls_demandes UNION ALL SELECT 'rsa_parcours', count(*) FROM raw.rsa_parcours
    UNION ALL SELECT 'ccas_aides', count(*) FROM raw.ccas_aides UNION ALL SELECT 'consultation', count(*) FROM raw.consultation
    UNION ALL SELECT 'apa_demandes', count(*) FROM raw.apa_demandes UNION ALL SELECT 'mdph_demandes', count(*) FROM raw.mdph_demandes
    UNION ALL SELECT 'ase_informations_preoccupantes', count(*) FROM raw.ase_informations_preoccupantes UNION ALL SELECT 'fsl_aides', count(*) FROM raw.fsl_aides`);
  db.close();
  copyFileSync(paths.warehouse, base);
  console.log(`Entrepôt agrandi (×${factor}) en ${fr((performance.now() - t) / 1000)} s : ${counts.map((c) => `${c.t} ${Number(c.n).toLocaleString('fr-FR')}`).join(', ')}`);
}

function side(mode: 'solidata' | 'duckdb') {
  const paths = pathsFor(path.join(dir, mode));
  mkdirSync(paths.dataDir, { recursive: true });
  for (const f of [paths.warehouse, `${paths.warehouse}.wal`, paths.published]) rmSync(f, { force: true });
  copyFileSync(base, paths.warehouse);
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--mode', mode, '--dossier', dir], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (child.status !== 0) throw new Error(`${mode} : ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { ms: number; peak: number; perAsset: Record<string, number> };
}

const bare = side('duckdb');
const ours = side('solidata');
const slowest = Object.entries(ours.perAsset).sort((a, b) => b[1] - a[1]).slice(0, 5);
console.log(`Indicateurs sur ${target.toLocaleString('fr-FR')} demandes (${computed.length} actifs, de staging à la publication) :`);
console.log(`  DuckDB seul (même SQL)          ${fr(bare.ms / 1000)} s, pic mémoire ${fr(bare.peak / 1e9, 2)} Go`);
console.log(`  Solidata (contrôles, secret)    ${fr(ours.ms / 1000)} s, pic mémoire ${fr(ours.peak / 1e9, 2)} Go`);
console.log(`  au-delà de DuckDB seul          ${fr((ours.ms - bare.ms) / 1000)} s (cible ≤ 10 s) ${ours.ms - bare.ms <= 10_000 ? 'atteinte' : 'non atteinte'}`);
console.log(`  rapport                         ${fr(ours.ms / bare.ms, 2)} (cible ≤ 1,5) ${ours.ms / bare.ms <= 1.5 ? 'atteinte' : 'non atteinte'}`);
console.log(`  les plus longs : ${slowest.map(([n, ms]) => `${n} ${fr(ms / 1000)} s`).join(', ')}`);
