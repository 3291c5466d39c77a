// Coverage on a hand-made département whose answers are known: opening days and hours
// (a mobile unit at its stop, on its day), closed sites, the three modes, levels and types,
// communes left out; what-if scenarios and the greedy choice of places, checked against
// exhaustive search; walking networks and INSEE grids.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { travelSettings, coverage, indicatorRows, type CoverageInput, type CoverageResult } from '../../pipelines/travel/coverage.ts';
import { readGtfs } from '../../pipelines/travel/gtfs.ts';
import { openDuring, type ServicePoint } from '../../pipelines/travel/places.ts';
import { cellCentre, communePoints, laeaToWgs84, readFilosofiGrid, wgs84ToLaea, type CommuneInfo } from '../../pipelines/travel/population.ts';
import { networkWalker, straightWalker } from '../../pipelines/travel/walking.ts';
import { bestToOpen, candidateGains, whatIf, type Candidate } from '../../pipelines/travel/whatif.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { h, writeFeed } from './helpers.ts';

const KM = 1 / 111.2;
const north = (km: number) => ({ lat: 47 + km * KM, lon: 1 });
// A: the town; B 1 km away (16 min 15 s on foot); C 5 km (6 min 30 s by road); D 40 km (52 min by road).
const communes: CommuneInfo[] = [
  { code: '41001', nom: 'Ahun', territoire: 'Nord', population: 1000, ...north(0) },
  { code: '41002', nom: 'Bâle', territoire: 'Nord', population: 500, ...north(1) },
  { code: '41003', nom: 'Cers', territoire: 'Nord', population: 300, ...north(5) },
  { code: '41004', nom: 'Dax', territoire: 'Sud', population: 200, ...north(40) },
];
const sites: ServicePoint[] = [
  { id: 'MDS', nom: 'Maison', type: 'maison_departementale', ...north(0), jours: 'lun,mar,mer,jeu,ven', horaires: '08:45-12:15' },
  { id: 'BUS-1', nom: 'Bus — arrêt de Dax', type: 'itinerant', ...north(40), jours: 'mar', horaires: '14:00-16:30' },
  { id: 'FS', nom: 'France Services', type: 'france_services', ...north(5), fermeture: '2025-01-01' },
];
const base = (over: Partial<CoverageInput> = {}): CoverageInput => ({
  points: communePoints(communes), communes, sites, date: '2025-03-04', departement: { code: '41', nom: 'Loir-et-Cher' }, ...over,
});
const cell = (r: CoverageResult, mode: string, niveau: string, code: string, type = '') =>
  r.rows.find((x) => x.mode === mode && x.niveau === niveau && x.code === code && x.type_lieu === type);

describe('coverage', () => {
  it('counts the places open on the day within the window, mode by mode, with the people and communes left out', () => {
    const r = coverage(base());
    expect(r.modes).toEqual(['marche', 'route']);
    expect(cell(r, 'marche', 'departement', '41')).toMatchObject({ population: 2000, population_couverte: 1500, population_non_couverte: 500, part: 75, seuil_minutes: 20, libelle: 'Loir-et-Cher' });
    expect(cell(r, 'route', 'departement', '41')).toMatchObject({ population_couverte: 1800, part: 90 });
    expect(cell(r, 'marche', 'territoire', 'Nord')).toMatchObject({ population: 1800, population_couverte: 1500 });
    expect(cell(r, 'marche', 'territoire', 'Sud')).toMatchObject({ population: 200, population_couverte: 0, part: 0 });
    expect(cell(r, 'marche', 'commune', '41002')).toMatchObject({ population_couverte: 500, part: 100 });
    // By type: the bus is not there on Tuesday morning; France Services is closed.
    expect(cell(r, 'marche', 'departement', '41', 'maison_departementale')?.population_couverte).toBe(1500);
    expect(cell(r, 'route', 'departement', '41', 'itinerant')?.population_couverte).toBe(0);
    expect(cell(r, 'route', 'departement', '41', 'france_services')?.population_couverte).toBe(0);
    expect(r.leftOut.filter((l) => l.type_lieu === '').map((l) => `${l.mode} ${l.code}`)).toEqual(['marche 41003', 'marche 41004', 'route 41004']);
    expect(indicatorRows(r).find((x) => x.indicateur === 'part_population_proche_a_pied' && x.niveau === 'departement' && x.modalite === '')).toEqual({
      indicateur: 'part_population_proche_a_pied', niveau: 'departement', code: '41', libelle: 'Loir-et-Cher', periode: '2025-03-04',
      dimension: '', modalite: '', valeur: 75, numerateur: 1500, denominateur: 2000, effectif: null,
    });
  });

  it('counts a mobile unit only at its stop, on its day and hours', () => {
    const afternoon = travelSettings({ fenetre: '14:00-16:00' });
    const tuesday = coverage(base({ settings: afternoon }));
    expect(cell(tuesday, 'marche', 'departement', '41')?.population_couverte).toBe(200);
    expect(cell(tuesday, 'marche', 'commune', '41004', 'itinerant')?.part).toBe(100);
    const wednesday = coverage(base({ settings: afternoon, date: '2025-03-05' }));
    expect(cell(wednesday, 'route', 'departement', '41')?.population_couverte).toBe(0);
    expect(openDuring(sites[1], '2025-03-04', h(16, 29), h(17))).toBe(true);
    expect(openDuring(sites[1], '2025-03-04', h(16, 30), h(17))).toBe(false);
    expect(openDuring(sites[2], '2024-12-31', h(8), h(10))).toBe(true);
  });

  it('adds public transport: the median journey over the window, walking included', () => {
    // From Cers to Ahun every 10 minutes, 8 minutes on board: the median wait is 4 to 5 minutes.
    const trips = Array.from({ length: 25 }, (_, k) => ({ id: `T${k}`, calls: [['C', h(7, 0) + k * 600], ['A', h(7, 8) + k * 600]] as [string, number][] }));
    const feed = readGtfs(writeFeed({ stops: [{ id: 'A', ...north(0) }, { id: 'C', ...north(5) }], trips }));
    const r = coverage(base({ feed }));
    expect(r.modes).toEqual(['marche', 'transport_commun', 'route']);
    // Ahun (on foot, 0 min) and Cers (by bus); Bâle is 16 min away on foot, beyond the 15 of this mode.
    expect(cell(r, 'transport_commun', 'departement', '41')).toMatchObject({ population_couverte: 1300, seuil_minutes: 15 });
    expect(cell(r, 'transport_commun', 'commune', '41002')?.population_couverte).toBe(0);
    expect(cell(r, 'transport_commun', 'commune', '41003')?.population_couverte).toBe(300);
  });
});

describe('what if', () => {
  it('opens, closes and moves places, and says who gains and who loses', () => {
    const opened = whatIf(base(), { ouvrir: [{ id: 'N1', ...north(5) }] });
    expect(opened.bilan.find((b) => b.mode === 'marche')).toMatchObject({ avant: 1500, apres: 1800, gagnee: 300, perdue: 0 });
    expect(opened.communes.map((c) => `${c.mode} ${c.code} ${c.avant}→${c.apres}`)).toEqual(['marche 41003 0→300']);
    const closed = whatIf(base(), { fermer: ['MDS'] });
    expect(closed.bilan.map((b) => [b.mode, b.apres, b.perdue])).toEqual([['marche', 0, 1500], ['route', 0, 1800]]);
    // Moved to Cers: Ahun and Bâle now too far on foot, Cers near; by road nothing changes.
    const moved = whatIf(base(), { deplacer: [{ site: 'MDS', ...north(5) }] });
    expect(moved.bilan.map((b) => [b.mode, b.avant, b.apres, b.gagnee, b.perdue])).toEqual([['marche', 1500, 300, 300, 1500], ['route', 1800, 1800, 0, 0]]);
    expect(cell(moved.apres, 'marche', 'departement', '41', 'maison_departementale')?.population_couverte).toBe(300);
    expect(() => whatIf(base(), { fermer: ['MDX'] })).toThrow('site(s) inconnu(s) : MDX. Les identifiants sont ceux de la colonne site_id (ex. MDS, BUS-1, FS).');
  });

  it('ranks candidate places by the people they newly cover, and opens the best ones greedily', () => {
    const candidates: Candidate[] = [{ id: 'ici', ...north(0) }, { id: 'Dax', ...north(40) }, { id: 'Cers', ...north(5) }];
    expect(candidateGains(base(), candidates, { mode: 'marche' }).map((g) => [g.candidat.id, g.gain, g.communes])).toEqual([['Cers', 300, 1], ['Dax', 200, 1], ['ici', 0, 0]]);
    const steps = bestToOpen(base(), candidates, 3, { mode: 'marche' });
    expect(steps.map((s) => [s.rang, s.candidat.id, s.gain, s.couverte, s.part])).toEqual([[1, 'Cers', 300, 1800, 90], [2, 'Dax', 200, 2000, 100]]);
  });

  it('greedy choice: the best single place, gains that never grow, within 1 − 1/e of the best pair, and what a scenario confirms', () => {
    const place = fc.record({ lat: fc.double({ min: 47, max: 47.05, noNaN: true }), lon: fc.double({ min: 1, max: 1.07, noNaN: true }) });
    fc.assert(fc.property(
      fc.array(fc.record({ p: place, population: fc.integer({ min: 0, max: 500 }) }), { minLength: 1, maxLength: 12 }),
      fc.array(place, { minLength: 1, maxLength: 6 }),
      fc.array(place, { minLength: 1, maxLength: 7 }),
      (people, open, spots) => {
        const cs: CommuneInfo[] = people.map((x, i) => ({ code: `41${String(i).padStart(3, '0')}`, nom: `C${i}`, population: x.population, ...x.p }));
        const input: CoverageInput = {
          points: communePoints(cs), communes: cs, date: '2025-03-04',
          sites: open.map((p, i) => ({ id: `S${i}`, nom: `S${i}`, type: 'antenne', ...p })),
        };
        const candidates = spots.map((p, i) => ({ id: `K${i}`, ...p }));
        const gains = candidateGains(input, candidates, { mode: 'marche' });
        const steps = bestToOpen(input, candidates, 3, { mode: 'marche' });
        if (steps.length > 0) expect(steps[0].gain).toBe(gains[0].gain);
        else expect(gains[0].gain).toBe(0);
        for (let k = 1; k < steps.length; k++) expect(steps[k].gain).toBeLessThanOrEqual(steps[k - 1].gain);
        const chosen = steps.map((s) => s.candidat);
        const after = whatIf(input, { ouvrir: chosen }).bilan.find((b) => b.mode === 'marche')!;
        expect(after.apres).toBe(steps.at(-1)?.couverte ?? after.avant);
        // The best pair, by exhaustive search.
        const covered = (extra: Candidate[]) => whatIf(input, { ouvrir: extra }).bilan.find((b) => b.mode === 'marche')!.apres;
        let best = covered([]);
        for (let a = 0; a < candidates.length; a++) for (let b = a; b < candidates.length; b++) best = Math.max(best, covered([candidates[a], candidates[b]]));
        const greedyTwo = steps.length >= 2 ? steps[1].couverte : steps[0]?.couverte ?? after.avant;
        const before = after.avant;
        expect(greedyTwo - before).toBeGreaterThanOrEqual((1 - 1 / Math.E) * (best - before) - 1e-9);
      },
    ), { numRuns: 60 });
  });
});

describe('walking and population points', () => {
  it('walks along a network when one is given: around a block, not through it', () => {
    const P = north(0);
    const Q = north(1);
    const eastKm = 1 / (111.2 * Math.cos((47 * Math.PI) / 180));
    const file = path.join(tempDir(), 'pietons.geojson');
    const line = (coords: { lat: number; lon: number }[]) => ({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: coords.map((c) => [c.lon, c.lat]) } });
    writeFileSync(file, JSON.stringify({
      type: 'FeatureCollection',
      features: [
        line([P, { lat: P.lat, lon: 1 + eastKm }]),
        line([{ lat: P.lat, lon: 1 + eastKm }, { lat: Q.lat, lon: 1 + eastKm }, Q]),
        // An island: reachable from nowhere else.
        line([north(10), north(11)]),
      ],
    }));
    const walker = networkWalker(file);
    // 3 km of path at 4.8 km/h (no detour factor: the path is the way), against 975 s in a straight line × 1.3.
    expect(walker.seconds(P, Q)).toBeCloseTo(2250, -1);
    expect(straightWalker().seconds(P, Q)).toBe(975);
    expect(walker.seconds(P, north(10.5))).toBe(Infinity);
    const table = walker.within([P, Q], [Q, north(10)], 3000);
    expect(Array.from(table.start)).toEqual([0, 1, 2]);
    expect(table.seconds[0]).toBe(walker.seconds(P, Q));
    expect(() => networkWalker(path.join(tempDir(), 'absent.geojson'))).toThrow('n’est pas un GeoJSON lisible');
  });

  it('reads INSEE’s 200 m grid: LAEA coordinates from the cell id, the commune from lcog_geo or the nearest centre', () => {
    // IOGP Guidance Note 7-2's example for EPSG:3035.
    const p = laeaToWgs84(3962799.45, 2999718.85);
    expect(p.lat).toBeCloseTo(50, 7);
    expect(p.lon).toBeCloseTo(5, 7);
    const back = wgs84ToLaea({ lat: 50, lon: 5 });
    expect(back.easting).toBeCloseTo(3962799.45, 1);
    expect(back.northing).toBeCloseTo(2999718.85, 1);
    const centre = cellCentre('CRS3035RES200mN2999600E3962700')!;
    expect(wgs84ToLaea(centre).easting).toBeCloseTo(3962800, 3);
    expect(cellCentre('carreau 12')).toBeUndefined();

    const town: CommuneInfo[] = [{ code: '41018', nom: 'Blois', population: 40, lat: 50, lon: 5 }];
    const file = path.join(tempDir(), 'carreaux.csv');
    writeFileSync(file, 'Idcar_200m;Ind;lcog_geo\nCRS3035RES200mN2999600E3962600;12,5;41018\nCRS3035RES200mN2999600E3962800;0;41018\nCRS3035RES200mN2999800E3962600;7;75056\n');
    const cells = readFilosofiGrid(file, town);
    expect(cells).toHaveLength(1);
    expect(cells[0]).toMatchObject({ id: 'CRS3035RES200mN2999600E3962600', commune: '41018', population: 12.5 });
    const far = path.join(tempDir(), 'carreaux.csv');
    writeFileSync(far, 'idcar_200m,ind\nCRS3035RES200mN2999600E3962600,3\nCRS3035RES200mN3099600E3962600,9\n');
    expect(readFilosofiGrid(far, town).map((c) => [c.commune, c.population])).toEqual([['41018', 3]]);
    writeFileSync(far, 'idcar_200m,ind\nCRS3035RES200mN2999600E3962600,beaucoup\n');
    expect(() => readFilosofiGrid(far, town)).toThrow('ligne 2, colonne ind : « beaucoup » n’est pas une population');
  });
});
