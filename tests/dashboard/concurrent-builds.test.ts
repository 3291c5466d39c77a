// Two data directories rebuild their dashboards at the same time from one installation, each in a
// workshop of its own. When every build worked in the installation's .evidence/template, the second
// one failed (ERR_MODULE_NOT_FOUND … manifest-full.js) or shipped the other's data. Here the second
// directory's publication differs by one figure: each dashboard must ship its own.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pathsFor } from '../../pipelines/config.ts';
import { openDatabase, queryRows } from '../../pipelines/warehouse/duckdb.ts';
import { copyDataDirectory, readDuckdb, solidataCli } from '../helpers/fixtures.ts';
import { sharedDashboard } from '../helpers/shared-dashboard.ts';

const MARK = 987_654_321;
const CELL = `indicateur = 'demandes_recues' AND niveau = 'departement' AND dimension = '' AND NOT secret
  AND periode = (SELECT max(periode) FROM indicateurs WHERE indicateur = 'demandes_recues' AND length(periode) = 4)`;

let dirs: string[];
let runs: { status: number | null; stdout: string; stderr: string }[];

/** The rows of the `indicateurs` table a built dashboard ships to the browser (its parquet file). */
async function shippedIndicators(dashboardDir: string): Promise<number[]> {
  const folder = path.join(dashboardDir, 'data', 'solidata', 'indicateurs');
  const files = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.parquet'));
  expect(files).toHaveLength(1);
  const db = await openDatabase(':memory:');
  try {
    await db.connection.run(`CREATE VIEW indicateurs AS SELECT * FROM read_parquet('${path.join(folder, files[0])}')`);
    return (await queryRows<{ valeur: number }>(db.connection, `SELECT valeur FROM indicateurs WHERE ${CELL}`)).map((r) => Number(r.valeur));
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  const shared = await sharedDashboard();
  dirs = [await copyDataDirectory(shared, 'solidata-concurrent-a-', { atelier: true }), await copyDataDirectory(shared, 'solidata-concurrent-b-', { atelier: true })];
  const db = await openDatabase(pathsFor(dirs[1]).published);
  try {
    expect(await queryRows(db.connection, `SELECT count(*)::INTEGER AS n FROM indicateurs WHERE ${CELL}`)).toEqual([{ n: 1 }]);
    await db.connection.run(`UPDATE indicateurs SET valeur = ${MARK} WHERE ${CELL}`);
  } finally {
    db.close();
  }
  // Both at once, each forcing its dashboard to build again.
  runs = await Promise.all(dirs.map((dir) => solidataCli(['materialize', 'dashboard', '--data-dir', dir])));
}, 1_800_000);

describe('two data directories building their dashboards at once', () => {
  it('both succeed, each in its own workshop', () => {
    for (const run of runs) {
      expect(run.status, run.stdout + run.stderr).toBe(0);
      // Same code as the shared build: only the pages are prerendered again.
      expect(run.stdout + run.stderr).toMatch(/paquets des pages et composants repris/);
    }
  });

  it('each ships its own publication', async () => {
    const [a, b] = dirs.map((dir) => pathsFor(dir));
    const original = Number((await readDuckdb(a.published, `SELECT valeur FROM indicateurs WHERE ${CELL}`))[0].valeur);
    expect(original).not.toBe(MARK);
    expect(await shippedIndicators(a.dashboardDir)).toEqual([original]);
    expect(await shippedIndicators(b.dashboardDir)).toEqual([MARK]);
    // The home page (its key figure: the last complete year) was prerendered from its own directory's data.
    const page = (p: typeof a) => readFileSync(path.join(p.dashboardDir, 'index.html'), 'utf8').replace(/[\u00a0\u202f]/g, ' ');
    expect(page(b)).toContain('987 654 321');
    expect(page(a)).not.toContain('987 654 321');
  });
});
