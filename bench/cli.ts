// Benchmark (not a test) of the command line's start: `solidata --help` and `solidata <commande> --help`
// load no command module, and `solidata status` reads the history's summary without starting Postgres
// (target ≤ 0,5 s on a quiet machine), median of several starts; beside them, the same starts with the
// TypeScript compiled on the fly by tsx (SOLIDATA_TSX=1, as before bin/compile.js), and what checking
// that the compiled JavaScript is fresh costs at each start.
//   npx tsx bench/cli.ts [--fois 7] [--dossier DIR]   (DIR: a data directory already run; default: a demo run here)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { projectRoot } from '../pipelines/config.ts';

const { values } = parseArgs({ options: { fois: { type: 'string', default: '7' }, dossier: { type: 'string' } } });
const times = Math.max(1, Number(values.fois));
const solidata = path.join(projectRoot, 'bin', 'solidata.js');
const fr = (n: number, digits = 2) => n.toLocaleString('fr-FR', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const TARGET = 0.5;
const load = () => loadavg()[0];

function start(args: string[], env: NodeJS.ProcessEnv = {}): number {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [solidata, ...args], { stdio: 'ignore', env: { ...process.env, DATABASE_URL: '', ...env } });
  if (run.status !== 0) throw new Error(`solidata ${args.join(' ')} : code ${run.status}`);
  return (performance.now() - t0) / 1000;
}
const median = (all: number[]) => [...all].sort((a, b) => a - b)[Math.floor(all.length / 2)];

// The first start compiles what changed since the last one (everything after a fresh install is done
// by `npm ci`); tsx's first start fills its own cache.
start(['--help']);
start(['--help'], { SOLIDATA_TSX: '1' });
// status needs a data directory with a history: an empty one, run up to publication.
let dataDir = values.dossier;
const temporary = !dataDir;
if (!dataDir) {
  dataDir = mkdtempSync(path.join(tmpdir(), 'solidata-bench-cli-'));
  const run = spawnSync(process.execPath, [solidata, 'run', '--sans-tableau', '--sans-demo', '--data-dir', dataDir], { stdio: 'ignore', env: { ...process.env, DATABASE_URL: '' } });
  if (run.status !== 0) throw new Error(`solidata run --sans-tableau --sans-demo : code ${run.status}`);
}
const { compile } = (await import(pathToFileURL(path.join(projectRoot, 'bin', 'compile.js')).href)) as { compile: () => Promise<boolean> };
const checks: number[] = [];
for (let i = 0; i < times; i++) {
  const t0 = performance.now();
  await compile();
  checks.push(performance.now() - t0);
}

console.log(`Démarrage de la ligne de commande (médiane de ${times} lancements ; ${cpus().length} cœurs, charge ${fr(load(), 1)} au début) :`);
for (const args of [['--help'], ['run', '--help'], ['sql', '--help'], ['status', '--data-dir', dataDir]]) {
  const compiled = median(Array.from({ length: times }, () => start(args)));
  const tsx = median(Array.from({ length: times }, () => start(args, { SOLIDATA_TSX: '1' })));
  console.log(`  solidata ${args.slice(0, 2).join(' ').padEnd(12)} ${fr(compiled)} s (cible ≤ ${fr(TARGET)} s : ${compiled <= TARGET ? 'atteinte' : 'manquée'} ; ratio ${fr(compiled / TARGET)}) ; avec tsx ${fr(tsx)} s (${fr(tsx / compiled, 1)} fois plus)`);
}
console.log(`  vérification que le JavaScript compilé est à jour : ${fr(median(checks), 1)} ms par démarrage ; charge ${fr(load(), 1)} à la fin`);
if (temporary) rmSync(dataDir, { recursive: true, force: true });
