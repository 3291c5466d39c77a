// `mdph_demandes`: the requests to the MDPH, one line per benefit asked, one quarterly export of
// its application (Windows-1252, `;`, JJ/MM/AAAA), as known at the extraction date. About 15,000
// a year in Loir-et-Cher; decided in four months or so (the national average is over four), the
// PCH longer, the disability card sooner; the latest still pending.
import { CsvWriter, FRENCH_WINDOWS } from '../csv.ts';
import { workingDay } from '../calendar.ts';
import type { Demo } from '../context.ts';
import { deliveryName } from '../output.ts';
import { Rng, Weighted } from '../../random.ts';
import { communesBy, perMonth, periods, pseudonyms } from './schema_common.ts';

/** Benefits asked a year per inhabitant at scale 1. */
export const MDPH_REQUESTS_PER_INHABITANT = 0.045;
const PRESTATIONS = ['pch', 'aah', 'rqth', 'cmi', 'orientation_esms', 'aeeh', 'autre'] as const;
const SHARES = [9, 17, 22, 25, 9, 7, 11];
// Median days to the decision of each benefit, and how often it is granted.
const MEDIAN_DAYS = [140, 115, 95, 85, 120, 100, 100];
const GRANTED = [0.7, 0.72, 0.88, 0.8, 0.85, 0.8, 0.75];
const AGES = ['moins_25', '25_39', '40_54', '55_64', '65_plus', 'inconnue'] as const;
const ADULT_AGES = [6, 22, 32, 28, 11, 1];

export const MDPH_HEADER = ['demande_id', 'usager_pseudo', 'commune_residence', 'tranche_age', 'date_depot', 'date_decision', 'prestation', 'decision'];

export async function writeMdphDemandes(demo: Demo): Promise<void> {
  const rng = new Rng(demo.options.seed, 'mdph_demandes');
  const { dep, extraction } = demo;
  const communes = communesBy(demo, 0.5);
  const pseudo = pseudonyms('mdph', demo.options.seed);
  const prestations = new Weighted(SHARES);
  const adultAges = new Weighted(ADULT_AGES);
  const producteur = `mdph-${dep.code}`;
  const perYear = MDPH_REQUESTS_PER_INHABITANT * demo.volume * dep.population;
  let next = 0;
  let person = 0;
  for (const { periode, months } of periods(demo.months, 3)) {
    const partial = demo.out.start('mdph_demandes', deliveryName('mdph_demandes', producteur, periode, 'csv'));
    const csv = new CsvWriter(partial, FRENCH_WINDOWS, MDPH_HEADER, [demo.first - 1, extraction + 1]);
    for (const month of months) {
      // A person asks for 1.6 benefits on average, in one file deposited on one day.
      const files = rng.count(perMonth(perYear, month) / 1.6);
      for (let i = 0; i < files; i++) {
        const deposited = workingDay(month.first + rng.int(month.end - month.first));
        if (deposited >= month.end || deposited > extraction) continue;
        person++;
        const commune = dep.communes[communes.draw(rng)].code;
        const asked = new Set([prestations.draw(rng)]);
        while (rng.chance(0.38) && asked.size < 4) asked.add(prestations.draw(rng));
        const child = asked.has(5);
        const age = child ? 'moins_25' : AGES[adultAges.draw(rng)];
        // The benefits of one file go to the same commission, most often on the same day.
        const backlog = rng.lognormal(1, 0.3);
        for (const p of [...asked].sort()) {
          if (child && p === 1) continue;
          next++;
          const due = workingDay(deposited + Math.round(MEDIAN_DAYS[p] * backlog * rng.lognormal(1, 0.2)));
          const decided = due <= extraction ? due : undefined;
          const decision = decided === undefined ? 'en_cours' : rng.chance(0.03) ? 'sans_suite' : rng.chance(GRANTED[p]) ? 'accordee' : 'refusee';
          if (csv.push([`MDPH${String(next).padStart(8, '0')}`, pseudo(person), commune, age, csv.day(deposited), csv.day(decided), PRESTATIONS[p], decision].join(';'))) await csv.flush();
        }
      }
    }
    await csv.close();
    demo.out.commit(partial, { source: 'mdph_demandes', producteur, periode, rows: csv.rows });
  }
}
