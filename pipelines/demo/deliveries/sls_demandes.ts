// `sls_demandes`: the requests made to the département's social services, one delivery a month
// from the département's business application (UTF-8 with BOM, `;`, JJ/MM/AAAA), each month as
// known at the extraction date. More requests where people are poorer; waits with a long tail,
// longer in summer, at year end and where social-worker posts are vacant; the latest still pending.
import { CsvWriter, FRENCH_UTF8 } from '../csv.ts';
import { weekday, workingDay, type Month } from '../calendar.ts';
import type { Demo } from '../context.ts';
import { distanceKm } from '../../reference/geo.ts';
import { deliveryName } from '../output.ts';
import { People } from '../people.ts';
import { Rng, Weighted } from '../../random.ts';
import { openOn, type DemoSite } from '../sites.ts';

/** Requests a year per inhabitant at scale 1, on average over the département. */
export const REQUESTS_PER_INHABITANT = 0.067;
/** Demand grows with hardship faster than in proportion. */
const HARDSHIP_ELASTICITY = 1.3;

const MOTIFS = ['insertion', 'logement', 'enfance_famille', 'autonomie', 'handicap', 'sante', 'budget', 'acces_droits', 'violences', 'autre'] as const;
// Motives by age band (rows follow People.ages).
const MOTIFS_BY_AGE = [
  [30, 18, 15, 0, 3, 5, 8, 12, 5, 4],
  [22, 16, 24, 0, 3, 4, 10, 11, 6, 4],
  [22, 16, 12, 2, 6, 6, 14, 12, 5, 5],
  [15, 14, 3, 8, 12, 9, 15, 15, 3, 6],
  [1, 10, 1, 45, 10, 10, 8, 10, 1, 4],
  [15, 15, 10, 10, 5, 5, 10, 15, 5, 10],
];
// Urgent situations are seen sooner, elderly people's files take longer to set up.
const WAIT_BY_MOTIF = [1, 1, 0.8, 1.25, 1.15, 1, 1, 0.9, 0.3, 1];
// Fewer requests in August and at Christmas, more at the start of the school year and in January.
const DEMAND_BY_MONTH = [1.1, 1.0, 1.05, 1.0, 0.92, 1.0, 0.85, 0.62, 1.15, 1.1, 1.05, 0.85];
const GROWTH_PER_YEAR = 0.04;

/** How much longer people wait when they ask on this day: summer and year end. */
export function seasonalWait(month: number, dayOfMonth: number): number {
  if (month === 8) return 1.6;
  if (month === 7) return dayOfMonth > 14 ? 1.45 : 1.2;
  if (month === 12) return dayOfMonth >= 15 ? 1.5 : 1.15;
  if (month === 1) return dayOfMonth < 10 ? 1.25 : 1;
  if (month === 9) return 1.1;
  return 1;
}

/** How much each commune asks, relatively: its population, weighted up where hardship is higher. */
export function requestWeights(demo: Demo): number[] {
  return demo.dep.communes.map((c) => c.population * c.precarite ** HARDSHIP_ELASTICITY);
}

export function peopleOf(demo: Demo): People {
  const weights = requestWeights(demo);
  const total = weights.reduce((a, b) => a + b, 0);
  const requests = REQUESTS_PER_INHABITANT * demo.dep.population * demo.volume * (demo.months.length / 12);
  return new People(demo.dep.communes, weights.map((w) => (w / total) * requests), demo.options.seed);
}

export async function writeSlsDemandes(demo: Demo): Promise<void> {
  const rng = new Rng(demo.options.seed, 'sls_demandes');
  const { dep, extraction } = demo;
  const weights = requestWeights(demo);
  const communes = new Weighted(weights);
  const people = peopleOf(demo);
  const motifs = MOTIFS_BY_AGE.map((w) => new Weighted(w));
  const routes = new Routes(demo);
  const perMonth = (REQUESTS_PER_INHABITANT * demo.volume * dep.population) / 12;
  const producteur = `departement-${dep.code}`;
  const firstYear = demo.months[0].year;
  let id = 0;
  for (const [m, month] of demo.months.entries()) {
    const partial = demo.out.start('sls_demandes', deliveryName('sls_demandes', producteur, month.id, 'csv'));
    const csv = new CsvWriter(partial, FRENCH_UTF8, ['demande_id', 'usager_pseudo', 'site_id', 'date_demande', 'date_premier_rdv', 'motif', 'canal', 'commune_residence', 'tranche_age', 'issue'], [demo.first - 1, extraction + 800]);
    const days = receptionDays(month);
    const n = rng.count(perMonth * DEMAND_BY_MONTH[month.month - 1] * (1 + GROWTH_PER_YEAR) ** (month.year - firstYear));
    const online = 0.12 + 0.03 * (month.year - firstYear);
    for (let i = 0; i < n; i++) {
      const c = communes.draw(rng);
      const person = people.draw(rng, c);
      const age = people.age(person);
      const motif = motifs[age].draw(rng);
      const day = days.draw(rng);
      const route = routes.route(rng, c, day, motif);
      const site = route.site;
      const canal = route.bus ? 'itinerant' : ((x) => (x < 0.5 - online / 2 ? 'accueil' : x < 1 - online ? 'telephone' : 'en_ligne'))(rng.next());
      // Log-normal waits, and a few files that stall for months.
      let wait = rng.lognormal(site.accueil!.attente * seasonalWait(month.month, day - month.first + 1) * WAIT_BY_MOTIF[motif] * (1 + 1.2 * routes.vacancy(site, m)), 0.75);
      if (rng.chance(0.06)) wait *= 2 + 4 * rng.next();
      // Reception without appointment: seen on the day.
      if (canal === 'accueil' && rng.chance(0.1)) wait = 0;
      let rdv: number | undefined = workingDay(day + Math.round(wait));
      let issue: string;
      const x = rng.next();
      if (rdv > extraction) {
        rdv = undefined;
        issue = 'en_cours';
      } else if (rng.chance(0.04)) {
        // Some never come to their appointment.
        rdv = undefined;
        issue = extraction - day > 30 ? 'sans_suite' : 'en_cours';
      } else if (extraction - rdv < 21 && x < 0.5) issue = 'en_cours';
      else issue = x < 0.38 ? 'oriente_interne' : x < 0.62 ? 'oriente_partenaire' : x < 0.95 ? 'clos' : 'sans_suite';
      id++;
      if (csv.push(`D${String(id).padStart(8, '0')};${people.pseudo(person)};${site.id};${csv.day(day)};${csv.day(rdv)};${MOTIFS[motif]};${canal};${dep.communes[c].code};${People.ages[age]};${issue}`)) await csv.flush();
    }
    await csv.close();
    demo.out.commit(partial, { source: 'sls_demandes', producteur, periode: month.id, rows: csv.rows });
  }
}

/** The working days of a month, Mondays busier, the days after Christmas quieter. */
function receptionDays(month: Month) {
  const days: number[] = [];
  const weights: number[] = [];
  for (let d = month.first; d < month.end; d++) {
    const w = weekday(d);
    if (w >= 5) continue;
    days.push(d);
    weights.push((w === 0 ? 1.25 : 1) * (month.month === 12 && d - month.first >= 23 ? 0.4 : 1));
  }
  const table = new Weighted(weights);
  return { draw: (rng: Rng) => days[table.draw(rng)] };
}

/**
 * Where a commune's residents are received: mostly the nearest sites (the maison of their
 * territory first), the PMI for family matters, the bus where it stops nearer than any fixed site.
 */
class Routes {
  private readonly fixed: DemoSite[];
  private readonly pmi: DemoSite[];
  private readonly bus: DemoSite[];
  private readonly epochs: number[];
  private readonly tables = new Map<number, Weighted>();
  private readonly nearBus: (DemoSite | undefined)[];
  private readonly nearPmi: (DemoSite | undefined)[];
  private readonly noVacancy = new Float64Array(0);

  constructor(private readonly demo: Demo) {
    const receiving = demo.sites.filter((s) => s.accueil);
    this.fixed = receiving.filter((s) => s.accueil!.capacite > 0);
    this.pmi = receiving.filter((s) => s.type === 'pmi');
    this.bus = receiving.filter((s) => s.type === 'itinerant');
    // Sites open or close during the demo: one table per stretch of time between such dates.
    this.epochs = [...new Set(this.fixed.flatMap((s) => [s.ouverture, s.fermeture]).filter((d): d is number => d !== undefined && d > demo.first && d <= demo.last))].sort((a, b) => a - b);
    this.nearBus = demo.dep.communes.map((c) => {
      const stop = nearestOf(this.bus, c);
      return stop && distanceKm(stop, c) < Math.min(...this.fixed.map((s) => distanceKm(s, c))) ? stop : undefined;
    });
    this.nearPmi = demo.dep.communes.map((c) => {
      const p = nearestOf(this.pmi, c);
      return p && distanceKm(p, c) < 25 ? p : undefined;
    });
  }

  route(rng: Rng, commune: number, day: number, motif: number): { site: DemoSite; bus: boolean } {
    const stop = this.nearBus[commune];
    if (stop && rng.chance(0.3)) return { site: stop, bus: true };
    const pmi = this.nearPmi[commune];
    if (pmi && motif === 2 && rng.chance(0.55)) return { site: pmi, bus: false };
    let epoch = 0;
    while (epoch < this.epochs.length && day >= this.epochs[epoch]) epoch++;
    const key = commune * 16 + epoch;
    let table = this.tables.get(key);
    if (!table) {
      const c = this.demo.dep.communes[commune];
      const at = epoch === 0 ? this.demo.first : this.epochs[epoch - 1];
      // Near sites draw most people; the maison of one's own territory draws more.
      table = new Weighted(this.fixed.map((s) => (openOn(s, at) ? s.accueil!.capacite * Math.exp(-distanceKm(s, c) / 8) * (s.territoire === c.territoire ? 2 : 1) + 1e-9 : 0)));
      this.tables.set(key, table);
    }
    return { site: this.fixed[table.draw(rng)], bus: false };
  }

  /** Share of social-worker posts vacant in the team serving this site, this month. */
  vacancy(site: DemoSite, month: number): number {
    return (this.demo.staff.vacancy.get(site.equipe) ?? this.noVacancy)[month] ?? 0;
  }
}

function nearestOf(sites: DemoSite[], point: { lat: number; lon: number }): DemoSite | undefined {
  let best: DemoSite | undefined;
  for (const s of sites) if (!best || distanceKm(s, point) < distanceKm(best, point)) best = s;
  return best;
}
