// `apa_demandes`: the requests for the APA (allocation personnalisée d’autonomie), one quarterly
// export of the département's autonomy application (UTF-8 with BOM, `;`, JJ/MM/AAAA), as known at
// the extraction date. About 5,000 requests a year in Loir-et-Cher (10,000 beneficiaries, DREES
// 2020); the file is complete after a few weeks, decided within the legal two months four times
// out of five, some late, the latest still pending.
import { CsvWriter, FRENCH_UTF8 } from '../csv.ts';
import { workingDay } from '../calendar.ts';
import type { Demo } from '../context.ts';
import { deliveryName } from '../output.ts';
import { Rng, Weighted } from '../../random.ts';
import { communesBy, perMonth, periods, pseudonyms } from './schema_common.ts';

/** Requests a year per inhabitant at scale 1. */
export const APA_REQUESTS_PER_INHABITANT = 0.015;
const AGES = ['60_74', '75_84', '85_plus'] as const;
// GIR of those assessed, at home and in an institution (GIR 5–6 are not eligible).
const GIR_HOME = [2, 15, 20, 50, 9, 4];
const GIR_INSTITUTION = [14, 38, 18, 24, 4, 2];

export const APA_HEADER = ['demande_id', 'usager_pseudo', 'commune_residence', 'tranche_age_pa', 'date_depot', 'date_dossier_complet', 'date_decision', 'lieu', 'gir', 'decision'];

export async function writeApaDemandes(demo: Demo): Promise<void> {
  const rng = new Rng(demo.options.seed, 'apa_demandes');
  const { dep, extraction } = demo;
  const communes = communesBy(demo, 0);
  const pseudo = pseudonyms('apa', demo.options.seed);
  const ages = new Weighted([22, 35, 43]);
  const girs = [new Weighted(GIR_HOME), new Weighted(GIR_INSTITUTION)];
  const producteur = `departement-${dep.code}`;
  const perYear = APA_REQUESTS_PER_INHABITANT * demo.volume * dep.population;
  let next = 0;
  const known = (d: number) => (d <= extraction ? d : undefined);
  for (const { periode, months } of periods(demo.months, 3)) {
    const partial = demo.out.start('apa_demandes', deliveryName('apa_demandes', producteur, periode, 'csv'));
    const csv = new CsvWriter(partial, FRENCH_UTF8, APA_HEADER, [demo.first - 1, extraction + 1]);
    for (const month of months) {
      const n = rng.count(perMonth(perYear, month));
      for (let i = 0; i < n; i++) {
        const deposited = workingDay(month.first + rng.int(month.end - month.first));
        if (deposited >= month.end || deposited > extraction) continue;
        next++;
        // One request in ten is a revision by someone who already asked.
        const person = rng.chance(0.1) && next > 10 ? rng.int(next) : next;
        const institution = rng.chance(0.38);
        const complete = rng.chance(0.97) ? known(workingDay(deposited + Math.round(rng.lognormal(16, 0.7)))) : undefined;
        // Decided after the evaluation visit: median 6 weeks, longer in summer, a long tail of late files.
        const summer = month.month === 7 || month.month === 8 ? 1.25 : 1;
        const decided = complete !== undefined ? known(workingDay(complete + Math.round(rng.lognormal(40 * summer, rng.chance(0.1) ? 0.8 : 0.35)))) : undefined;
        const assessed = decided !== undefined || (complete !== undefined && rng.chance(0.5));
        const gir = assessed ? girs[institution ? 1 : 0].draw(rng) + 1 : undefined;
        const decision = decided === undefined ? 'en_cours'
          : rng.chance(0.03) ? 'sans_suite'
            : gir !== undefined && gir <= 4 && rng.chance(0.97) ? 'accordee' : 'refusee';
        if (csv.push([
          `APA-${new Date(deposited * 86_400_000).getUTCFullYear()}-${String(next).padStart(6, '0')}`, pseudo(person), dep.communes[communes.draw(rng)].code,
          AGES[ages.draw(rng)], csv.day(deposited), csv.day(complete), csv.day(decided), institution ? 'etablissement' : 'domicile',
          gir === undefined ? '' : String(gir), decision,
        ].join(';'))) await csv.flush();
      }
    }
    await csv.close();
    demo.out.commit(partial, { source: 'apa_demandes', producteur, periode, rows: csv.rows });
  }
}
