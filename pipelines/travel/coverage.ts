// Coverage: the share of the population within reach of a service point, by mode (on foot,
// on foot + public transport, by road), by type of point, by commune, territory and
// département; the people and communes left out. A point counts on the chosen day only if it
// is open then, at some moment of the departure window (mobile units at their stops, on their
// days and hours). Someone is within reach of a point when the travel time is within the
// mode's threshold: on foot and by road, the time itself; by public transport, the median over
// the window's departures (at least half of them arrive in time), walking all the way included.
import { cogDepartements } from '../reference/cog.ts';
import type { Point } from '../reference/geo.ts';
import { travelConfigSchema, parseWindow, type TravelConfig } from '../settings.ts';
import type { GtfsFeed } from './gtfs.ts';
import { openDuring, type ServicePoint } from './places.ts';
import type { CommuneInfo, PopulationPoint } from './population.ts';
import { buildTimetable } from './timetable.ts';
import { NOT_REACHED, TransitSearch, walkMatrix, type Matrix, type TransitSettings, type TravelWindow } from './traveltimes.ts';
import { straightWalker, type WalkSettings, type Walker } from './walking.ts';

export const MODES = ['marche', 'transport_commun', 'route'] as const;
export type Mode = (typeof MODES)[number];

export const MODE_LABELS: Record<Mode, string> = { marche: 'à pied', transport_commun: 'à pied et en transport en commun', route: 'par la route' };

export interface TravelSettings {
  walk: WalkSettings;
  /** Road-equivalent straight line: distance × detour at an average speed. */
  road: WalkSettings;
  /** Minutes. */
  thresholds: Record<Mode, number>;
  window: TravelWindow;
  transit: TransitSettings;
}

export function travelSettings(config: Partial<TravelConfig> = {}): TravelSettings {
  const c = travelConfigSchema.parse(config);
  const [from, to] = parseWindow(c.fenetre);
  return {
    walk: { speedKmh: c.vitesse_marche_kmh, detour: c.detour_marche },
    road: { speedKmh: c.vitesse_route_kmh, detour: c.detour_route },
    thresholds: c.seuils_minutes,
    window: { from, to, step: c.pas_minutes * 60 },
    transit: { maxAccessSeconds: c.acces_arret_max_minutes * 60, maxTransferSeconds: c.correspondance_max_minutes * 60 },
  };
}

export interface CoverageInput {
  points: PopulationPoint[];
  communes: CommuneInfo[];
  sites: ServicePoint[];
  /** AAAA-MM-JJ: the day whose timetable, opening days and hours count. */
  date: string;
  settings?: TravelSettings;
  /** Public transport; without it, the transport mode is left out. */
  feed?: GtfsFeed;
  /** A walking network; without it, straight line × detour. */
  walker?: Walker;
  /** The département, for its row (default: from the communes' codes). */
  departement?: { code: string; nom: string };
}

/** Travel times from every population point to every place, by mode, up to each mode's threshold. */
export interface Reach {
  input: CoverageInput;
  settings: TravelSettings;
  /** The input's sites, then any extra places (what-if candidates). */
  places: ServicePoint[];
  /** Per place: whether it receives people on the day, within the window. */
  open: Uint8Array;
  modes: Mode[];
  times: Partial<Record<Mode, Matrix>>;
}

export function computeReach(input: CoverageInput, extra: ServicePoint[] = []): Reach {
  const settings = input.settings ?? travelSettings();
  const places = [...input.sites, ...extra];
  const usable = places.map(located);
  const open = openOnDay(places, input.date, settings);
  const walker = input.walker ?? straightWalker(settings.walk);
  const at: Point[] = places.map((p, i) => (usable[i] ? p : { lat: 0, lon: 0 }));
  const minutes = (mode: Mode) => settings.thresholds[mode] * 60;
  const times: Partial<Record<Mode, Matrix>> = {
    marche: walkMatrix(input.points, at, walker, minutes('marche')),
    route: walkMatrix(input.points, at, straightWalker(settings.road), minutes('route')),
  };
  const modes: Mode[] = ['marche', 'route'];
  if (input.feed) {
    const cap = minutes('transport_commun');
    const timetable = buildTimetable(input.feed, { date: input.date, from: settings.window.from, to: settings.window.to + cap });
    times.transport_commun = new TransitSearch({
      timetable, origins: input.points, destinations: at, walker, window: settings.window, maxSeconds: cap, settings: settings.transit,
    }).matrix();
    modes.splice(1, 0, 'transport_commun');
  }
  // Places without coordinates reach nobody.
  for (const m of Object.values(times)) {
    places.forEach((_, j) => {
      if (!usable[j]) for (let o = 0; o < m.origins; o++) m.seconds[o * m.destinations + j] = NOT_REACHED;
    });
  }
  return { input, settings, places, open, modes, times };
}

const located = (p: ServicePoint) => Number.isFinite(p.lat) && Number.isFinite(p.lon);

/** Per place: 1 when it has coordinates and receives people on the day, at some moment of the window. */
export function openOnDay(places: ServicePoint[], date: string, settings: TravelSettings): Uint8Array {
  return Uint8Array.from(places, (p) => (located(p) && openDuring(p, date, settings.window.from, settings.window.to) ? 1 : 0));
}

/** Per population point: 1 when some active place (of the type, if given) is within the mode's threshold. */
export function coveredPoints(reach: Reach, mode: Mode, active: Uint8Array = reach.open, type?: string): Uint8Array {
  const m = reach.times[mode];
  const covered = new Uint8Array(reach.input.points.length);
  if (!m) return covered;
  const limit = reach.settings.thresholds[mode] * 60;
  const chosen: number[] = [];
  reach.places.forEach((p, j) => {
    if (active[j] && (type === undefined || p.type === type)) chosen.push(j);
  });
  for (let o = 0; o < m.origins; o++) {
    const row = o * m.destinations;
    for (const j of chosen) {
      if (m.seconds[row + j] <= limit) {
        covered[o] = 1;
        break;
      }
    }
  }
  return covered;
}

export type Niveau = 'commune' | 'territoire' | 'departement';

export interface CoverageRow {
  mode: Mode;
  seuil_minutes: number;
  niveau: Niveau;
  /** INSEE code, territory name or département number. */
  code: string;
  libelle: string;
  /** A type of place, or '' for any place. */
  type_lieu: string;
  population: number;
  population_couverte: number;
  population_non_couverte: number;
  /** Percentage covered; null for no population. */
  part: number | null;
}

export interface LeftOutCommune {
  mode: Mode;
  type_lieu: string;
  code: string;
  nom: string;
  territoire?: string;
  population: number;
}

export interface CoverageResult {
  date: string;
  /** HH:MM-HH:MM. */
  fenetre: string;
  modes: Mode[];
  rows: CoverageRow[];
  /** Communes where nobody is within reach, by mode and type of place ('' for any). */
  leftOut: LeftOutCommune[];
}

export interface SummaryOptions {
  /** Which places are open (default: those open on the day, within the window). */
  active?: Uint8Array;
  /** Types to report one by one besides '' (default: every type among the places). */
  types?: string[];
  levels?: Niveau[];
}

export function summarise(reach: Reach, options: SummaryOptions = {}): CoverageResult {
  const { input, settings } = reach;
  const active = options.active ?? reach.open;
  const types = ['', ...(options.types ?? [...new Set(input.sites.map((s) => s.type))].sort())];
  const levels = options.levels ?? ['commune', 'territoire', 'departement'];
  const communes = new Map(input.communes.map((c) => [c.code, c]));
  const departement = input.departement ?? departementOf(input.communes);
  // Each point's cells: its commune, its territory, the département.
  const cellsOf = input.points.map((p) => {
    const c = communes.get(p.commune);
    const cells: [Niveau, string, string][] = [];
    if (levels.includes('commune')) cells.push(['commune', p.commune, c?.nom ?? p.commune]);
    if (levels.includes('territoire') && c?.territoire) cells.push(['territoire', c.territoire, c.territoire]);
    if (levels.includes('departement')) cells.push(['departement', departement.code, departement.nom]);
    return cells;
  });
  const rows: CoverageRow[] = [];
  const leftOut: LeftOutCommune[] = [];
  for (const mode of reach.modes) {
    for (const type of types) {
      const covered = coveredPoints(reach, mode, active, type || undefined);
      const sums = new Map<string, { niveau: Niveau; code: string; libelle: string; population: number; covered: number }>();
      input.points.forEach((p, o) => {
        for (const [niveau, code, libelle] of cellsOf[o]) {
          const key = `${niveau}|${code}`;
          let s = sums.get(key);
          if (!s) sums.set(key, (s = { niveau, code, libelle, population: 0, covered: 0 }));
          s.population += p.population;
          if (covered[o]) s.covered += p.population;
        }
      });
      for (const s of sums.values()) {
        rows.push({
          mode, seuil_minutes: settings.thresholds[mode], niveau: s.niveau, code: s.code, libelle: s.libelle, type_lieu: type,
          population: s.population, population_couverte: s.covered, population_non_couverte: s.population - s.covered,
          part: s.population > 0 ? (100 * s.covered) / s.population : null,
        });
        if (s.niveau === 'commune' && s.population > 0 && s.covered === 0) {
          const c = communes.get(s.code);
          leftOut.push({ mode, type_lieu: type, code: s.code, nom: s.libelle, territoire: c?.territoire, population: s.population });
        }
      }
    }
  }
  const order: Record<Niveau, number> = { departement: 0, territoire: 1, commune: 2 };
  rows.sort((a, b) => MODES.indexOf(a.mode) - MODES.indexOf(b.mode) || a.type_lieu.localeCompare(b.type_lieu) || order[a.niveau] - order[b.niveau] || a.code.localeCompare(b.code));
  leftOut.sort((a, b) => MODES.indexOf(a.mode) - MODES.indexOf(b.mode) || a.type_lieu.localeCompare(b.type_lieu) || b.population - a.population || a.code.localeCompare(b.code));
  return { date: input.date, fenetre: windowText(settings.window), modes: reach.modes, rows, leftOut };
}

/** The departure window as the settings write it: HH:MM-HH:MM. */
export function windowText(window: TravelWindow): string {
  const hhmm = (s: number) => `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`;
  return `${hhmm(window.from)}-${hhmm(window.to)}`;
}

/** The coverage indicators: reach, then the summary. */
export function coverage(input: CoverageInput, options: SummaryOptions = {}): CoverageResult {
  return summarise(computeReach(input), options);
}

/** Indicator ids, one per mode: the threshold is a setting, so it is not in the name. */
export const INDICATORS: Record<Mode, string> = {
  marche: 'part_population_proche_a_pied',
  transport_commun: 'part_population_proche_transport_commun',
  route: 'part_population_proche_route',
};

export interface IndicatorRow {
  indicateur: string;
  niveau: Niveau;
  code: string;
  libelle: string;
  periode: string;
  dimension: string;
  modalite: string;
  valeur: number | null;
  numerateur: number;
  denominateur: number;
  effectif: null;
}

/** The rows in the long shape of marts.indicateurs (dimension type_lieu; '' for any place). */
export function indicatorRows(result: CoverageResult): IndicatorRow[] {
  return result.rows.map((r) => ({
    indicateur: INDICATORS[r.mode], niveau: r.niveau, code: r.code, libelle: r.libelle, periode: result.date,
    dimension: r.type_lieu ? 'type_lieu' : '', modalite: r.type_lieu, valeur: r.part,
    numerateur: r.population_couverte, denominateur: r.population, effectif: null,
  }));
}

/** The département most communes belong to (first two digits, three overseas). */
function departementOf(communes: CommuneInfo[]): { code: string; nom: string } {
  const counts = new Map<string, number>();
  for (const c of communes) {
    const code = c.code.startsWith('97') ? c.code.slice(0, 3) : c.code.slice(0, 2);
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  const code = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  return { code, nom: cogDepartements().find((d) => d.code === code)?.nom ?? code };
}
