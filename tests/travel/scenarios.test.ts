// The what-if precomputed for the proximité page (marts.scenarios_proximite): on a hand-made
// département whose answers are known, closing each open site, opening at the centre of each
// commune without one, and the best places in order; then, through the runner up to the
// publication (no dashboard build), the published table, with public transport from a feed.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadGraph } from '../../pipelines/assets/graph.ts';
import { proximityScenarios, type ScenarioRow } from '../../pipelines/assets/travel_scenarios.ts';
import { withRuntime } from '../../pipelines/cli/runtime.ts';
import { pathsFor, type Settings } from '../../pipelines/config.ts';
import { dayOf } from '../../pipelines/demo/calendar.ts';
import { loadDepartement } from '../../pipelines/demo/departement.ts';
import { buildSites } from '../../pipelines/demo/sites.ts';
import { runStaleOnce } from '../../pipelines/runner/worker.ts';
import type { CoverageInput } from '../../pipelines/travel/coverage.ts';
import { writeDemoFeed } from '../../pipelines/travel/demo_feed.ts';
import type { ServicePoint } from '../../pipelines/travel/places.ts';
import { communePoints, type CommuneInfo } from '../../pipelines/travel/population.ts';
import { openDatabase, queryRows } from '../../pipelines/warehouse/duckdb.ts';
import { demoRequests, demoSites, tempDir, writeDelivery } from '../helpers/fixtures.ts';

const KM = 1 / 111.2;
const north = (km: number) => ({ lat: 47 + km * KM, lon: 1 });
// On foot, 20 minutes reach 1.23 km (4.8 km/h, detour 1.3); by road, 30 minutes reach 23 km.
// A and C have a site; B, between them, is reached from both; D and E, 500 m apart, from
// neither; F is 20 km away, where a site closed in January.
const communes: CommuneInfo[] = [
  { code: '41001', nom: 'Ahun', population: 1000, ...north(0) },
  { code: '41002', nom: 'Bâle', population: 500, ...north(1) },
  { code: '41003', nom: 'Cers', population: 300, ...north(2) },
  { code: '41004', nom: 'Dax', population: 200, ...north(10) },
  { code: '41005', nom: 'Eus', population: 50, ...north(10.5) },
  { code: '41006', nom: 'Fos', population: 400, ...north(20) },
];
const sites: ServicePoint[] = [
  { id: 'MDS-AHUN', nom: 'Maison d’Ahun', type: 'maison_departementale', commune: '41001', ...north(0) },
  { id: 'FS-CERS', nom: 'France Services de Cers', type: 'france_services', commune: '41003', ...north(2) },
  { id: 'ANT-FOS', nom: 'Antenne de Fos', type: 'antenne', commune: '41006', ...north(20), fermeture: '2025-01-01' },
];
const input: CoverageInput = { points: communePoints(communes), communes, sites, date: '2025-03-04', departement: { code: '41', nom: 'Loir-et-Cher' } };
const pick = (rows: ScenarioRow[], scenario: string, mode = 'marche') =>
  rows.filter((r) => r.scenario === scenario && r.mode === mode).map((r) => [r.rang, r.lieu_id, r.population_gagnee_ou_perdue, r.communes_touchees, r.population_couverte_apres]);

describe('the precomputed what-if', () => {
  const rows = proximityScenarios(input);

  it('closes each site open on the day, alone: the people only it reaches, most first', () => {
    // Bâle keeps Cers's site when Ahun's closes; the closed antenna of Fos is no scenario.
    expect(pick(rows, 'fermeture')).toEqual([[1, 'MDS-AHUN', 1000, 1, 800], [2, 'FS-CERS', 300, 1, 1500]]);
    expect(rows.find((r) => r.scenario === 'fermeture' && r.lieu_id === 'MDS-AHUN')).toMatchObject({
      mode: 'marche', seuil_minutes: 20, lieu_nom: 'Maison d’Ahun', type_lieu: 'maison_departementale', code_commune: '41001', commune: 'Ahun',
      population_couverte_avant: 1800, part_avant: (100 * 1800) / 2450, part_apres: (100 * 800) / 2450, jour: '2025-03-04', fenetre: '08:00-10:00',
    });
    // By road, everyone reaches both sites: no closure uncovers anyone.
    expect(pick(rows, 'fermeture', 'route')).toEqual([[1, 'FS-CERS', 0, 0, 2450], [2, 'MDS-AHUN', 0, 0, 2450]]);
  });

  it('opens at the centre of each commune without an open site: the best first, none that adds nobody', () => {
    // Bâle is already covered; Dax and Eus cover each other (a tie, kept in code order); Fos was left alone.
    expect(pick(rows, 'ouverture')).toEqual([[1, 'COMMUNE-41006', 400, 1, 2200], [2, 'COMMUNE-41004', 250, 2, 2050], [3, 'COMMUNE-41005', 250, 2, 2050]]);
    expect(rows.find((r) => r.scenario === 'ouverture' && r.rang === 1)).toMatchObject({ lieu_nom: 'Fos', commune: 'Fos', type_lieu: null, latitude: north(20).lat, longitude: 1 });
    expect(proximityScenarios(input, { ouvertures: 1 }).filter((r) => r.scenario === 'ouverture' && r.mode === 'marche')).toHaveLength(1);
    expect(pick(rows, 'ouverture', 'route')).toEqual([]);
  });

  it('chooses the best places one after the other, and stops when the next adds nobody', () => {
    // After Fos, Dax covers Eus too: Eus would add no one.
    expect(pick(rows, 'meilleurs')).toEqual([[1, 'COMMUNE-41006', 400, 1, 2200], [2, 'COMMUNE-41004', 250, 2, 2450]]);
    expect(rows.find((r) => r.scenario === 'meilleurs' && r.rang === 2)?.part_apres).toBe(100);
    expect(proximityScenarios(input, { meilleurs: 1 }).filter((r) => r.scenario === 'meilleurs')).toHaveLength(1);
  });

  it('has nothing to say without communes nor sites', () => {
    expect(proximityScenarios({ points: [], communes: [], sites: [], date: '2025-03-04' })).toEqual([]);
  });
});

describe('the published scenarios after a run up to the publication', () => {
  const settings: Settings = { dataDir: tempDir(), secretThreshold: 11 };
  const paths = pathsFor(settings.dataDir);
  const graph = loadGraph();
  const upToPublication = [...graph.upstream('publication'), 'publication'];
  const run = () => withRuntime(settings, (env) => runStaleOnce(env, { only: upToPublication }));
  const published = async () => {
    const db = await openDatabase(paths.published, { readOnly: true });
    try {
      return await queryRows<Record<string, unknown>>(db.connection, 'SELECT * FROM scenarios_proximite');
    } finally {
      db.close();
    }
  };

  beforeAll(() => {
    mkdirSync(paths.inbox, { recursive: true });
    for (const f of [demoRequests, demoSites]) copyFileSync(f, path.join(paths.inbox, path.basename(f)));
    // The real communes of Loir-et-Cher (the shipped demo has sites and requests only), the six sites of the shipped demo.
    const dep = loadDepartement('41', 41);
    writeDelivery(paths.inbox, 'territoires_cd41_2025.csv', ['code_commune;territoire', ...dep.communes.map((c) => `${c.code};${dep.territoires[c.territoire].nom}`)]);
    writeDemoFeed(path.join(paths.dataDir, 'gtfs'), { communes: dep.communes, sites: buildSites(dep, 41, { first: dayOf(2024, 1, 1), last: dayOf(2025, 12, 31) }), seed: 41 });
  });

  it('publishes every scenario for the three modes, with the feed', async () => {
    const results = await run();
    expect(results.every((r) => r.status === 'success')).toBe(true);
    expect(results.map((r) => r.asset)).toContain('marts.scenarios_proximite');
    const rows = await published();
    const kinds = new Set(rows.map((r) => `${r.scenario} ${r.mode}`));
    for (const k of ['fermeture marche', 'fermeture transport_commun', 'fermeture route', 'ouverture marche', 'ouverture transport_commun', 'meilleurs marche', 'meilleurs transport_commun']) expect(kinds).toContain(k);
    const best = rows.filter((r) => r.scenario === 'meilleurs' && r.mode === 'marche').sort((a, b) => Number(a.rang) - Number(b.rang));
    expect(best.map((r) => Number(r.rang))).toEqual([1, 2, 3, 4, 5]);
    // Each step covers more people, and the first is the best single opening.
    for (let i = 1; i < best.length; i++) expect(Number(best[i].population_couverte_apres)).toBeGreaterThan(Number(best[i - 1].population_couverte_apres));
    const first = rows.find((r) => r.scenario === 'ouverture' && r.mode === 'marche' && Number(r.rang) === 1)!;
    expect(best[0].lieu_id).toBe(first.lieu_id);
    expect(Object.keys(rows[0])).toEqual(['scenario', 'mode', 'seuil_minutes', 'rang', 'lieu_id', 'lieu_nom', 'type_lieu', 'code_commune', 'commune', 'latitude', 'longitude',
      'population_gagnee_ou_perdue', 'communes_touchees', 'population_couverte_avant', 'population_couverte_apres', 'part_avant', 'part_apres', 'jour', 'fenetre']);
  });

  it('is computed again when the feed goes, and only then', async () => {
    expect(await run()).toEqual([]);
    rmSync(path.join(paths.dataDir, 'gtfs'), { recursive: true });
    const again = (await run()).map((r) => r.asset);
    expect(again).toEqual(expect.arrayContaining(['marts.accessibilite', 'marts.scenarios_proximite', 'publication']));
    expect((await published()).some((r) => r.mode === 'transport_commun')).toBe(false);
  });
});
