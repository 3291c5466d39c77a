// `caf_allocataires`: households and people covered by each benefit, by commune and month, as the
// CAF publishes them: counts rounded to 5, cells under 5 households left empty (masked), UTF-8,
// `;`. Aggregates keep real magnitudes at every scale: only person-level files grow with it.
import { CsvWriter, OPEN_DATA } from '../csv.ts';
import type { Demo } from '../context.ts';
import { deliveryName } from '../output.ts';
import { Rng } from '../../random.ts';

const PRESTATIONS = ['RSA', 'PPA', 'AAH', 'AL', 'AF', 'autre'] as const;
// Households per inhabitant where hardship is average, how strongly hardship drives the count,
// people covered per household, and the yearly trend.
const RATES = [0.021, 0.058, 0.018, 0.072, 0.068, 0.03];
const ELASTICITY = [1.6, 0.6, 0.7, 1.2, 0.2, 0.8];
const PEOPLE_PER_HOUSEHOLD = [1.9, 2.3, 1.3, 1.9, 3.9, 2.4];
const TREND_PER_YEAR = [-0.01, 0.025, 0.02, 0.0, -0.01, 0.0];
/** The CAF masks cells behind fewer households than this. */
export const CAF_MASK_BELOW = 5;

export const roundTo5 = (x: number) => 5 * Math.round(x / 5);

export async function writeCafAllocataires(demo: Demo): Promise<void> {
  const rng = new Rng(demo.options.seed, 'caf_allocataires');
  const communes = [...demo.dep.communes].sort((a, b) => a.code.localeCompare(b.code));
  const producteur = `caf-${demo.dep.code}`;
  // Each count drifts slowly from month to month (autoregressive noise), around its level.
  const drift = new Float64Array(communes.length * PRESTATIONS.length).map(() => 0.08 * rng.normal());
  const firstYear = demo.months[0].year;
  for (const month of demo.months) {
    const partial = demo.out.start('caf_allocataires', deliveryName('caf_allocataires', producteur, month.id, 'csv'));
    const csv = new CsvWriter(partial, OPEN_DATA, ['mois', 'code_commune', 'prestation', 'foyers', 'personnes_couvertes'], [demo.first, demo.last]);
    const years = month.year - firstYear + (month.month - 1) / 12;
    communes.forEach((c, i) => {
      PRESTATIONS.forEach((p, j) => {
        const k = i * PRESTATIONS.length + j;
        drift[k] = 0.9 * drift[k] + 0.035 * rng.normal();
        const households = c.population * RATES[j] * c.precarite ** ELASTICITY[j] * (1 + TREND_PER_YEAR[j]) ** years * Math.exp(drift[k]);
        const people = households * PEOPLE_PER_HOUSEHOLD[j] * (1 + 0.04 * rng.normal());
        const masked = households < CAF_MASK_BELOW;
        csv.push(`${month.id};${c.code};${p};${masked ? '' : roundTo5(households)};${masked ? '' : Math.max(5, roundTo5(people))}`);
      });
    });
    await csv.close();
    demo.out.commit(partial, { source: 'caf_allocataires', producteur, periode: month.id, rows: csv.rows });
  }
}
