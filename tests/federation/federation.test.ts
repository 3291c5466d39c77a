// solidata federation: packages of several départements, each checked whole (a bad one refused with
// its reason), published side by side, and regional totals from which no masked cell comes back by
// subtraction. The packages are copies of one real demo package with other codes, counts and masks
// (tests/helpers/package_copies.ts); a real embedded Postgres runs the jobs, in worker processes.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathsFor, projectRoot } from '../../pipelines/config.ts';
import { loadGraph } from '../../pipelines/assets/graph.ts';
import { federationPaths } from '../../pipelines/federation/folders.ts';
import { FEDERATION_TABLES, publishFederation } from '../../pipelines/federation/publish.ts';
import { writePackage } from '../../pipelines/opendata/package.ts';
import { sha256File } from '../../pipelines/publish/editions.ts';
import { ofRun, type Materialisation } from '../../pipelines/runner/history.ts';
import { startPostgres } from '../../pipelines/runner/postgres.ts';
import { federateThroughQueue, prepareDatabase } from '../../pipelines/runner/worker.ts';
import { openDatabase, queryRows, sqlString } from '../../pipelines/warehouse/duckdb.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { copyPackageAs } from '../helpers/package_copies.ts';
import { subtractPublished } from './attacker.ts';
import { demoPublication } from '../helpers/demo-publication.ts';

const MASK = "indicateur = 'demandes_recues' AND dimension = 'motif' AND modalite = 'logement'";
// Asynchronous, so that vitest's worker keeps answering while the command runs.
function solidata(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'solidata.js'), ...args], { cwd: projectRoot, env: { ...process.env, DATABASE_URL: '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (status) => resolve({ status, stdout, stderr })));
}

let original: string;
let unmasked38: string;

beforeAll(async () => {
  const dir = tempDir('solidata-federation-src-');
  copyFileSync(path.join(await demoPublication(), 'published.duckdb'), path.join(dir, 'published.duckdb'));
  original = path.join(dir, 'paquet-41');
  await writePackage({ database: path.join(dir, 'published.duckdb'), output: original, edition: null, secretThreshold: 11 });
  // What département 38 would have published without its mask: what an attacker must not recover.
  unmasked38 = path.join(dir, 'paquet-38-sans-secret');
  await copyPackageAs(original, unmasked38, '38', 'Isère', { scale: 2 });
}, 600_000);

async function depositThree(inbox: string): Promise<void> {
  mkdirSync(inbox, { recursive: true });
  await copyPackageAs(original, path.join(inbox, 'loir-et-cher'), '41', 'Loir-et-Cher');
  await copyPackageAs(original, path.join(inbox, 'hauts-de-seine'), '92', 'Hauts-de-Seine', { scale: 3 });
  await copyPackageAs(original, path.join(inbox, 'isere'), '38', 'Isère', { scale: 2, maskWhere: MASK });
}

async function federation<T>(file: string, sql: string): Promise<T[]> {
  const db = await openDatabase(file, { readOnly: file !== ':memory:' });
  try {
    return await queryRows<T>(db.connection, sql);
  } finally {
    db.close();
  }
}

describe('solidata federation', () => {
  const dataDir = tempDir('solidata-federation-');
  const fp = federationPaths(pathsFor(dataDir));
  let run: Awaited<ReturnType<typeof solidata>>;

  beforeAll(async () => {
    await depositThree(fp.inbox);
    // Bad packages: a file changed after export, another schema version, a code that is not the data's.
    await copyPackageAs(original, path.join(fp.inbox, 'modifie'), '01', 'Ain');
    appendFileSync(path.join(fp.inbox, 'modifie', 'csv', 'sites.csv'), '\n');
    await copyPackageAs(original, path.join(fp.inbox, 'version'), '02', 'Aisne');
    const v = path.join(fp.inbox, 'version', 'datapackage.json');
    writeFileSync(v, readFileSync(v, 'utf8').replace('"schema_version": "1.0.0"', '"schema_version": "2.0.0"'));
    await copyPackageAs(original, path.join(fp.inbox, 'faux-code'), '41', 'Loir-et-Cher');
    const f = path.join(fp.inbox, 'faux-code', 'datapackage.json');
    writeFileSync(f, readFileSync(f, 'utf8').replaceAll('"code": "41"', '"code": "45"'));
    // A package whose masked cells still carry their values must not travel further.
    await copyPackageAs(original, path.join(fp.inbox, 'fuite'), '03', 'Allier', { maskWhere: MASK, keepMaskedValues: true });
    run = await solidata('federation', '--data-dir', dataDir);
  }, 240_000);

  it('refuses each bad package whole, says which file and what to do, and keeps it aside with the reason', () => {
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/modifie : Paquet refusé .*\n\s+- csv\/sites\.csv : empreinte SHA-256 .* modifié ou abîmé .* renvoyer le paquet/);
    expect(run.stderr).toMatch(/version : [^\n]*\n\s+- datapackage\.json : version de schéma "2\.0\.0", attendue 1\.x .* refaire/);
    expect(run.stderr).toMatch(/faux-code : [^\n]*\n\s+- parquet\/communes\.parquet : les communes sont du département 41, alors que datapackage\.json annonce le 45/);
    expect(run.stderr).toMatch(/fuite : [^\n]*\n\s+- parquet\/indicateurs\.parquet : \d+ case\(s\) marquée\(s\) secrètes portent une valeur .* ne doit pas circuler/);
    const refused = readdirSync(fp.refused).sort();
    expect(refused.map((r) => r.replace(/-\d{4}-.*$/, ''))).toEqual(['faux-code', 'fuite', 'modifie', 'version']);
    for (const r of refused) expect(readFileSync(path.join(fp.refused, r, 'REFUS.txt'), 'utf8')).toMatch(/refusé en entier : rien n’en a été chargé/);
    expect(readdirSync(fp.inbox)).toEqual([]);
    expect(run.stdout).toMatch(/Fédération publiée .* départements 38, 41, 92 \(3 paquet\(s\) accepté\(s\), 4 refusé\(s\)/);
  });

  it('publishes the départements side by side, with their provenance, data dates and ranks', async () => {
    const paquets = await federation<{ departement: string; sha256: string; date_donnees_max: string; edition: string | null }>(fp.published,
      'SELECT departement, sha256, strftime(date_donnees_max, \'%Y-%m-%d\') AS date_donnees_max, edition FROM paquets ORDER BY 1');
    expect(paquets.map((p) => p.departement)).toEqual(['38', '41', '92']);
    for (const p of paquets) expect(p.sha256).toBe(await sha256File(path.join(fp.accepted, p.departement, 'datapackage.json')));
    // Each département's cells are the ones of its own package, cell for cell.
    for (const code of ['38', '41', '92']) {
      const [d] = await federation<{ missing: number; extra: number }>(fp.published, `
        WITH own AS (SELECT indicateur, periode, dimension, modalite, valeur, effectif, secret FROM read_parquet(${sqlString(path.join(fp.accepted, code, 'parquet', 'indicateurs.parquet'))})
                     WHERE niveau = 'departement' AND code = ${sqlString(code)}),
             fed AS (SELECT indicateur, periode, dimension, modalite, valeur, effectif, secret FROM indicateurs_departements WHERE departement = ${sqlString(code)})
        SELECT (SELECT count(*) FROM (SELECT * FROM own EXCEPT ALL SELECT * FROM fed))::INTEGER AS missing,
               (SELECT count(*) FROM (SELECT * FROM fed EXCEPT ALL SELECT * FROM own))::INTEGER AS extra`);
      expect(d, code).toEqual({ missing: 0, extra: 0 });
    }
    const side = await federation<{ departement: string; effectif: number; rang: number; departements_classes: number; date_donnees_departement: string }>(fp.published, `
      SELECT departement, effectif::INTEGER AS effectif, rang, departements_classes, strftime(date_donnees_departement, '%Y-%m-%d') AS date_donnees_departement
      FROM indicateurs_departements WHERE indicateur = 'demandes_recues' AND dimension = '' AND periode = '2025' ORDER BY departement`);
    expect(side.map((s) => s.departement)).toEqual(['38', '41', '92']);
    // Counts scaled by 2, 1 and 3: 92 first, 41 last.
    expect(side.map((s) => s.rang)).toEqual([2, 3, 1]);
    expect(side[0].effectif).toBe(2 * side[1].effectif);
    expect(side.every((s) => s.departements_classes === 3 && s.date_donnees_departement === paquets[0].date_donnees_max)).toBe(true);
  });

  it('never lets the attacker’s subtraction bring back a masked cell from a regional total', async () => {
    type Row = { indicateur: string; periode: string; dimension: string; modalite: string; departement: string; effectif: number | null; numerateur: number | null; denominateur: number | null; secret: boolean };
    const cells = await federation<Row>(fp.published, 'SELECT indicateur, periode, dimension, modalite, departement, effectif::DOUBLE AS effectif, numerateur, denominateur, secret FROM indicateurs_departements');
    const totals = await federation<Row & { departements_masques: string | null; complet: boolean; precaution: string | null }>(fp.published,
      'SELECT indicateur, periode, dimension, modalite, effectif::DOUBLE AS effectif, numerateur, denominateur, secret, departements_masques, complet, precaution FROM totaux_regionaux');
    const key = (r: Pick<Row, 'indicateur' | 'periode' | 'dimension' | 'modalite'>) => [r.indicateur, r.periode, r.dimension, r.modalite].join('|');
    const byCell = new Map<string, Row[]>();
    for (const c of cells) byCell.set(key(c), [...(byCell.get(key(c)) ?? []), c]);
    // The true values of 38's masked cells, from its package before the mask.
    const truth = new Map((await federation<{ k: string; effectif: number }>(':memory:', `
      SELECT concat_ws('|', indicateur, periode, dimension, modalite) AS k, effectif::DOUBLE AS effectif
      FROM read_parquet(${sqlString(path.join(unmasked38, 'parquet', 'indicateurs.parquet'))})
      WHERE niveau = 'departement' AND code = '38' AND ${MASK}`)).map((r) => [r.k, r.effectif]));
    let attacked = 0;
    for (const t of totals) {
      const departments = byCell.get(key(t)) ?? [];
      const masked = departments.filter((d) => d.secret);
      expect(t.departements_masques ?? null, key(t)).toBe(masked.length ? masked.map((d) => d.departement).sort().join(',') : null);
      expect(t.complet).toBe(masked.length === 0);
      for (const column of ['effectif', 'numerateur', 'denominateur'] as const) {
        if (t[column] === null) continue;
        // The attacker subtracts every published cell from the total: what is left is what was not published.
        const left = t[column]! - departments.filter((d) => !d.secret).reduce((s, d) => s + (d[column] ?? 0), 0);
        expect(Math.abs(left), `${key(t)} ${column}`).toBeLessThan(1e-6);
        for (const m of masked) {
          if (column !== 'effectif') continue;
          const secret = truth.get(key(t));
          expect(secret, key(t)).toBeGreaterThan(0);
          // Nothing left to attribute to the masked département: its cell is not recovered.
          expect(left).not.toBe(secret);
          expect(t.precaution).toContain(`Total sans ${m.departement}`);
          attacked++;
        }
      }
    }
    expect(attacked).toBeGreaterThan(10);
    expect(truth.size).toBe(attacked);
    // The same subtraction over every column of every total, as tests/federation/demo.test.ts does.
    const attack = await subtractPublished(fp.published);
    expect(attack.leaks).toEqual([]);
    expect(attack.maskedCells).toBeGreaterThan(10);
  });
});

describe('a federation with no package yet', () => {
  it('publishes the same tables, empty, so that the dashboard’s queries still run', async () => {
    const fp = federationPaths(pathsFor(tempDir('solidata-federation-empty-')));
    expect(await publishFederation(fp)).toEqual({ departements: [], cases: 0, totaux: 0 });
    const tables = await federation<{ t: string; n: number }>(fp.published, 'SELECT table_name AS t, estimated_size::INTEGER AS n FROM duckdb_tables() ORDER BY 1');
    expect(tables).toEqual(FEDERATION_TABLES.map((t) => ({ t, n: 0 })).sort((a, b) => a.t.localeCompare(b.t)));
  });
});

describe('federation jobs taken by worker processes sharing the Postgres', () => {
  const dataDir = tempDir('solidata-federation-workers-');
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((c) => c.kill('SIGKILL')));

  function startWorker(): Promise<{ child: ChildProcess; output: () => string }> {
    const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'solidata.js'), 'worker', '--data-dir', dataDir], {
      cwd: projectRoot, env: { ...process.env, DATABASE_URL: '' },
    });
    children.push(child);
    let output = '';
    return new Promise((resolve, reject) => {
      child.stdout!.on('data', (d) => {
        output += d;
        if (output.includes('Travailleur prêt')) resolve({ child, output: () => output });
      });
      child.stderr!.on('data', (d) => (output += d));
      child.on('exit', (code) => reject(new Error(`solidata worker s’est arrêté (code ${code}) :\n${output}`)));
    });
  }

  it('takes one job per package, each once, and publishes them all', async () => {
    const paths = pathsFor(dataDir);
    const fp = federationPaths(paths);
    await depositThree(fp.inbox);
    const postgres = await startPostgres(undefined, paths.postgresDir);
    const pool = await prepareDatabase(postgres.connectionString);
    try {
      const workers = [await startWorker(), await startWorker()];
      const dirs = readdirSync(fp.inbox).map((d) => path.join(fp.inbox, d));
      const { runId } = await federateThroughQueue({ pool, paths, settings: { dataDir, secretThreshold: 11 }, graph: loadGraph() }, dirs, false);
      let rows: Materialisation[] = [];
      const done = () => rows.filter((r) => r.asset.startsWith('federation:') && r.status !== 'running').length === 3
        && rows.some((r) => r.asset === 'federation' && r.status === 'success' && r.partitions.length === 3);
      for (let i = 0; i < 900 && !done(); i++) {
        await new Promise((r) => setTimeout(r, 200));
        rows = await ofRun(pool, runId);
      }
      expect(rows.filter((r) => r.asset.startsWith('federation:')).map((r) => `${r.asset} ${r.status}`).sort())
        .toEqual(['federation:hauts-de-seine success', 'federation:isere success', 'federation:loir-et-cher success']);
      // Each package taken by exactly one of the workers.
      const said = workers.flatMap((w) => w.output().match(/Paquet du département .* accepté/g) ?? []);
      expect(said.sort()).toEqual(['Paquet du département Hauts-de-Seine (92) accepté', 'Paquet du département Isère (38) accepté', 'Paquet du département Loir-et-Cher (41) accepté']);
      expect(existsSync(fp.published)).toBe(true);
      expect((await federation<{ d: string }>(fp.published, 'SELECT departement AS d FROM paquets ORDER BY 1')).map((r) => r.d)).toEqual(['38', '41', '92']);
      const exits = workers.map((w) => new Promise((resolve) => w.child.once('exit', resolve)));
      workers.forEach((w) => w.child.kill('SIGINT'));
      expect(await Promise.all(exits)).toEqual([0, 0]);
    } finally {
      await pool.end();
      await postgres.stop();
    }
  }, 240_000);
});
