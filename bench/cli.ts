// Benchmark (not a test) of the command line's start: `solidata --help` and `solidata <commande> --help`
// load no command module (target ≤ 0,5 s on a quiet machine), median of several starts.
//   npx tsx bench/cli.ts [--fois 7]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../pipelines/config.ts';

const { values } = parseArgs({ options: { fois: { type: 'string', default: '7' } } });
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
for (const args of [['--help'], ['run', '--help'], ['sql', '--help']]) {
  const all = Array.from({ length: times }, () => start(args)).sort((a, b) => a - b);
  const median = all[Math.floor(all.length / 2)];
  console.log(`  solidata ${args.join(' ').padEnd(12)} ${fr(median)} s (cible ≤ ${fr(TARGET)} s : ${median <= TARGET ? 'atteinte' : 'manquée'} ; ratio ${fr(median / TARGET)})`);
}
