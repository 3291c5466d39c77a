// Benchmark (not a test): statistical secrecy of the demo publication, protection and LP audit, at
// scales 0.05, 0.2, 1 and 10: time, and information loss per indicator against the previous algorithm (each
// indicator alone, cells only, no audit: bench/secrecy-before.ts) on the same cells.
// Per scale, a demo data directory is generated and run up to publication (`solidata demo`,
// `solidata run --sans-tableau`), unless --entrepot names an existing warehouse to read.
//   npm run bench:secret [-- --echelles 0.05,0.2,1,10] [--entrepot FICHIER] [--dossier DIR]
import { spawnSync } from 'node:child_process';
import { cpus, tmpdir, totalmem } from 'node:os';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase, queryRows } from '../pipelines/warehouse/duckdb.ts';
import { indicatorBases } from '../pipelines/assets/indicators.ts';
import { applySecrecy, formatLoss, informationLoss, type Parent, type PublishedCell } from '../pipelines/publish/secrecy/index.ts';
import { applySecrecy as applySecrecyBefore } from './secrecy-before.ts';

const { values } = parseArgs({
  options: {
    echelles: { type: 'string', default: '0.05,0.2,1,10' },
    entrepot: { type: 'string' },
    dossier: { type: 'string', default: path.join(tmpdir(), 'solidata-bench-secret') },
  },
});
const bin = fileURLToPath(new URL('../bin/solidata.js', import.meta.url));
const fr = (n: number, d = 1) => n.toLocaleString('fr-FR', { maximumFractionDigits: d, minimumFractionDigits: d });

function solidata(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, DATABASE_URL: '' } });
  if (r.status !== 0) throw new Error(`solidata ${args.join(' ')} : échec (code ${r.status})\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
}

async function measure(warehouseFile: string, label: string) {
  // A copy: the warehouse may be in use, and this reads only.
  const copy = path.join(tmpdir(), `solidata-bench-secret-${process.pid}.duckdb`);
  copyFileSync(warehouseFile, copy);
  const db = await openDatabase(copy, { readOnly: true });
  let cells: PublishedCell[];
  let parents: Parent[];
  try {
    const n = (x: unknown) => (x === null || x === undefined ? null : Number(x));
    cells = (await queryRows<PublishedCell>(db.connection, 'SELECT indicateur, niveau, code, periode, dimension, modalite, effectif, numerateur, denominateur FROM marts.indicateurs'))
      .map((c) => ({ ...c, effectif: n(c.effectif), numerateur: n(c.numerateur), denominateur: n(c.denominateur) }));
    parents = await queryRows<Parent>(db.connection, 'SELECT niveau, code, niveau_parent AS "niveauParent", code_parent AS "codeParent" FROM intermediate.int_appartenance');
  } finally {
    db.close();
    rmSync(copy, { force: true });
  }
  const t0 = performance.now();
  const before = applySecrecyBefore(cells, parents, 11);
  const t1 = performance.now();
  const result = await applySecrecy(cells, parents, { threshold: 11, minWidth: 3, bases: indicatorBases() });
  const t2 = performance.now();
  // A difference (« base − base ») is held to the width only when it is a small group.
  const widths = result.audit.filter((a) => !a.base.includes(' − ') || (a.valeur >= 1 && a.valeur < 11)).map((a) => a.max - a.min);
  console.log(`\n${label} : ${cells.length.toLocaleString('fr-FR')} cases, ${result.masked.size.toLocaleString('fr-FR')} masquées`);
  console.log(`  protection et audit : ${fr((t2 - t1) / 1000)} s (algorithme précédent, sans audit : ${fr((t1 - t0) / 1000)} s)`);
  console.log(`  audit : ${result.audit.length.toLocaleString('fr-FR')} comptes masqués encadrés, ${result.failures.length} hors règle, écart min ${fr(Math.min(...widths), 2)}`);
  if (result.disagreements.length) console.log(`  bases tenues à part : ${result.disagreements.length}`);
  for (const note of result.notes) console.log(`  ${note}`);
  for (const line of formatLoss(result.loss, informationLoss(cells, (i) => before.has(i)))) console.log(`  ${line}`);
}

console.log(`Secret statistique, machine : ${cpus().length} cœurs, ${fr(totalmem() / 2 ** 30, 0)} Go`);
if (values.entrepot) await measure(values.entrepot, values.entrepot);
else {
  for (const scale of values.echelles!.split(',').map(Number)) {
    const dir = path.join(values.dossier!, `echelle-${scale}`);
    if (!existsSync(path.join(dir, 'warehouse.duckdb'))) {
      rmSync(dir, { recursive: true, force: true });
      solidata(['demo', '--scale', String(scale), '--data-dir', dir]);
      solidata(['run', '--data-dir', dir, '--sans-tableau']);
    }
    await measure(path.join(dir, 'warehouse.duckdb'), `échelle ${scale}`);
  }
}
