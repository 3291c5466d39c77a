// What-if results precomputed for the proximité page, which only reads the published database:
// closing each open site alone, opening a place at the centre of each commune without one, and
// the best places to open one after the other, for each mode. One TypeScript asset writes
// marts.scenarios_proximite; sql/publish/scenarios_proximite.sql publishes it. The travel times
// are computed once for the sites and every candidate, and shared by all scenarios and modes.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectPaths, type Paths } from '../config.ts';
import { travelSettings, coveredPoints, openOnDay, windowText, type CoverageInput, type Mode } from '../travel/coverage.ts';
import { communeCandidates, coverageInput, feedRecord, findFeed, readWarehousePlaces, travelCode } from '../travel/inputs.ts';
import { bestToOpen, candidateGains, candidateReach, type Candidate } from '../travel/whatif.ts';
import { queryRows } from '../warehouse/duckdb.ts';
import type { Asset } from './asset.ts';
import { parseHeader, publishHeaderSchema, readSqlModel } from './sql_model.ts';

export type ScenarioKind = 'fermeture' | 'ouverture' | 'meilleurs';

export interface ScenarioRow {
  scenario: ScenarioKind;
  mode: Mode;
  seuil_minutes: number;
  rang: number;
  lieu_id: string;
  lieu_nom: string;
  /** The site's type; null for a place to open. */
  type_lieu: string | null;
  code_commune: string | null;
  commune: string | null;
  latitude: number;
  longitude: number;
  /** People newly covered (ouverture, meilleurs: at this step) or no longer covered (fermeture). */
  population_gagnee_ou_perdue: number;
  communes_touchees: number;
  population_couverte_avant: number;
  population_couverte_apres: number;
  part_avant: number | null;
  part_apres: number | null;
  jour: string;
  fenetre: string;
}

export interface ScenarioOptions {
  /** Candidates kept per mode for « ouverture », the most newly covered first. */
  ouvertures?: number;
  /** How many places « meilleurs » opens one after the other. */
  meilleurs?: number;
}

/** Places to open: the centres of the communes where no site is open on the day studied. */
export function openingCandidates(input: CoverageInput, open: ArrayLike<number>): Candidate[] {
  const served = new Set(input.sites.filter((s, j) => open[j] && s.commune).map((s) => s.commune));
  return communeCandidates(input.communes.filter((c) => !served.has(c.code)).sort((a, b) => a.code.localeCompare(b.code)));
}

export function proximityScenarios(input: CoverageInput, { ouvertures = 20, meilleurs = 5 }: ScenarioOptions = {}): ScenarioRow[] {
  // The communes without a site open on the day, before the travel times, which include the candidates.
  const candidates = openingCandidates(input, openOnDay(input.sites, input.date, input.settings ?? travelSettings()));
  const reach = candidateReach(input, candidates);
  const { points } = input;
  const sites = input.sites.length;
  const open = reach.open.map((o, j) => (j < sites ? o : 0));
  const names = new Map(input.communes.map((c) => [c.code, c.nom]));
  const total = points.reduce((s, p) => s + p.population, 0);
  const share = (n: number) => (total > 0 ? (100 * n) / total : null);
  const fenetre = windowText(reach.settings.window);
  const rows: ScenarioRow[] = [];

  for (const mode of reach.modes) {
    const seuil = reach.settings.thresholds[mode];
    const covered = coveredPoints(reach, mode, open);
    const avant = points.reduce((s, p, o) => s + (covered[o] ? p.population : 0), 0);
    const row = (scenario: ScenarioKind, rang: number, place: { id: string; nom?: string; lat: number; lon: number; commune?: string }, type: string | null, gained: number, communes: number, apres: number): ScenarioRow => ({
      scenario, mode, seuil_minutes: seuil, rang, lieu_id: place.id, lieu_nom: place.nom ?? place.id, type_lieu: type,
      code_commune: place.commune ?? null, commune: place.commune ? names.get(place.commune) ?? null : null,
      latitude: place.lat, longitude: place.lon, population_gagnee_ou_perdue: gained, communes_touchees: communes,
      population_couverte_avant: avant, population_couverte_apres: apres, part_avant: share(avant), part_apres: share(apres), jour: input.date, fenetre,
    });

    // A site's closure uncovers exactly the people no other open site reaches: one pass over the matrix.
    const m = reach.times[mode]!;
    const limit = seuil * 60;
    const count = new Uint16Array(points.length);
    const only = new Int32Array(points.length).fill(-1);
    for (let o = 0; o < m.origins; o++) {
      const base = o * m.destinations;
      for (let j = 0; j < sites; j++) {
        if (open[j] && m.seconds[base + j] <= limit) {
          count[o]++;
          only[o] = j;
        }
      }
    }
    const lost = new Map<number, { population: number; communes: Set<string> }>();
    for (let j = 0; j < sites; j++) if (open[j]) lost.set(j, { population: 0, communes: new Set() });
    points.forEach((p, o) => {
      if (count[o] !== 1) return;
      const l = lost.get(only[o])!;
      l.population += p.population;
      if (p.population > 0) l.communes.add(p.commune);
    });
    [...lost]
      .sort(([a, x], [b, y]) => y.population - x.population || input.sites[a].id.localeCompare(input.sites[b].id))
      .forEach(([j, l], i) => rows.push(row('fermeture', i + 1, input.sites[j], input.sites[j].type, l.population, l.communes.size, avant - l.population)));

    const gains = candidateGains(input, candidates, { mode, reach }).filter((g) => g.gain > 0).slice(0, ouvertures);
    gains.forEach((g, i) => rows.push(row('ouverture', i + 1, g.candidat, null, g.gain, g.communes, avant + g.gain)));
    for (const s of bestToOpen(input, candidates, meilleurs, { mode, reach })) rows.push(row('meilleurs', s.rang, s.candidat, null, s.gain, s.communes, s.couverte));
  }
  return rows;
}

const stamp = (paths: Paths) => feedRecord(paths.dataDir, 'gtfs-scenarios.txt');

// Column name, DuckDB type, and how to append it.
const COLUMNS: [keyof ScenarioRow, string][] = [
  ['scenario', 'VARCHAR'], ['mode', 'VARCHAR'], ['seuil_minutes', 'INTEGER'], ['rang', 'INTEGER'], ['lieu_id', 'VARCHAR'], ['lieu_nom', 'VARCHAR'],
  ['type_lieu', 'VARCHAR'], ['code_commune', 'VARCHAR'], ['commune', 'VARCHAR'], ['latitude', 'DOUBLE'], ['longitude', 'DOUBLE'],
  ['population_gagnee_ou_perdue', 'BIGINT'], ['communes_touchees', 'INTEGER'], ['population_couverte_avant', 'BIGINT'], ['population_couverte_apres', 'BIGINT'],
  ['part_avant', 'DOUBLE'], ['part_apres', 'DOUBLE'], ['jour', 'DATE'], ['fenetre', 'VARCHAR'],
];

export function travelScenariosAsset(): Asset {
  return {
    name: 'marts.scenarios_proximite',
    description: 'Scénarios de proximité précalculés pour le tableau de bord, par mode (à pied, en transport en commun, par la route) : la population qui ne serait plus couverte si chaque lieu ouvert fermait seul, la population nouvellement couverte par un lieu ouvert au centre de chaque commune qui n’en a pas (les 20 meilleurs), et les 5 meilleurs lieux à ouvrir l’un après l’autre.',
    upstream: ['intermediate.int_communes', 'staging.stg_sls__sites'],
    // The same columns as published: documented once, in the header of the publication SQL.
    columns: parseHeader(readSqlModel(path.join(projectPaths.sql, 'publish', 'scenarios_proximite.sql')), publishHeaderSchema).columns,
    codeHash: createHash('sha256').update(travelCode()).update(readFileSync(new URL(import.meta.url), 'utf8')).digest('hex').slice(0, 16),
    checks: [{
      name: 'parts entre 0 et 100 %',
      sql: 'SELECT * FROM marts.scenarios_proximite WHERE part_apres < 0 OR part_apres > 100 OR population_gagnee_ou_perdue < 0 LIMIT 5',
      message: 'une part de population sort de 0–100 % ou une population est négative',
    }],
    pending: ({ paths }) => stamp(paths).changed(),
    async materialise(ctx) {
      const db = await ctx.warehouse();
      const places = await readWarehousePlaces(db);
      const input = coverageInput({
        communes: places.communes, sites: places.sites, dataDate: places.dataDate,
        gtfs: findFeed(ctx.paths.dataDir), config: ctx.settings.travel as never,
      });
      const rows = proximityScenarios(input);
      await db.run('CREATE SCHEMA IF NOT EXISTS marts');
      await db.run(`CREATE OR REPLACE TABLE marts.scenarios_proximite (${COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ')})`);
      const appender = await db.createAppender('scenarios_proximite', 'marts');
      const { dateValue } = await import('@duckdb/node-api');
      for (const r of rows) {
        for (const [name, type] of COLUMNS) {
          const v = r[name];
          if (v === null) appender.appendNull();
          else if (type === 'VARCHAR') appender.appendVarchar(String(v));
          else if (type === 'INTEGER') appender.appendInteger(Number(v));
          else if (type === 'BIGINT') appender.appendBigInt(BigInt(Math.round(Number(v))));
          else if (type === 'DATE') appender.appendDate(dateValue(Date.parse(`${v}T00:00:00Z`) / 86_400_000));
          else appender.appendDouble(Number(v));
        }
        appender.endRow();
      }
      appender.closeSync();
      stamp(ctx.paths).record();
      const [{ n }] = await queryRows<{ n: number }>(db, 'SELECT count(*) AS n FROM marts.scenarios_proximite');
      return { rows: Number(n) };
    },
  };
}
