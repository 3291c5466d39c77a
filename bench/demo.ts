// Benchmark (not a test): times the demo generator at scale 1 and 10 and reports the peak memory
// of each run, measured in a process of its own so that one scale's peak does not hide another's.
//   npx tsx bench/demo.ts [--echelles 1,10] [--departement 41] [--dossier DIR] [--garder]
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateDemo } from '../pipelines/demo/generate.ts';

const { values } = parseArgs({
  options: {
    echelles: { type: 'string', default: '1,10' },
    departement: { type: 'string', default: '41' },
    dossier: { type: 'string', default: path.join(tmpdir(), 'solidata-bench-demo') },
    garder: { type: 'boolean', default: false },
    // Internal: one scale, in the child process.
    echelle: { type: 'string' },
  },
});

interface Run {
  scale: number;
  ms: number;
  peak: number;
  months: string;
  sources: Record<string, { files: number; rows: number; bytes: number }>;
  timings: Record<string, number>;
}

const fr = (n: number, digits = 0) => n.toLocaleString('fr-FR', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const size = (bytes: number) => (bytes < 1e6 ? `${fr(bytes / 1e3)} ko` : `${fr(bytes / 1e6, 1)} Mo`);

if (values.echelle) {
  const scale = Number(values.echelle);
  const dir = path.join(values.dossier!, `echelle-${scale}`);
  rmSync(dir, { recursive: true, force: true });
  const started = performance.now();
  const result = await generateDemo({ dir, scale, departement: values.departement });
  const ms = performance.now() - started;
  const sources: Run['sources'] = {};
  for (const w of result.written) {
    const s = (sources[w.source] ??= { files: 0, rows: 0, bytes: 0 });
    s.files++;
    s.rows += w.file.endsWith('.yaml') ? 0 : w.rows;
    s.bytes += w.bytes;
  }
  if (!values.garder) rmSync(dir, { recursive: true, force: true });
  const run: Run = { scale, ms, peak: process.resourceUsage().maxRSS * 1024, months: `${result.debut} à ${result.fin}`, sources, timings: result.timings };
  console.log(JSON.stringify(run));
} else {
  const self = fileURLToPath(import.meta.url);
  console.log(`Génération de la démonstration (département ${values.departement}), machine : ${(await import('node:os')).cpus().length} cœurs, ${fr((await import('node:os')).totalmem() / 2 ** 30)} Go`);
  for (const scale of values.echelles!.split(',').map(Number)) {
    const child = spawnSync(process.execPath, [...process.execArgv, self, '--echelle', String(scale), '--departement', values.departement!, '--dossier', values.dossier!, ...(values.garder ? ['--garder'] : [])], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (child.status !== 0) {
      console.error(`échelle ${scale} : échec (code ${child.status})\n${child.stderr}`);
      process.exitCode = 1;
      continue;
    }
    const run = JSON.parse(child.stdout.trim().split('\n').pop()!) as Run;
    const total = Object.values(run.sources).reduce((a, s) => ({ files: a.files + s.files, rows: a.rows + s.rows, bytes: a.bytes + s.bytes }), { files: 0, rows: 0, bytes: 0 });
    console.log(`\nÉchelle ${scale} (${run.months}) : ${fr(run.ms / 1000, 1)} s, mémoire maximale ${fr(run.peak / 2 ** 20)} Mo, ${fr(total.files)} fichiers, ${fr(total.rows)} lignes, ${size(total.bytes)} écrits (${fr(total.bytes / 1e6 / (run.ms / 1000), 1)} Mo/s)`);
    for (const [source, s] of Object.entries(run.sources)) {
      console.log(`  ${source.padEnd(17)} ${fr(s.files).padStart(4)} fichier${s.files > 1 ? 's' : ' '} ${fr(s.rows).padStart(12)} lignes ${size(s.bytes).padStart(11)} ${fr((run.timings[source] ?? 0) / 1000, 1).padStart(7)} s`);
    }
  }
}
