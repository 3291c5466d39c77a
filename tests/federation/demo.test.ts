// The demo: three départements (41, 92, 38) generated, run, exported, then federated, each
// step by the command a user types. Slow (one small run per département, about a minute each).
import path from 'node:path';
import { Package } from 'datapackage';
import { beforeAll, describe, expect, it } from 'vitest';
import { pathsFor } from '../../pipelines/config.ts';
import { federationPaths } from '../../pipelines/federation/folders.ts';
import { openDatabase, queryRows, sqlString } from '../../pipelines/warehouse/duckdb.ts';
import { solidataCli, tempDir } from '../helpers/fixtures.ts';
import { subtractPublished } from './attacker.ts';

const CODES = ['41', '92', '38'];
// Each step by the command a user types; a failure says its output.
async function solidata(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  const { status, stdout, stderr } = await solidataCli(args);
  if (status !== 0) throw new Error(`solidata ${args.join(' ')} : code ${status}\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`);
  return { stdout, stderr };
}

const federationDir = tempDir('solidata-federation-demo-');
const fp = federationPaths(pathsFor(federationDir));
const departementDirs: Record<string, string> = {};
let federated: { stdout: string; stderr: string };

beforeAll(async () => {
  // The three départements side by side, as three observatories would: each its own data directory,
  // embedded Postgres and warehouse (their waits overlap).
  await Promise.all(CODES.map(async (code) => {
    const dir = tempDir(`solidata-demo-${code}-`);
    departementDirs[code] = dir;
    await solidata('demo', '--departement', code, '--scale', '0.05', '--data-dir', dir);
    await solidata('run', '--sans-tableau', '--data-dir', dir);
    await solidata('opendata', '--data-dir', dir, '--sortie', path.join(fp.inbox, `paquet-${code}`));
  }));
  federated = await solidata('federation', '--sans-tableau', '--data-dir', federationDir);
}, 900_000);

describe('three demo départements, exported and federated', () => {
  it('each package validates with Frictionless, rows included', async () => {
    for (const code of CODES) {
      const pkg = await Package.load(path.join(fp.accepted, code, 'datapackage.json'));
      expect(pkg.errors.map(String), code).toEqual([]);
      for (const r of pkg.resources.filter((x) => x.tabular)) expect((await r.read({ keyed: true })).length, `${code} ${r.name}`).toBeGreaterThan(0);
    }
  }, 300_000);

  it('shows the three side by side, with each one’s data date', async () => {
    expect(federated.stdout).toMatch(/départements 38, 41, 92 \(3 paquet\(s\) accepté\(s\), 0 refusé\(s\)/);
    const db = await openDatabase(fp.published, { readOnly: true });
    try {
      const paquets = await queryRows<{ departement: string; nom: string; date_donnees_max: string; latitude: number; longitude: number }>(db.connection,
        'SELECT departement, nom, strftime(date_donnees_max, \'%Y-%m-%d\') AS date_donnees_max, latitude, longitude FROM paquets ORDER BY 1');
      expect(paquets.map((p) => `${p.departement} ${p.nom}`)).toEqual(['38 Isère', '41 Loir-et-Cher', '92 Hauts-de-Seine']);
      // Each one's centre of population, for a map: within half a degree of the middle of Isère, of
      // Loir-et-Cher (near Blois), of Hauts-de-Seine (west of Paris).
      const expected = [[45.3, 5.5], [47.6, 1.4], [48.85, 2.25]];
      paquets.forEach((p, i) => {
        expect(Math.abs(p.latitude - expected[i][0]), p.departement).toBeLessThan(0.5);
        expect(Math.abs(p.longitude - expected[i][1]), p.departement).toBeLessThan(0.5);
      });
      for (const p of paquets) expect(p.date_donnees_max).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const side = await queryRows<{ n: number; d: number }>(db.connection, `
        SELECT count(*)::INTEGER AS n, count(DISTINCT departement)::INTEGER AS d FROM indicateurs_departements
        WHERE indicateur = 'demandes_recues' AND dimension = '' AND periode = (SELECT max(periode) FROM indicateurs_departements WHERE indicateur = 'demandes_recues' AND length(periode) = 4)`);
      expect(side).toEqual([{ n: 3, d: 3 }]);
      // Real départements differ: a ranking from 1 to 3.
      const ranks = await queryRows<{ r: string }>(db.connection, `SELECT string_agg(rang::VARCHAR, ',' ORDER BY rang) AS r FROM indicateurs_departements
        WHERE indicateur = 'demandes_recues' AND dimension = '' AND periode = (SELECT max(periode) FROM indicateurs_departements WHERE indicateur = 'demandes_recues' AND length(periode) = 4)`);
      expect(ranks[0].r).toBe('1,2,3');
    } finally {
      db.close();
    }
  });

  it('recovers no masked cell of any département by subtraction from the regional totals', async () => {
    const attack = await subtractPublished(fp.published);
    expect(attack.leaks).toEqual([]);
    expect(attack.totals).toBeGreaterThan(100);
    // The masked cells are real: each département's warehouse holds their true count, never zero.
    const db = await openDatabase(fp.published, { readOnly: true });
    try {
      for (const code of CODES) {
        await db.connection.run(`ATTACH ${sqlString(pathsFor(departementDirs[code]).warehouse)} AS w${code} (READ_ONLY)`);
      }
      const masked = await queryRows<{ departement: string; effectif: number | null }>(db.connection, CODES.map((code) => `
        SELECT d.departement, i.effectif::DOUBLE AS effectif FROM indicateurs_departements AS d
        JOIN w${code}.marts.indicateurs AS i ON i.indicateur = d.indicateur AND i.niveau = 'departement' AND i.code = d.departement
          AND i.periode = d.periode AND i.dimension = d.dimension AND i.modalite = d.modalite
        WHERE d.departement = '${code}' AND d.secret`).join(' UNION ALL '));
      expect(masked.every((m) => m.effectif === null || m.effectif > 0)).toBe(true);
      // How many totals leave a masked département out, for the reader of the test log.
      console.log(`Totaux régionaux : ${attack.totals} valeurs, dont ${attack.maskedCells} sans un département masqué ; cases masquées : ${masked.length}.`);
    } finally {
      db.close();
    }
  });
});
