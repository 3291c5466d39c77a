// What if a place opened, closed or moved: the population newly covered by each candidate
// place, the coverage before and after a scenario, and the best k places to open (greedy
// maximal covering: each step opens the candidate that covers the most people not yet
// covered — within 1 − 1/e of the best choice of k, and exact for k = 1).
import type { Point } from '../reference/geo.ts';
import { computeReach, coveredPoints, summarise, type CoverageInput, type CoverageResult, type Mode, type Reach } from './coverage.ts';
import type { ServicePoint } from './places.ts';

export interface Candidate extends Point {
  id: string;
  nom?: string;
  /** The type of place it would be (default « nouveau »). */
  type?: string;
  commune?: string;
}

export interface Scenario {
  ouvrir?: Candidate[];
  /** Site ids. */
  fermer?: string[];
  deplacer?: { site: string; lat: number; lon: number }[];
}

export class ScenarioError extends Error {}

export interface Change {
  mode: Mode;
  population: number;
  avant: number;
  apres: number;
  /** People covered after and not before. */
  gagnee: number;
  /** People covered before and not after. */
  perdue: number;
}

export interface CommuneChange {
  mode: Mode;
  code: string;
  nom: string;
  avant: number;
  apres: number;
}

export interface ScenarioResult {
  avant: CoverageResult;
  apres: CoverageResult;
  /** Département-wide, any type of place (or the type asked for). */
  bilan: Change[];
  /** Communes whose covered population changes. */
  communes: CommuneChange[];
}

const asPlace = (c: Candidate): ServicePoint => ({ id: c.id, nom: c.nom ?? c.id, type: c.type ?? 'nouveau', lat: c.lat, lon: c.lon, commune: c.commune });

export function whatIf(input: CoverageInput, scenario: Scenario, options: { type?: string } = {}): ScenarioResult {
  const ids = new Map(input.sites.map((s, i) => [s.id, i]));
  const unknown = [...(scenario.fermer ?? []), ...(scenario.deplacer ?? []).map((d) => d.site)].filter((id) => !ids.has(id));
  if (unknown.length > 0) {
    throw new ScenarioError(`site(s) inconnu(s) : ${unknown.join(', ')}. Les identifiants sont ceux de la colonne site_id (ex. ${input.sites.slice(0, 3).map((s) => s.id).join(', ')}).`);
  }
  // A moved site keeps its type, days and hours at its new place.
  const moved = (scenario.deplacer ?? []).map((d) => ({ ...input.sites[ids.get(d.site)!], id: `${d.site}→`, lat: d.lat, lon: d.lon }));
  const opened = (scenario.ouvrir ?? []).map(asPlace);
  const reach = computeReach(input, [...opened, ...moved]);
  const sites = input.sites.length;
  const before = reach.open.map((o, j) => (j < sites ? o : 0));
  const after = Uint8Array.from(reach.open);
  for (const id of [...(scenario.fermer ?? []), ...(scenario.deplacer ?? []).map((d) => d.site)]) after[ids.get(id)!] = 0;
  const types = options.type ? [options.type] : undefined;
  const avant = summarise(reach, { active: before, types });
  const apres = summarise(reach, { active: after, types });
  const bilan: Change[] = reach.modes.map((mode) => {
    const a = coveredPoints(reach, mode, before, options.type);
    const b = coveredPoints(reach, mode, after, options.type);
    const change: Change = { mode, population: 0, avant: 0, apres: 0, gagnee: 0, perdue: 0 };
    input.points.forEach((p, o) => {
      change.population += p.population;
      if (a[o]) change.avant += p.population;
      if (b[o]) change.apres += p.population;
      if (b[o] && !a[o]) change.gagnee += p.population;
      if (a[o] && !b[o]) change.perdue += p.population;
    });
    return change;
  });
  const type = options.type ?? '';
  const key = (r: { mode: Mode; code: string }) => `${r.mode}|${r.code}`;
  const beforeRows = new Map(avant.rows.filter((r) => r.niveau === 'commune' && r.type_lieu === type).map((r) => [key(r), r]));
  const communes = apres.rows
    .filter((r) => r.niveau === 'commune' && r.type_lieu === type && beforeRows.get(key(r))?.population_couverte !== r.population_couverte)
    .map((r) => ({ mode: r.mode, code: r.code, nom: r.libelle, avant: beforeRows.get(key(r))?.population_couverte ?? 0, apres: r.population_couverte }))
    .sort((x, y) => Math.abs(y.apres - y.avant) - Math.abs(x.apres - x.avant) || x.code.localeCompare(y.code));
  return { avant, apres, bilan, communes };
}

export interface CandidateGain {
  candidat: Candidate;
  /** People within reach of it and of no open place yet. */
  gain: number;
  /** Communes where someone would be newly covered. */
  communes: number;
}

export interface GreedyStep extends CandidateGain {
  rang: number;
  /** People covered once this one and those before it are open. */
  couverte: number;
  /** The same, as a percentage of the population. */
  part: number;
}

interface Ranking {
  /** Per candidate: the population points within reach of it. */
  within: number[][];
  covered: Uint8Array;
  population: number;
}

/**
 * The travel times of the sites and of the candidates at once, to share between calls
 * (candidateGains, bestToOpen, for each mode) instead of computing them for each.
 */
export const candidateReach = (input: CoverageInput, candidates: Candidate[]): Reach => computeReach(input, candidates.map(asPlace));

function rank(input: CoverageInput, candidates: Candidate[], mode: Mode, type?: string, shared?: Reach): Ranking {
  const reach = shared ?? candidateReach(input, candidates);
  if (reach.places.length !== input.sites.length + candidates.length) throw new RangeError('temps de parcours partagés calculés pour d’autres lieux candidats (voir candidateReach)');
  const m = reach.times[mode];
  if (!m) throw new ScenarioError('pas de réseau de transport en commun : le mode transport_commun demande un flux GTFS (--gtfs).');
  const limit = reach.settings.thresholds[mode] * 60;
  const first = input.sites.length;
  const within = candidates.map((_, c) => {
    const list: number[] = [];
    for (let o = 0; o < m.origins; o++) if (m.seconds[o * m.destinations + first + c] <= limit) list.push(o);
    return list;
  });
  const active = reach.open.map((o, j) => (j < first ? o : 0));
  const covered = coveredPoints(reach, mode, active, type);
  const population = input.points.reduce((s, p) => s + p.population, 0);
  return { within, covered, population };
}

/** Each candidate alone: the people it would newly cover, most first. */
export function candidateGains(input: CoverageInput, candidates: Candidate[], options: { mode: Mode; type?: string; reach?: Reach }): CandidateGain[] {
  const { within, covered } = rank(input, candidates, options.mode, options.type, options.reach);
  return candidates
    .map((candidat, c) => gainOf(input, candidat, within[c], covered))
    .sort((a, b) => b.gain - a.gain || candidates.indexOf(a.candidat) - candidates.indexOf(b.candidat));
}

/** Up to k places to open, one after the other, each the one covering the most people still uncovered; stops when none adds anyone. */
export function bestToOpen(input: CoverageInput, candidates: Candidate[], k: number, options: { mode: Mode; type?: string; reach?: Reach }): GreedyStep[] {
  const { within, covered, population } = rank(input, candidates, options.mode, options.type, options.reach);
  let total = input.points.reduce((s, p, o) => s + (covered[o] ? p.population : 0), 0);
  const steps: GreedyStep[] = [];
  const taken = new Set<number>();
  while (steps.length < k) {
    let best = -1;
    let bestGain: CandidateGain | undefined;
    candidates.forEach((candidat, c) => {
      if (taken.has(c)) return;
      const g = gainOf(input, candidat, within[c], covered);
      if (g.gain > (bestGain?.gain ?? 0)) {
        best = c;
        bestGain = g;
      }
    });
    if (!bestGain) break;
    taken.add(best);
    for (const o of within[best]) covered[o] = 1;
    total += bestGain.gain;
    steps.push({ ...bestGain, rang: steps.length + 1, couverte: total, part: population > 0 ? (100 * total) / population : 0 });
  }
  return steps;
}

function gainOf(input: CoverageInput, candidat: Candidate, within: number[], covered: Uint8Array): CandidateGain {
  let gain = 0;
  const communes = new Set<string>();
  for (const o of within) {
    if (covered[o]) continue;
    const p = input.points[o];
    gain += p.population;
    if (p.population > 0) communes.add(p.commune);
  }
  return { candidat, gain, communes: communes.size };
}
