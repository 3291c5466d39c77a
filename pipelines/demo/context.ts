// What every delivery of the demo shares: the département, its sites and staff, the months
// covered, the extraction date and the volume asked for.
import { dayOf, monthOf, monthsBetween, type Month } from './calendar.ts';
import { loadDepartement, type Departement } from './departement.ts';
import { buildSites, type DemoSite } from './sites.ts';
import { buildStaff, type Staff } from './staff.ts';
import type { Output } from './output.ts';

export interface DemoOptions {
  departement: string;
  /** 1 ≈ Loir-et-Cher over 2 years (about 45,000 requests); 10 ≈ a large département over 5 years (about 10 million). */
  scale: number;
  seed: number;
  /** Last month covered (AAAA-MM); the data are extracted on the 5th of the next month. */
  fin: string;
  contours?: string;
}

export interface Demo {
  options: DemoOptions;
  dep: Departement;
  sites: DemoSite[];
  staff: Staff;
  months: Month[];
  first: number;
  last: number;
  /** The date the partners extracted their data: later events are not known yet. */
  extraction: number;
  /** Multiplies every person-level volume (requests, RSA entries, CCAS aid, respondents). */
  volume: number;
  out: Output;
}

/** Person-level volumes grow like the scale below 1 and like its square above (10 → × 100). */
export const volumeOf = (scale: number) => (scale <= 1 ? scale : scale * scale);

/** Years covered: 1 for tiny test sets, 2 at scale 1, one more every 3 steps, 5 at scale 10. */
export const yearsOf = (scale: number) => (scale < 0.25 ? 1 : scale <= 1 ? 2 : Math.min(5, 2 + Math.floor((scale - 1) / 3)));

export function prepareDemo(options: DemoOptions, out: Output): Demo {
  const [y, m] = options.fin.split('-').map(Number);
  const months = monthsBetween(monthOf(y - yearsOf(options.scale), m + 1).id, options.fin);
  const first = months[0].first;
  const last = months[months.length - 1].end - 1;
  const extraction = dayOf(y, m + 1, 5);
  const dep = loadDepartement(options.departement, options.seed, options.contours);
  const sites = buildSites(dep, options.seed, { first, last });
  const staff = buildStaff(dep, sites, months, options.seed);
  return { options, dep, sites, staff, months, first, last, extraction, volume: volumeOf(options.scale), out };
}
