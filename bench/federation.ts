// Benchmark (not a test): open data and federation. The three demo départements (41, 92, 38) are
// generated, run (without the dashboard) and exported with `solidata opendata` (time and size of
// each package); then a federation takes 3 packages, then 100 (copies of one package under other
// département codes, checksums rewritten), through the job queue on a real embedded Postgres, with
// one worker in this process: total time and time per package, to see how it grows.
//   npx tsx bench/federation.ts [--scale 0.05] [--paquets 3,100] [--dossier DIR]
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadGraph } from '../pipelines/assets/graph.ts';
import { pathsFor } from '../pipelines/config.ts';
import { federationPaths } from '../pipelines/federation/folders.ts';
import { startPostgres } from '../pipelines/runner/postgres.ts';
import { federateThroughQueue, prepareDatabase } from '../pipelines/runner/worker.ts';
import { copyPackageAs } from '../tests/helpers/package_copies.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '0.05' },
    paquets: { type: 'string', default: '3,100' },
    dossier: { type: 'string', default: path.join(tmpdir(), 'solidata-bench-federation') },
  },
});
const bin = fileURLToPath(new URL('../bin/solidata.js', import.meta.url));
const fr = (n: number, d = 1) => n.toLocaleString('fr-FR', { maximumFractionDigits: d, minimumFractionDigits: d });
const root = path.resolve(values.dossier);
const require = createRequire(import.meta.url);
const departements = (require('@etalab/decoupage-administratif/data/departements.json') as { code: string; nom: string }[]);

function solidata(args: string[]): number {
  const started = Date.now();
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, DATABASE_URL: '' } });
  if (r.status !== 0) throw new Error(`solidata ${args.join(' ')} : échec (code ${r.status})\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
  return (Date.now() - started) / 1000;
}

const sizeOf = (dir: string): number => readdirSync(dir, { withFileTypes: true })
  .reduce((s, e) => s + (e.isDirectory() ? sizeOf(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).size), 0);

function freshDir(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  return dir;
}

console.log(`Banc d’essai : données ouvertes et fédération (échelle ${values.scale}, ${cpus().length} cœurs), dans ${root}`);
mkdirSync(root, { recursive: true });
chmodSync(root, 0o755);

// 1. The three demo départements, each run and exported.
const packages: Record<string, string> = {};
console.log('\nExport « solidata opendata » des départements de démonstration :');
for (const code of ['41', '92', '38']) {
  const dir = path.join(root, `departement-${code}`);
  if (!existsSync(path.join(dir, 'published.duckdb'))) {
    freshDir(dir);
    solidata(['demo', '--departement', code, '--scale', values.scale, '--data-dir', dir]);
    const run = solidata(['run', '--sans-tableau', '--data-dir', dir]);
    console.log(`  ${code} : démo et « solidata run --sans-tableau » en ${fr(run)} s`);
  }
  packages[code] = path.join(dir, 'opendata', 'courante');
  const seconds = solidata(['opendata', '--data-dir', dir]);
  console.log(`  ${code} : paquet de ${fr(sizeOf(packages[code]) / 1e6, 2)} Mo écrit en ${fr(seconds)} s (processus entier)`);
}

// 2. Federations of N packages, through the queue.
for (const n of values.paquets.split(',').map(Number)) {
  const dataDir = freshDir(path.join(root, `federation-${n}`));
  const paths = pathsFor(dataDir);
  const fp = federationPaths(paths);
  mkdirSync(fp.inbox, { recursive: true });
  const prepared = Date.now();
  if (n === 3) for (const code of Object.keys(packages)) cpSync(packages[code], path.join(fp.inbox, code), { recursive: true });
  else {
    for (const d of departements.slice(0, n)) {
      const src = packages[d.code] ?? packages['41'];
      if (packages[d.code]) cpSync(src, path.join(fp.inbox, d.code), { recursive: true });
      else await copyPackageAs(src, path.join(fp.inbox, d.code), d.code, d.nom, { scale: 1 + (Number.parseInt(d.code, 36) % 7) / 3 });
    }
  }
  const copying = (Date.now() - prepared) / 1000;
  const postgres = await startPostgres(undefined, paths.postgresDir);
  const pool = await prepareDatabase(postgres.connectionString);
  try {
    const dirs = readdirSync(fp.inbox).map((d) => path.join(fp.inbox, d));
    const started = Date.now();
    const { outcomes } = await federateThroughQueue({ pool, paths, settings: { dataDir, secretThreshold: 11 }, graph: loadGraph() }, dirs, true);
    const seconds = (Date.now() - started) / 1000;
    const accepted = outcomes.filter((o) => o.asset.startsWith('federation:') && o.status === 'success').length;
    const checks = outcomes.filter((o) => o.asset.startsWith('federation:')).map((o) => (new Date(o.ended_at!).getTime() - new Date(o.started_at).getTime()) / 1000);
    const publications = outcomes.filter((o) => o.asset === 'federation');
    const last = publications.at(-1)!;
    const lastSeconds = (new Date(last.ended_at!).getTime() - new Date(last.started_at).getTime()) / 1000;
    console.log(`\nFédération de ${n} paquets (${accepted} acceptés ; copies préparées en ${fr(copying)} s) :`);
    console.log(`  tout, de la mise en file à la dernière publication : ${fr(seconds)} s, soit ${fr(seconds / n, 2)} s par paquet`);
    console.log(`  contrôle et rangement d’un paquet (médiane) : ${fr(checks.sort((a, b) => a - b)[Math.floor(checks.length / 2)], 2)} s`);
    console.log(`  publications de la fédération : ${publications.length} (regroupées par la clé de tâche), la dernière en ${fr(lastSeconds, 2)} s`);
    console.log(`  base fédérée : ${fr(statSync(fp.published).size / 1e6, 2)} Mo`);
  } finally {
    await pool.end();
    await postgres.stop();
  }
}
