// `rsa_parcours`: the entries into the RSA and what followed (orientation, référent, first
// appointment, contract, exit), one delivery a quarter from the département's insertion
// application (UTF-8, `,`, ISO dates), as known at the extraction date. About 88 % of new
// beneficiaries are oriented within two months, as Loir-et-Cher reports.
import { CsvWriter, PLAIN_UTF8 } from '../csv.ts';
import { dayOf, workingDay } from '../calendar.ts';
import type { Demo } from '../context.ts';
import { deliveryName } from '../output.ts';
import { Rng, Weighted } from '../../random.ts';
import { peopleOf } from './sls_demandes.ts';

/** Entries a year per inhabitant at scale 1, on average over the département (Loir-et-Cher: about 2,800). */
export const ENTRIES_PER_INHABITANT = 0.0085;
const HARDSHIP_ELASTICITY = 1.8;
// Entries peak in January and September (end of rights, return to school).
const ENTRIES_BY_MONTH = [1.2, 1.0, 1.0, 0.95, 0.9, 0.95, 0.9, 0.85, 1.15, 1.1, 1.0, 1.0];
const ORIENTATIONS = ['professionnelle', 'sociale', 'socio_professionnelle'] as const;

export async function writeRsaParcours(demo: Demo): Promise<void> {
  const rng = new Rng(demo.options.seed, 'rsa_parcours');
  const { dep, extraction } = demo;
  const weights = dep.communes.map((c) => c.population * c.precarite ** HARDSHIP_ELASTICITY);
  const communes = new Weighted(weights);
  // RSA beneficiaries are, for the most part, people the social services already know.
  const people = peopleOf(demo);
  const perMonth = (ENTRIES_PER_INHABITANT * demo.volume * dep.population) / 12;
  const orientation = new Weighted([45, 35, 20]);
  const producteur = `departement-${dep.code}`;
  const quarters = new Map<string, typeof demo.months>();
  for (const m of demo.months) {
    const q = `${m.year}-T${Math.ceil(m.month / 3)}`;
    quarters.set(q, [...(quarters.get(q) ?? []), m]);
  }
  const header = ['usager_pseudo', 'commune_residence', 'date_premier_versement', 'date_orientation', 'type_orientation', 'date_premier_rdv', 'referent_unique', 'date_contrat', 'date_sortie'];
  for (const [periode, months] of quarters) {
    const partial = demo.out.start('rsa_parcours', deliveryName('rsa_parcours', producteur, periode, 'csv'));
    const csv = new CsvWriter(partial, PLAIN_UTF8, header, [demo.first - 1, extraction + 800]);
    // A person enters the RSA at most once on a given day: the key of the format.
    const seen = new Set<number>();
    for (const month of months) {
      // The CAF pays on the 5th; the others are back payments and corrections.
      const payday = workingDay(dayOf(month.year, month.month, 5));
      const n = rng.count(perMonth * ENTRIES_BY_MONTH[month.month - 1]);
      for (let i = 0; i < n; i++) {
        const c = communes.draw(rng);
        const paid = rng.chance(0.8) ? payday : workingDay(month.first + rng.int(month.end - month.first));
        if (paid >= month.end) continue;
        let person = people.draw(rng, c);
        // Beyond the people already known: newcomers, on pseudonyms of their own.
        if (rng.chance(0.4)) person = people.total + rng.int(1 << 30);
        if (seen.has(person * 4096 + (paid - month.first))) continue;
        seen.add(person * 4096 + (paid - month.first));
        const exit = paid + 90 + Math.round(rng.exponential(480));
        // 3 % are never oriented; the others after a log-normal delay (median 29 days).
        const oriented = rng.chance(0.03) ? undefined : workingDay(paid + Math.max(3, Math.round(rng.lognormal(29, 0.55))));
        const known = (d: number | undefined) => (d !== undefined && d <= extraction && d < exit ? d : undefined);
        const orientedOn = known(oriented);
        const type = orientedOn !== undefined ? ORIENTATIONS[orientation.draw(rng)] : '';
        const met = orientedOn !== undefined && rng.chance(0.92) ? known(workingDay(orientedOn + Math.max(1, Math.round(rng.lognormal(16, 0.6))))) : undefined;
        const referent = met !== undefined || (orientedOn !== undefined && rng.chance(0.3));
        const contract = met !== undefined && rng.chance(0.78) ? known(workingDay(met + Math.round(rng.lognormal(24, 0.7)))) : undefined;
        const left = exit <= extraction ? exit : undefined;
        if (csv.push([
          people.pseudo(person), dep.communes[c].code, csv.day(paid), csv.day(orientedOn), type, csv.day(met),
          referent ? 'Oui' : 'Non', csv.day(contract), csv.day(left),
        ].join(','))) await csv.flush();
      }
    }
    await csv.close();
    demo.out.commit(partial, { source: 'rsa_parcours', producteur, periode, rows: csv.rows });
  }
}
