// `fsl_aides`: the requests to the housing solidarity fund (FSL), one half-yearly export of its
// manager's application (UTF-8, `,`, ISO dates, decimal point), as known at the extraction date.
// About 4,000 requests a year in Loir-et-Cher, more where hardship is higher, energy aid in
// winter; decided at the fortnightly commission, the latest still pending.
import { CsvWriter, PLAIN_UTF8 } from '../csv.ts';
import { workingDay } from '../calendar.ts';
import type { Demo } from '../context.ts';
import { deliveryName } from '../output.ts';
import { Rng, Weighted } from '../../random.ts';
import { communesBy, perMonth, periods, pseudonyms } from './schema_common.ts';

/** Requests a year per inhabitant at scale 1. */
export const FSL_REQUESTS_PER_INHABITANT = 0.012;
const TYPES = ['acces', 'maintien', 'energie', 'eau', 'autre'] as const;
const SHARES = [25, 12, 45, 10, 8];
// Median amounts granted (euros) and their spread: a deposit, rent arrears, bills.
const AMOUNTS: [number, number][] = [[480, 0.45], [850, 0.6], [260, 0.5], [150, 0.5], [220, 0.6]];
const GRANTED = [0.82, 0.7, 0.8, 0.82, 0.7];
const WINTER = new Set([11, 12, 1, 2, 3]);

export const FSL_HEADER = ['aide_id', 'usager_pseudo', 'commune_residence', 'date_demande', 'date_decision', 'type_aide', 'decision', 'montant_eur'];

export async function writeFslAides(demo: Demo): Promise<void> {
  const rng = new Rng(demo.options.seed, 'fsl_aides');
  const { dep, extraction } = demo;
  const communes = communesBy(demo, 1.6);
  const pseudo = pseudonyms('fsl', demo.options.seed);
  const producteur = `fsl-${dep.code}`;
  const perYear = FSL_REQUESTS_PER_INHABITANT * demo.volume * dep.population;
  let next = 0;
  for (const { periode, months } of periods(demo.months, 6)) {
    const partial = demo.out.start('fsl_aides', deliveryName('fsl_aides', producteur, periode, 'csv'));
    const csv = new CsvWriter(partial, PLAIN_UTF8, FSL_HEADER, [demo.first - 1, extraction + 1]);
    for (const month of months) {
      const types = new Weighted(SHARES.map((w, t) => (t === 2 && WINTER.has(month.month) ? w * 2 : w)));
      const n = rng.count(perMonth(perYear, month) * (WINTER.has(month.month) ? 1.15 : 0.9));
      for (let i = 0; i < n; i++) {
        const asked = workingDay(month.first + rng.int(month.end - month.first));
        if (asked >= month.end || asked > extraction) continue;
        next++;
        const t = types.draw(rng);
        const due = workingDay(asked + Math.round(rng.lognormal(rng.chance(0.12) ? 50 : 20, 0.45)));
        const decided = due <= extraction ? due : undefined;
        const decision = decided === undefined ? 'en_cours' : rng.chance(GRANTED[t]) ? 'accordee' : 'refusee';
        const amount = decision === 'accordee' ? Math.round(rng.lognormal(...AMOUNTS[t]) * 100) / 100 : undefined;
        // A household asks again now and then: one request in twelve reuses an earlier pseudonym.
        const household = rng.chance(0.08) && next > 12 ? rng.int(next) : next;
        if (csv.push([`FSL-${month.year}-${String(next).padStart(6, '0')}`, pseudo(household), dep.communes[communes.draw(rng)].code,
          csv.day(asked), csv.day(decided), TYPES[t], decision, csv.number(amount, 2, true)].join(','))) await csv.flush();
      }
    }
    await csv.close();
    demo.out.commit(partial, { source: 'fsl_aides', producteur, periode, rows: csv.rows });
  }
}
