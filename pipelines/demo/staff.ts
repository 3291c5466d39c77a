// The staff of the département's sites, month by month: posts by job, each post filled or vacant
// (a vacancy lasts: social workers are hard to recruit, doctors harder still). Requests wait
// longer where social-worker posts are vacant, so delays and vacancies tell the same story.
import type { Effectif } from '../contracts/effectifs.ts';
import type { Month } from './calendar.ts';
import { sum, type Departement } from './departement.ts';
import { openOn, type DemoSite } from './sites.ts';
import { Rng } from '../random.ts';

type Metier = Effectif['metier'];

// Full-time equivalents of a standard site of each type.
const PLANS: Partial<Record<DemoSite['type'], Partial<Record<Metier, number>>>> = {
  maison_departementale: {
    assistant_social: 6, cesf: 1.5, conseiller_insertion: 2, secretaire_medico_social: 2.5, agent_accueil: 1.5,
    psychologue: 0.5, puericultrice: 1, auxiliaire_pmi: 1, medecin: 0.3, autre: 0.5,
  },
  antenne: { assistant_social: 2, cesf: 0.5, secretaire_medico_social: 1, agent_accueil: 0.5 },
  pmi: { puericultrice: 2.5, auxiliaire_pmi: 2, medecin: 0.8, secretaire_medico_social: 1, psychologue: 0.3 },
};

// Monthly chances that a filled post falls vacant, and that a vacant one is filled.
const TURNOVER: Partial<Record<Metier, { leave: number; fill: number }>> = {
  assistant_social: { leave: 0.025, fill: 0.15 },
  medecin: { leave: 0.02, fill: 0.05 },
  psychologue: { leave: 0.02, fill: 0.1 },
  puericultrice: { leave: 0.02, fill: 0.12 },
};
const USUAL = { leave: 0.012, fill: 0.3 };

// People followed in a month per full-time worker, for the jobs that follow people.
const CASELOAD: Partial<Record<Metier, number>> = { assistant_social: 62, cesf: 35, conseiller_insertion: 85, puericultrice: 95 };

export interface StaffLine {
  mois: string;
  site_id: string;
  metier: Metier;
  etp: number;
  postes_ouverts: number;
  postes_vacants: number;
  file_active?: number;
}

export interface Staff {
  /** One list of lines per month, in the order of `months`. */
  lines: StaffLine[][];
  /** Share of social-worker posts vacant, by site (the team's site) and month index. */
  vacancy: Map<string, Float64Array>;
}

export function buildStaff(dep: Departement, sites: DemoSite[], months: Month[], seed: number): Staff {
  const rng = new Rng(seed, 'effectifs');
  const lines: StaffLine[][] = months.map(() => []);
  const vacancy = new Map<string, Float64Array>();
  const staffed = sites.filter((s) => PLANS[s.type]);
  const maisons = staffed.filter((s) => s.type === 'maison_departementale');
  // A maison's size follows the population it serves (its territory's, shared between its
  // maisons): the standard plan is for 30,000 inhabitants.
  const served = (s: DemoSite) => dep.territoires[s.territoire].population / maisons.filter((m) => m.territoire === s.territoire).length;
  for (const site of staffed) {
    const size = site.type === 'maison_departementale' ? Math.min(4, Math.max(0.6, served(site) / 30_000)) : rng.lognormal(1, 0.2);
    const shares = new Float64Array(months.length);
    for (const [metier, base] of Object.entries(PLANS[site.type]!) as [Metier, number][]) {
      const posts = postsFor(base * size, rng);
      const turnover = TURNOVER[metier] ?? USUAL;
      // Start from the long-run share of vacant posts.
      let vacant = posts.map(() => rng.chance(turnover.leave / (turnover.leave + turnover.fill)));
      months.forEach((month, i) => {
        vacant = vacant.map((v) => (v ? !rng.chance(turnover.fill) : rng.chance(turnover.leave)));
        if (!openOn(site, month.first) && !openOn(site, month.end - 1)) return;
        // Sick leave and part-time arrangements shave a little off the posts filled.
        const present = sum(posts.filter((_, p) => !vacant[p])) - (rng.chance(0.15) ? 0.2 + 0.1 * rng.int(4) : 0);
        const etp = Math.max(0, Math.round(present * 10) / 10);
        const caseload = CASELOAD[metier];
        const vacants = vacant.filter(Boolean).length;
        lines[i].push({
          mois: month.id, site_id: site.id, metier, etp, postes_ouverts: posts.length, postes_vacants: vacants,
          file_active: caseload && etp > 0 ? Math.round(etp * rng.lognormal(caseload, 0.12) * (month.month === 8 ? 0.85 : 1)) : undefined,
        });
        if (metier === 'assistant_social') shares[i] = vacants / posts.length;
      });
    }
    vacancy.set(site.id, shares);
  }
  return { lines, vacancy };
}

/** Posts making up `etp`: mostly full time, some at 80 % or half time, and a part post for the remainder. */
function postsFor(etp: number, rng: Rng): number[] {
  const posts: number[] = [];
  let left = Math.max(etp, 0.3);
  while (left >= 0.75) {
    const q = rng.chance(0.8) ? 1 : rng.chance(0.75) ? 0.8 : 0.5;
    posts.push(q);
    left -= q;
  }
  if (left >= 0.2) posts.push(Math.round(left * 10) / 10);
  return posts;
}
