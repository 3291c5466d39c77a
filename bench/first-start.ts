// Benchmark (not a test): the first `solidata start` on a new data directory, as a new user runs it
// right after `npm ci` (the demo's deliveries dropped in, the embedded Postgres created, everything
// computed, the dashboard built, the address printed). Issue #21's target: ≤ 90 s.
//   npx tsx bench/first-start.ts [--dossier DIR] [--port 3999]
import { spawn } from 'node:child_process';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    dossier: { type: 'string', default: path.join(tmpdir(), 'solidata-bench-demarrage') },
    port: { type: 'string', default: '3999' },
  },
});
const TARGET = 90;
const fr = (n: number, d = 1) => n.toLocaleString('fr-FR', { maximumFractionDigits: d, minimumFractionDigits: d });
const bin = fileURLToPath(new URL('../bin/solidata.js', import.meta.url));
const dir = values.dossier!;
rmSync(dir, { recursive: true, force: true });

console.log(`Premier démarrage — ${cpus().length} cœurs, ${fr(totalmem() / 2 ** 30, 0)} Go, Node ${process.versions.node}, charge ${fr(loadavg()[0])}`);
const started = performance.now();
const child = spawn(process.execPath, [bin, 'start', '--data-dir', dir, '--port', values.port!], { env: { ...process.env, DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
const seconds = await new Promise<number>((resolve, reject) => {
  const read = (d: Buffer) => {
    output += d;
    if (output.includes('Tableau de bord en ligne')) resolve((performance.now() - started) / 1000);
  };
  child.stdout.on('data', read);
  child.stderr.on('data', read);
  child.on('exit', (code) => reject(new Error(`solidata start s’est arrêté (code ${code}) avant d’afficher l’adresse :\n${output.slice(-3000)}`)));
});
child.removeAllListeners('exit');
const stopped = new Promise((resolve) => child.on('exit', resolve));
child.kill('SIGINT');
await stopped;

// Where the time went, from the run's log lines « ✓ [i/n] asset : … (x s) ».
const took = (asset: string) => Number((new RegExp(`✓ \\[\\d+/\\d+\\] ${asset.replace('.', '\\.')}\\b[^\\n]*\\(([\\d\\s ,]+) s\\)`).exec(output)?.[1] ?? 'NaN').replace(/[\s ]/g, '').replace(',', '.'));
console.log(`  adresse affichée après         ${fr(seconds)} s (cible ≤ ${TARGET} s : rapport ${fr(seconds / TARGET, 2)}, ${seconds <= TARGET ? 'atteinte' : 'non atteinte'})`);
console.log(`    paquets du tableau de bord   ${fr(took('dashboard_bundles'))} s, pendant le calcul des données`);
console.log(`    publication                  ${fr(took('publication'))} s`);
console.log(`    pages du tableau de bord     ${fr(took('dashboard'))} s, après la publication`);
rmSync(dir, { recursive: true, force: true });
