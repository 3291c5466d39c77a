// Benchmark (not a test) of the command line's start: `solidata --help` and `solidata <commande> --help`
// load no command module, and `solidata status` reads the history's summary without starting Postgres
// (target ≤ 0,5 s on a quiet machine), median of several starts.
//   npx tsx bench/cli.ts [--fois 7] [--dossier DIR]   (DIR: a data directory already run; default: a demo run here)
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../pipelines/config.ts';

const { values } = parseArgs({ options: { fois: { type: 'string', default: '7' }, dossier: { type: 'string' } } });
const times = Math.max(1, Number(values.fois));
const solidata = path.join(projectRoot, 'bin', 'solidata.js');
const fr = (n: number) => n.toLocaleString('fr-FR', { maximumFractionDigits: 2, minimumFractionDigits: 2 });
const TARGET = 0.5;

function start(args: string[]): number {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [solidata, ...args], { stdio: 'ignore' });
  if (run.status !== 0) throw new Error(`solidata ${args.join(' ')} : code ${run.status}`);
  return (performance.now() - t0) / 1000;
}

start(['--help']); // the first start fills tsx's compile cache; a user's first start after install does too
console.log(`Démarrage de la ligne de commande (médiane de ${times} lancements) :`);
// status needs a data directory with a history: an empty one, run up to publication.
let dataDir = values.dossier;
if (!dataDir) {
  dataDir = mkdtempSync(path.join(tmpdir(), 'solidata-bench-cli-'));
  const run = spawnSync(process.execPath, [solidata, 'run', '--sans-tableau', '--sans-demo', '--data-dir', dataDir], { stdio: 'ignore', env: { ...process.env, DATABASE_URL: '' } });
  if (run.status !== 0) throw new Error(`solidata run --sans-tableau --sans-demo : code ${run.status}`);
}
for (const args of [['--help'], ['run', '--help'], ['sql', '--help'], ['status', '--data-dir', dataDir]]) {
  const all = Array.from({ length: times }, () => start(args)).sort((a, b) => a - b);
  const median = all[Math.floor(all.length / 2)];
  console.log(`  solidata ${args.slice(0, 2).join(' ').padEnd(12)} ${fr(median)} s (cible ≤ ${fr(TARGET)} s : ${median <= TARGET ? 'atteinte' : 'manquée'} ; ratio ${fr(median / TARGET)})`);
}
