// The places where people are received: the département's own services (invented but laid out
// as départements do: a maison départementale per territory, antennes in the next towns, a PMI
// or two, rural permanences and a bus with its stops), the real France Services sites, the
// CCAS of the main communes and food-aid points run by associations.
import type { Site as SiteRow } from '../contracts/sites.ts';
import { dayOf } from './calendar.ts';
import type { Commune, Departement } from './departement.ts';
import { franceServicesOf } from './france_services.ts';
import { distanceKm } from '../reference/geo.ts';
import { idPart, ofPlace } from './names.ts';
import { Rng } from '../random.ts';

export interface DemoSite {
  id: string;
  nom: string;
  type: SiteRow['type'];
  commune: Commune;
  lat: number;
  lon: number;
  gestionnaire: SiteRow['gestionnaire'];
  territoire: number;
  ouverture?: number;
  fermeture?: number;
  jours?: string;
  horaires?: string;
  producteur: 'departement' | 'anct';
  /** Receives the département's social requests: how many, compared with others, and how long people wait (median, days). */
  accueil?: { capacite: number; attente: number };
  /** The site whose staff serves this one (effectifs): itself, or the maison départementale of a permanence or a bus stop. */
  equipe: string;
}

/** What each département calls its local social services. */
const WORDING: Record<string, { maison: string; bus: string }> = {
  '41': { maison: 'Maison départementale de la cohésion sociale', bus: 'Bus départemental des solidarités' },
  '92': { maison: 'Espace départemental d’actions sociales', bus: 'Caravane solidaire' },
  '38': { maison: 'Service local de solidarité', bus: 'Solibus' },
};
const DEFAULT_WORDING = { maison: 'Maison départementale des solidarités', bus: 'Bus des solidarités' };

export const wordingOf = (departement: string) => WORDING[departement] ?? DEFAULT_WORDING;

const WEEK = 'lun,mar,mer,jeu,ven';

export interface SiteWindow {
  first: number;
  last: number;
}

export function buildSites(dep: Departement, seed: number, window: SiteWindow): DemoSite[] {
  const rng = new Rng(seed, 'sites');
  const words = wordingOf(dep.code);
  const sites: DemoSite[] = [];
  const ids = new Set<string>();
  const add = (s: Omit<DemoSite, 'lat' | 'lon' | 'territoire' | 'equipe'> & Partial<Pick<DemoSite, 'lat' | 'lon' | 'equipe'>>) => {
    let id = s.id;
    for (let i = 2; ids.has(id); i++) id = `${s.id}-${i}`;
    ids.add(id);
    // A few hundred metres from the commune's centre: two sites of one town do not stack up.
    const site: DemoSite = { lat: s.commune.lat + (rng.next() - 0.5) * 0.006, lon: s.commune.lon + (rng.next() - 0.5) * 0.008, ...s, id, territoire: s.commune.territoire, equipe: s.equipe ?? id };
    sites.push(site);
    return site;
  };
  const since = () => dayOf(2004 + rng.int(14), rng.chance(0.5) ? 1 : 9, 1);
  const spacing = 2 * medianNearest(dep.communes);
  const departemental = () => sites.filter((s) => s.producteur === 'departement' && s.gestionnaire === 'departement' && s.type !== 'itinerant');
  const farFromOthers = (c: Commune, d: number) => departemental().every((s) => distanceKm(s, c) >= d);

  // One maison départementale per territory (two in a large town), open all week; one stays open late.
  const maisons: DemoSite[] = [];
  for (const t of dep.territoires) {
    const c = t.centre;
    const parts = c.population > 40_000 ? [' Nord', ' Sud'] : [''];
    for (const [k, part] of parts.entries()) {
      maisons.push(add({
        // Two maisons of one town stand a kilometre or two apart.
        ...(part ? { lat: c.lat + (k === 0 ? 0.009 : -0.009), lon: c.lon + (rng.next() - 0.5) * 0.01 } : {}),
        id: `MDS-${idPart(c.nom)}${part ? `-${idPart(part)}` : ''}`, nom: `${words.maison} ${ofPlace(c.nom)}${part}`, type: 'maison_departementale', commune: c,
        gestionnaire: 'departement', producteur: 'departement', ouverture: since(), jours: WEEK,
        horaires: maisons.length === 0 ? '08:45-12:15/13:30-18:30' : '08:45-12:15/13:30-17:15',
        accueil: { capacite: 3, attente: rng.lognormal(12, 0.2) },
      }));
    }
  }
  const maisonOf = (c: Commune) => maisons.find((m) => m.territoire === c.territoire)!.id;

  // Antennes in the next towns of each territory, away from the maison.
  const antennes: DemoSite[] = [];
  for (const [i, t] of dep.territoires.entries()) {
    const wanted = i < 2 ? 2 : 1;
    const towns = [...t.communes].sort((a, b) => b.population - a.population);
    for (const c of towns) {
      if (antennes.filter((a) => a.territoire === c.territoire).length >= wanted) break;
      if (!farFromOthers(c, spacing * 2)) continue;
      antennes.push(add({
        id: `ANT-${idPart(c.nom)}`, nom: `Antenne sociale ${ofPlace(c.nom)}`, type: 'antenne', commune: c, gestionnaire: 'departement',
        producteur: 'departement', ouverture: since(), jours: 'lun,mar,jeu,ven', horaires: '09:00-12:00/13:30-17:00',
        accueil: { capacite: 1.2, attente: rng.lognormal(16, 0.25) },
      }));
    }
  }
  // The smallest antenne closed mid-way through the last year; the next one opened during the first.
  const bySize = [...antennes].sort((a, b) => a.commune.population - b.commune.population);
  const lastYear = new Date(window.last * 86_400_000).getUTCFullYear();
  const firstYear = new Date(window.first * 86_400_000).getUTCFullYear();
  if (bySize.length >= 3) {
    bySize[0].fermeture = dayOf(lastYear, 7, 1);
    bySize[1].ouverture = dayOf(firstYear, 10, 1);
  }

  // Two PMI centres in the two largest towns.
  for (const t of dep.territoires.slice(0, 2)) {
    add({
      id: `PMI-${idPart(t.centre.nom)}`, nom: `Centre de PMI ${ofPlace(t.centre.nom)}`, type: 'pmi', commune: t.centre, gestionnaire: 'departement',
      producteur: 'departement', ouverture: since(), jours: WEEK, horaires: '08:30-12:00/13:30-17:00',
      accueil: { capacite: 0, attente: rng.lognormal(9, 0.2) },
    });
  }

  // Rural permanences, half a day a week, where nothing else is near.
  const remote = [...dep.communes]
    .filter((c) => c.population >= 400)
    .sort((a, b) => nearest(b, departemental()) - nearest(a, departemental()));
  for (const c of remote.slice(0, 2)) {
    add({
      id: `PERM-${idPart(c.nom)}`, nom: `Permanence sociale ${ofPlace(c.nom)}`, type: 'permanence', commune: c, gestionnaire: 'departement',
      producteur: 'departement', ouverture: since(), jours: rng.pick(['mar', 'jeu']), horaires: '09:00-12:00', equipe: maisonOf(c),
      accueil: { capacite: 0.35, attente: rng.lognormal(9, 0.2) },
    });
  }

  // The bus: one row per stop, each with its day and half-day, in villages far from fixed sites.
  const stops: Commune[] = [];
  const villages = [...dep.communes].filter((c) => c.population >= 200).sort((a, b) => nearest(b, departemental()) - nearest(a, departemental()));
  for (const c of villages) {
    if (stops.length >= 6) break;
    if (stops.every((s) => distanceKm(s, c) >= spacing * 3)) stops.push(c);
  }
  const busSince = dayOf(firstYear - 2, 3, 1);
  stops.forEach((c, i) => {
    add({
      id: `BUS-${String(i + 1).padStart(2, '0')}`, nom: `${words.bus} — arrêt ${ofPlace(c.nom)}`, type: 'itinerant', commune: c,
      gestionnaire: 'departement', producteur: 'departement', ouverture: busSince, jours: ['lun', 'mar', 'mer', 'jeu', 'ven', 'mar'][i],
      horaires: i % 2 === 0 ? '09:30-12:00' : '14:00-16:30', equipe: maisons[0].id,
      accueil: { capacite: 0, attente: rng.lognormal(6, 0.2) },
    });
  });

  // France Services (ANCT), as published.
  for (const fs of franceServicesOf(dep.code, dep.current)) {
    const commune = dep.communes.find((c) => c.code === fs.code_commune);
    if (!commune) continue;
    add({
      id: fs.id, nom: fs.nom, type: 'france_services', commune, lat: fs.lat, lon: fs.lon, gestionnaire: fs.gestionnaire, producteur: 'anct',
      ouverture: fs.ouverture, jours: fs.jours, horaires: fs.horaires,
    });
  }

  // CCAS of the main communes; the largest opens on Saturday morning.
  for (const [i, c] of ccasCommunes(dep, 10).entries()) {
    add({
      id: `CCAS-${idPart(c.nom)}`, nom: `Centre communal d’action sociale ${ofPlace(c.nom)}`, type: 'ccas', commune: c, gestionnaire: 'commune',
      producteur: 'departement', ouverture: since(), jours: i === 0 ? `${WEEK},sam` : WEEK, horaires: i === 0 ? '08:30-12:00/13:30-17:30' : '08:30-12:00/13:30-17:00',
    });
  }

  // Food aid: in towns only, which leaves the rural « zones blanches » the seeds speak of.
  const towns = [...dep.communes].sort((a, b) => b.population - a.population);
  const food = [
    ...towns.slice(0, 4).map((c) => ({ c, nom: `Restos du Cœur — centre ${ofPlace(c.nom)}`, jours: 'mar,ven', horaires: '09:00-11:30' })),
    ...towns.slice(1, 6).map((c) => ({ c, nom: `Secours populaire — antenne ${ofPlace(c.nom)}`, jours: 'mer', horaires: '14:00-17:00' })),
    ...towns.slice(6, 8).map((c) => ({ c, nom: `Épicerie sociale ${ofPlace(c.nom)}`, jours: 'jeu,sam', horaires: '09:00-12:00' })),
  ];
  for (const f of food) {
    add({ id: `ALIM-${idPart(f.c.nom)}`, nom: f.nom, type: 'aide_alimentaire', commune: f.c, gestionnaire: 'association', producteur: 'departement', ouverture: since(), jours: f.jours, horaires: f.horaires });
  }
  return sites;
}

/** The communes whose CCAS appear in the demo: the largest ones. */
export function ccasCommunes(dep: Departement, count: number): Commune[] {
  return [...dep.communes].sort((a, b) => b.population - a.population || a.code.localeCompare(b.code)).slice(0, count);
}

/** Whether a site receives people on this day. */
export const openOn = (s: DemoSite, day: number) => (s.ouverture === undefined || s.ouverture <= day) && (s.fermeture === undefined || day < s.fermeture);

const nearest = (c: Commune, sites: DemoSite[]) => Math.min(Infinity, ...sites.map((s) => distanceKm(s, c)));

// How far apart communes are here (about 4 km in rural Loir-et-Cher, 1.5 in Hauts-de-Seine).
function medianNearest(communes: Commune[]): number {
  const d = communes.map((c) => Math.min(...communes.filter((o) => o !== c).map((o) => distanceKm(o, c)))).sort((a, b) => a - b);
  return d[Math.floor(d.length / 2)] ?? 3;
}
