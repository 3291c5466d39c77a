// The demo's département: its real communes and legal populations (COG, @etalab/decoupage-
// administratif), a point per commune from the contours, an invented but plausible index of
// hardship, and 4 to 6 action territories grouping neighbouring inter-communal bodies.
import { createRequire } from 'node:module';
import { distanceKm, InvalidContours, shippedContours, type Point } from '../reference/geo.ts';
import { cogCommunes, cogDepartements, communeCentres, currentCodes } from '../reference/cog.ts';
import { ofPlace } from './names.ts';
import { Rng } from '../random.ts';

const require = createRequire(import.meta.url);

interface CogGroup {
  nom: string;
  membres: { code: string }[];
}

export interface Commune extends Point {
  code: string;
  nom: string;
  population: number;
  codesPostaux: string[];
  /**
   * Hardship index, population-weighted mean 1. Invented: higher in the larger towns and in
   * remote villages, with noise. It stands for the poverty rate, which the project does not ship.
   */
  precarite: number;
  territoire: number;
}

export interface Territoire {
  nom: string;
  /** The territory's largest commune, where its maison départementale stands. */
  centre: Commune;
  communes: Commune[];
  population: number;
}

export interface Departement {
  code: string;
  nom: string;
  chefLieu: Commune;
  communes: Commune[];
  territoires: Territoire[];
  population: number;
  /** Every code of the COG (also of merged communes) mapped to today's commune. */
  current: Map<string, string>;
}

export class UnknownDepartement extends Error {}

export function loadDepartement(code: string, seed: number, contoursFile?: string): Departement {
  const cog = cogCommunes();
  const dep = cogDepartements().find((d) => d.code === code);
  if (!dep) throw new UnknownDepartement(`département « ${code} » inconnu du COG (ex. 41, 92, 38, 2A).`);
  const current = currentCodes(cog);
  const own = cog.filter((c) => c.type === 'commune-actuelle' && c.departement === code);

  const file = contoursFile ?? shippedContours(code);
  if (!file) {
    throw new InvalidContours(`pas de contours livrés pour le département ${code} (${dep.nom}) : donnez ceux de ses communes avec --contours FICHIER (GeoJSON, propriété « code » = code INSEE).`);
  }
  const centres = communeCentres(file, current);
  const located = own.filter((c) => centres.has(c.code));
  if (located.length < own.length * 0.9) {
    throw new InvalidContours(`le fichier de contours ${file} ne couvre que ${located.length} des ${own.length} communes du département ${code} : est-ce bien celui de ${dep.nom} ?`);
  }
  const rng = new Rng(seed, `departement-${code}`);
  const communes: Commune[] = own.map((c) => {
    const centre = centres.get(c.code);
    return {
      code: c.code, nom: c.nom, population: c.population ?? 0, codesPostaux: c.codesPostaux ?? [],
      lat: centre?.lat ?? NaN, lon: centre?.lon ?? NaN, precarite: 1, territoire: 0,
    };
  });
  placeMissing(communes);
  const chefLieu = communes.find((c) => c.code === dep.chefLieu) ?? communes.reduce((a, b) => (b.population > a.population ? b : a));
  setHardship(communes, chefLieu, rng);
  const territoires = makeTerritories(communes, chefLieu);
  return { code, nom: dep.nom, chefLieu, communes, territoires, population: sum(communes.map((c) => c.population)), current };
}

export const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** A commune absent from the contours is put at the centre of the communes that bear the nearest codes. */
function placeMissing(communes: Commune[]): void {
  const known = communes.filter((c) => !Number.isNaN(c.lat));
  for (const c of communes.filter((x) => Number.isNaN(x.lat))) {
    const gap = (o: Commune) => Math.abs(Number(o.code.slice(2)) - Number(c.code.slice(2)));
    const near = [...known].sort((a, b) => gap(a) - gap(b)).slice(0, 3);
    c.lat = sum(near.map((n) => n.lat)) / near.length;
    c.lon = sum(near.map((n) => n.lon)) / near.length;
  }
}

function setHardship(communes: Commune[], chefLieu: Commune, rng: Rng): void {
  const far = Math.max(1, ...communes.map((c) => distanceKm(c, chefLieu)));
  for (const c of communes) {
    // Towns gather the poorer neighbourhoods; remote villages have fewer jobs and services.
    const town = Math.min(1, Math.max(0, Math.log10(Math.max(c.population, 1) / 2000) / 1.5));
    c.precarite = (1 + 0.45 * town + 0.25 * (distanceKm(c, chefLieu) / far)) * Math.exp(0.28 * rng.normal());
  }
  const mean = sum(communes.map((c) => c.precarite * c.population)) / Math.max(1, sum(communes.map((c) => c.population)));
  for (const c of communes) c.precarite /= mean;
}

/**
 * Territories: the inter-communal bodies (EPT in the Paris area, else EPCI) grouped by a
 * population-weighted k-means on their centres, started from the chef-lieu and grown by
 * farthest points; deterministic, no draw involved.
 */
function makeTerritories(communes: Commune[], chefLieu: Commune): Territoire[] {
  const ept = require('@etalab/decoupage-administratif/data/ept.json') as CogGroup[];
  const epci = require('@etalab/decoupage-administratif/data/epci.json') as CogGroup[];
  const byCode = new Map(communes.map((c) => [c.code, c]));
  const unitOf = new Map<string, string>();
  for (const [prefix, groups] of [['ept', ept], ['epci', epci]] as const) {
    for (const g of groups) for (const m of g.membres) if (byCode.has(m.code) && !unitOf.has(m.code)) unitOf.set(m.code, `${prefix}:${g.nom}`);
  }
  const units = new Map<string, Commune[]>();
  for (const c of communes) {
    const u = unitOf.get(c.code) ?? `commune:${c.code}`;
    units.set(u, [...(units.get(u) ?? []), c]);
  }
  let groups = [...units.values()];
  const k = Math.min(6, Math.max(4, Math.round(communes.length / 55)));
  // Too few bodies to group (a single metropolis): group communes instead.
  if (groups.length < k) groups = communes.map((c) => [c]);
  const items = groups.map((members) => {
    const pop = Math.max(1, sum(members.map((m) => m.population)));
    return {
      members, weight: pop,
      lat: sum(members.map((m) => m.lat * Math.max(1, m.population))) / sum(members.map((m) => Math.max(1, m.population))),
      lon: sum(members.map((m) => m.lon * Math.max(1, m.population))) / sum(members.map((m) => Math.max(1, m.population))),
    };
  });
  const n = Math.min(k, items.length);
  const centres: Point[] = [{ lat: chefLieu.lat, lon: chefLieu.lon }];
  while (centres.length < n) {
    const next = items.reduce((best, it) => {
      const d = Math.min(...centres.map((c) => distanceKm(c, it)));
      return d * Math.sqrt(it.weight) > best.score ? { it, score: d * Math.sqrt(it.weight) } : best;
    }, { it: items[0], score: -1 }).it;
    centres.push({ lat: next.lat, lon: next.lon });
  }
  let assignment = items.map(() => 0);
  for (let iteration = 0; iteration < 30; iteration++) {
    assignment = items.map((it) => centres.reduce((best, c, i) => (distanceKm(c, it) < distanceKm(centres[best], it) ? i : best), 0));
    for (let i = 0; i < n; i++) {
      const mine = items.filter((_, j) => assignment[j] === i);
      if (mine.length === 0) continue;
      const w = sum(mine.map((m) => m.weight));
      centres[i] = { lat: sum(mine.map((m) => m.lat * m.weight)) / w, lon: sum(mine.map((m) => m.lon * m.weight)) / w };
    }
  }
  const territoires: Territoire[] = [];
  for (let i = 0; i < n; i++) {
    const members = items.filter((_, j) => assignment[j] === i).flatMap((it) => it.members);
    if (members.length === 0) continue;
    const centre = members.reduce((a, b) => (b.population > a.population ? b : a));
    territoires.push({ nom: `Territoire ${ofPlace(centre.nom)}`, centre, communes: members, population: sum(members.map((m) => m.population)) });
  }
  // The chef-lieu's territory first, then by size: a stable, readable order.
  territoires.sort((a, b) => Number(b.communes.includes(chefLieu)) - Number(a.communes.includes(chefLieu)) || b.population - a.population);
  territoires.forEach((t, i) => t.communes.forEach((c) => (c.territoire = i)));
  return territoires;
}
