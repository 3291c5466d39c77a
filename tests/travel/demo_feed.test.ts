// The demo département's generated GTFS feed: deterministic, readable by our own reader, with
// what the hand-made tests check (a holiday on the Saturday timetable, a run past midnight, a
// stop served on Saturdays only, frequencies); and the command line on it.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { travelCommand } from '../../pipelines/cli/travel.ts';
import { travelHelp } from '../../pipelines/cli/help.ts';
import { UsageError } from '../../pipelines/cli/options.ts';
import { dayOf } from '../../pipelines/demo/calendar.ts';
import { loadDepartement } from '../../pipelines/demo/departement.ts';
import { buildSites } from '../../pipelines/demo/sites.ts';
import { writeDemoFeed } from '../../pipelines/travel/demo_feed.ts';
import { readGtfs } from '../../pipelines/travel/gtfs.ts';
import { activeServices, buildTimetable, typicalDay } from '../../pipelines/travel/timetable.ts';
import { demoSites, tempDir } from '../helpers/fixtures.ts';

const dep = loadDepartement('41', 41);
const sites = buildSites(dep, 41, { first: dayOf(2024, 1, 1), last: dayOf(2025, 12, 31) });

describe('the demo feed', () => {
  it('is the same, byte for byte, for the same seed, and plausible', () => {
    const a = tempDir();
    const b = tempDir();
    const zip = path.join(a, 'gtfs.zip');
    const summary = writeDemoFeed(a, { communes: dep.communes, sites, seed: 41, archive: zip });
    writeDemoFeed(b, { communes: dep.communes, sites, seed: 41 });
    for (const f of summary.files) expect(readFileSync(f)).toEqual(readFileSync(path.join(b, path.basename(f))));
    expect(summary.stops).toBeGreaterThan(60);
    expect(summary.stopTimes).toBeGreaterThan(1000);
    const feed = readGtfs(zip);
    expect(feed.warnings).toEqual([]);
    // Every large town is served; Blois has town buses.
    for (const town of ['Blois', 'Vendôme', 'Romorantin-Lanthenay']) expect(feed.stops.some((s) => s.stop_name === town)).toBe(true);
    expect(feed.routes.some((r) => r.route_long_name?.startsWith('Blois — ligne urbaine'))).toBe(true);
  });

  it('has a holiday on the Saturday timetable, a run past midnight, a Saturday-only stop and frequencies', () => {
    const dir = tempDir();
    const summary = writeDemoFeed(dir, { communes: dep.communes, sites, seed: 41 });
    const feed = readGtfs(dir);
    expect(summary.exception).toBe('2025-11-11');
    expect([...activeServices(feed, '2025-11-11')]).toEqual(['SAM']);
    expect([...activeServices(feed, '2025-11-18')]).toEqual(['SCOL']);
    const tuesday = typicalDay(feed)!;
    expect(tuesday).toBe('2025-09-02');
    expect(feed.stopTimes.some((st) => (st.arrival_time ?? 0) > 24 * 3600)).toBe(true);
    const routesAt = (date: string) => {
      const tt = buildTimetable(feed, { date, from: 0, to: 24 * 3600 });
      return new Map(tt.stopIds.map((id, s) => [id, tt.stopRouteStart[s + 1] - tt.stopRouteStart[s]]));
    };
    const saturday = routesAt('2025-09-06');
    const weekday = routesAt(tuesday);
    const onlySaturday = [...saturday].filter(([id, n]) => n > 0 && weekday.get(id) === 0).map(([id]) => id);
    expect(onlySaturday).toHaveLength(1);
    expect(feed.frequencies.length).toBeGreaterThan(0);
    const tt = buildTimetable(feed, { date: tuesday, from: 7 * 3600, to: 9 * 3600 });
    expect(tt.tripCount).toBeGreaterThan(feed.frequencies.length * 3);
  });
});

describe('solidata accessibilite', () => {
  const logs: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    logs.length = 0;
  });
  const run = async (...argv: string[]) => {
    vi.spyOn(console, 'log').mockImplementation((...args) => void logs.push(args.join(' ')));
    vi.spyOn(console, 'warn').mockImplementation((...args) => void logs.push(args.join(' ')));
    const code = await travelCommand(argv);
    return { code, text: logs.join('\n') };
  };

  it('reports coverage from explicit files, in French', async () => {
    const dir = tempDir();
    writeDemoFeed(dir, { communes: dep.communes, sites, seed: 41 });
    const { code, text } = await run('--departement', '41', '--sites', demoSites, '--gtfs', dir, '--data-dir', tempDir());
    expect(code).toBe(0);
    expect(text).toContain('Accessibilité des lieux d’accueil — Loir-et-Cher, mardi 2 septembre 2025, départs de 08:00 à 10:00');
    expect(text).toMatch(/à pied et en transport en commun\s+15 min/);
    expect(text).toContain('Par type de lieu');
    expect(text).toContain('Communes sans aucun lieu à pied et en transport en commun en 15 min');
  });

  it('answers scenarios and the best places to open, and refuses what it cannot do', async () => {
    const files = ['--departement', '41', '--sites', demoSites, '--data-dir', tempDir()];
    const scenario = await run(...files, '--fermer', 'MDS-VENDOME', '--format', 'json');
    const out = JSON.parse(scenario.text.slice(scenario.text.indexOf('{')));
    expect(out.scenario.bilan.find((b: { mode: string }) => b.mode === 'marche').perdue).toBeGreaterThan(0);
    const best = await run(...files, '--meilleurs', '3');
    expect(best.text).toContain('Les 3 lieux à ouvrir qui couvrent le plus de monde à pied en 20 min');
    expect(best.text).toMatch(/1\. Blois \(/);
    const list = path.join(tempDir(), 'candidats.csv');
    // Vineuil's centre (8,064 people, no site of the six within 20 minutes) and a field.
    writeFileSync(list, 'nom;latitude;longitude\nCentre de Vineuil;47,5859;1,3884\nChamp;47,1;1,1\n');
    const each = await run(...files, '--candidats', list);
    expect(each.text).toContain('Population nouvellement couverte à pied en 20 min par chaque lieu candidat ouvert seul');
    expect(each.text).toMatch(/Centre de Vineuil\s+47\.5859, 1\.3884\s+\+8\s064\s+1\n/);
    expect(each.text).toMatch(/Champ\s+47\.1000, 1\.1000\s+\+0\s+0/);
    await expect(travelCommand([...files, '--fermer', 'INCONNU'])).rejects.toThrow(UsageError);
    await expect(travelCommand([...files, '--ouvrir', '47.5'])).rejects.toThrow('attendu « latitude,longitude »');
    await expect(travelCommand([...files, '--fenetre', '10:00-09:00'])).rejects.toThrow('la fin de la plage doit suivre son début');
    await expect(travelCommand(['--data-dir', tempDir()])).rejects.toThrow('Ni entrepôt ni base publiée');
    expect(travelHelp).toContain('solidata accessibilite');
  });
});
