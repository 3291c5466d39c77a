// `ase_mesures`: the child-protection measures in force on the last day of each month, by action
// territory and type, one yearly export (Windows-1252, `;`). About 1,000 children in care in
// Loir-et-Cher (DREES 2020: 990 children entrusted to the ASE) and 900 educational measures at
// home, more where hardship is higher, slowly rising. An aggregate: real magnitudes at every scale.
import { CsvWriter, FRENCH_WINDOWS } from '../csv.ts';
import type { Demo } from '../context.ts';
import { deliveryName } from '../output.ts';
import { Rng } from '../../random.ts';
import { TYPES_MESURE } from '../../contracts/ase_mesures.ts';
import { periods } from './schema_common.ts';

// Measures per 1,000 inhabitants where hardship is average (Loir-et-Cher: 330,000 inhabitants).
const RATES = [1.75, 0.95, 0.25, 2.05, 0.45, 0.15];
const TREND_PER_YEAR = [0.02, 0.03, 0.01, 0.015, 0.04, 0];
const HARDSHIP_ELASTICITY = 1.4;

export async function writeAseMesures(demo: Demo): Promise<void> {
  const rng = new Rng(demo.options.seed, 'ase_mesures');
  const { dep } = demo;
  const producteur = `departement-${dep.code}`;
  const drift = new Float64Array(dep.territoires.length * TYPES_MESURE.length).map(() => 0.05 * rng.normal());
  const firstYear = demo.months[0].year;
  for (const { periode, months } of periods(demo.months, 12)) {
    const partial = demo.out.start('ase_mesures', deliveryName('ase_mesures', producteur, periode, 'csv'));
    const csv = new CsvWriter(partial, FRENCH_WINDOWS, ['mois', 'territoire', 'type_mesure', 'mesures'], [demo.first, demo.last]);
    for (const month of months) {
      const years = month.year - firstYear + (month.month - 1) / 12;
      dep.territoires.forEach((t, i) => {
        const weight = t.communes.reduce((s, c) => s + c.population * c.precarite ** HARDSHIP_ELASTICITY, 0);
        TYPES_MESURE.forEach((type, j) => {
          const k = i * TYPES_MESURE.length + j;
          drift[k] = 0.85 * drift[k] + 0.02 * rng.normal();
          const n = Math.round((weight / 1000) * RATES[j] * (1 + TREND_PER_YEAR[j]) ** years * Math.exp(drift[k]));
          csv.push([month.id, csv.cell(t.nom), type, csv.number(n, 0)].join(';'));
        });
      });
    }
    await csv.close();
    demo.out.commit(partial, { source: 'ase_mesures', producteur, periode, rows: csv.rows });
  }
}
