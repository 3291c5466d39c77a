// Benchmark (not a test): the demo département end to end, at scale 1 and 10, as a user runs it.
// Per scale: generation; a whole `solidata run` (the last month's deliveries held back), split into
// ingestion (with DuckDB's bare read of the same CSV files, for the ratio), transformation,
// publication and dashboard build from the run's own log; then the incremental run after the
// last month's deliveries are dropped in. Each step is a process of its own, timed with its peak
// memory (GNU time). Targets: whole run at scale 1 < 3 min; after one new monthly delivery, the
// published database refreshed in ≤ 15 s (issue #21: at scale 10 too, incremental models
// recomputing only the new month) and the dashboard in < 2 min; scale 10 without running out of memory.
//   npx tsx bench/pipeline.ts [--echelles 1,10] [--departement 41|92|38] [--sans-tableau] [--dossier DIR]
import { spawnSync } from 'node:child_process';
import { cpus, tmpdir, totalmem } from 'node:os';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../pipelines/warehouse/duckdb.ts';

const { values } = parseArgs({
  options: {
    echelles: { type: 'string', default: '1,10' },
    departement: { type: 'string', default: '41' },
    'sans-tableau': { type: 'boolean', default: false },
    dossier: { type: 'string', default: path.join(tmpdir(), 'solidata-bench-pipeline') },
  },
});
const bin = fileURLToPath(new URL('../bin/solidata.js', import.meta.url));
const fr = (n: number, d = 1) => n.toLocaleString('fr-FR', { maximumFractionDigits: d, minimumFractionDigits: d });
const go = (bytes: number) => `${fr(bytes / 2 ** 30, 2)} Go`;

interface Timed { seconds: number; peak: number; log: string }

/** Runs `solidata <args>` under GNU time: wall seconds, peak memory of the process tree's largest member. */
function solidata(args: string[]): Timed {
  const r = spawnSync('/usr/bin/time', ['-f', 'TEMPS %e %M', process.execPath, bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, DATABASE_URL: '' } });
  const m = /TEMPS ([\d.]+) (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`solidata ${args.join(' ')} : échec (code ${r.status})\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  return { seconds: Number(m[1]), peak: Number(m[2]) * 1024, log: r.stdout };
}

/** Seconds spent per kind of asset, from the run's log lines « ✓ [i/n] asset : … (x s) ». */
function phases(log: string): Record<string, number> {
  const out: Record<string, number> = { ingestion: 0, transformation: 0, publication: 0, paquets: 0, tableau: 0, incremental: 0 };
  for (const m of log.matchAll(/✓ \[\d+\/\d+\] (\S+)[^\n]*\(([\d\s ,]+) s\)/g)) {
    const s = Number(m[2].replace(/[\s ]/g, '').replace(',', '.'));
    const asset = m[1];
    const kind = asset.startsWith('raw.') ? 'ingestion' : asset === 'publication' ? 'publication' : asset === 'dashboard_bundles' ? 'paquets' : asset === 'dashboard' ? 'tableau' : 'transformation';
    out[kind] += s;
    if (asset === 'intermediate.int_demandes') out.incremental += s;
  }
  return out;
}

/** DuckDB's bare read of the CSV deliveries of one source into a table (cp1252 read as Latin-1). */
async function bareRead(files: string[]): Promise<number> {
  const db = await openDatabase(':memory:');
  const started = performance.now();
  for (const [i, f] of files.entries()) {
    const latin = spawnSync('file', ['-b', '--mime-encoding', f], { encoding: 'utf8' }).stdout.includes('utf-8') ? 'utf-8' : 'latin-1';
    await db.connection.run(`CREATE TABLE t${i} AS SELECT * FROM read_csv('${f}', encoding = '${latin}', all_varchar = false)`);
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return seconds;
}

console.log(`Démonstration de bout en bout — ${cpus().length} cœurs, ${fr(totalmem() / 2 ** 30, 0)} Go, Node ${process.versions.node}`);
const tableau = values['sans-tableau'] ? ['--sans-tableau'] : [];
for (const scale of values.echelles!.split(',').map(Number)) {
  const dir = path.join(values.dossier!, `${values.departement}-echelle-${scale}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const gen = solidata(['demo', '--departement', values.departement!, '--scale', String(scale), '--data-dir', dir]);

  // Hold back the last month's monthly deliveries, for the incremental run.
  const held = path.join(values.dossier!, `retenues-${scale}`);
  rmSync(held, { recursive: true, force: true });
  mkdirSync(held, { recursive: true });
  const inbox = path.join(dir, 'inbox');
  const last = readdirSync(path.join(inbox, 'sls_demandes')).sort().at(-1)!.match(/(\d{4}-\d{2})\.\w+$/)![1];
  const moved: string[] = [];
  // Only monthly series (one file per month): a reference file dated that month is not « new ».
  for (const source of readdirSync(inbox).filter((s) => readdirSync(path.join(inbox, s)).length >= 12)) {
    for (const f of readdirSync(path.join(inbox, source)).filter((f) => f.includes(`_${last}.`))) {
      mkdirSync(path.join(held, source), { recursive: true });
      renameSync(path.join(inbox, source, f), path.join(held, source, f));
      moved.push(`${source}/${f}`);
    }
  }
  const slsFiles = readdirSync(path.join(inbox, 'sls_demandes')).filter((f) => f.endsWith('.csv')).map((f) => path.join(inbox, 'sls_demandes', f));
  const slsBytes = slsFiles.reduce((a, f) => a + statSync(f).size, 0);
  const bare = await bareRead(slsFiles);

  const whole = solidata(['run', '--sans-demo', '--data-dir', dir, ...tableau]);
  const p = phases(whole.log);
  const slsSeconds = Number((/✓ \[\d+\/\d+\] raw\.sls_demandes[^\n]*\(([\d\s ,]+) s\)/.exec(whole.log)?.[1] ?? 'NaN').replace(/[\s ]/g, '').replace(',', '.'));

  for (const m of moved) {
    const [source, f] = m.split('/');
    renameSync(path.join(held, source, f), path.join(inbox, source, f));
  }
  const incremental = solidata(['run', '--sans-demo', '--data-dir', dir, ...tableau]);
  const q = phases(incremental.log);

  console.log(`\nDépartement ${values.departement}, échelle ${scale} :`);
  console.log(`  génération                     ${fr(gen.seconds)} s, ${go(gen.peak)}`);
  console.log(`  exécution complète             ${fr(whole.seconds)} s, ${go(whole.peak)} (cible à l’échelle 1 : < 180 s)${tableau.length ? ', sans le tableau de bord' : ''}`);
  console.log(`    ingestion                    ${fr(p.ingestion)} s ; demandes seules : ${fr(slsSeconds)} s contre ${fr(bare)} s pour read_csv nu de leurs ${slsFiles.length} fichiers CSV (${fr(slsBytes / 1e6, 0)} Mo) : rapport ${fr(slsSeconds / bare, 2)}`);
  console.log(`    transformation               ${fr(p.transformation)} s`);
  console.log(`    publication                  ${fr(p.publication)} s`);
  console.log(`    tableau de bord              ${tableau.length ? '—' : `${fr(p.tableau)} s après la publication ; ses paquets JavaScript ${fr(p.paquets)} s, pendant le calcul des données`}`);
  console.log(`  après une nouvelle livraison mensuelle (${moved.length} fichiers de ${last}) : ${fr(incremental.seconds)} s en tout, ${go(incremental.peak)}`);
  const published = incremental.seconds - q.tableau - q.paquets;
  console.log(`    base publiée à jour après    ${fr(published)} s (cible ≤ 15 s : rapport ${fr(published / 15, 2)}, ${published <= 15 ? 'atteinte' : 'non atteinte'}), dont ingestion ${fr(q.ingestion)} s, transformation ${fr(q.transformation)} s, publication ${fr(q.publication)} s`);
  console.log(`    dont intermediate.int_demandes ${fr(q.incremental)} s (${/int_demandes : (mois recalculés[^\n]*|recalcul complet[^\n]*)/.exec(incremental.log)?.[1] ?? '?'})`);
  console.log(`    tableau de bord              ${tableau.length ? '—' : `${fr(q.tableau)} s (cible < 120 s)`}`);
}
