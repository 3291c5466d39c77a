// `ase_informations_preoccupantes`: the informations of concern received by the département's
// unit (CRIP), one yearly workbook (a title above the table, a note below; a CSV when too large
// for a workbook), as known at the extraction date. About 1,500 a year in Loir-et-Cher; evaluated
// within the recommended three months two times out of three, the latest still under evaluation.
import { CsvWriter, FRENCH_UTF8 } from '../csv.ts';
import { jsDate, workingDay } from '../calendar.ts';
import type { Demo } from '../context.ts';
import { deliveryName } from '../output.ts';
import { Rng, Weighted } from '../../random.ts';
import { writeWorkbook, type XlsxCell } from '../xlsx.ts';
import { communesBy, perMonth, periods } from './schema_common.ts';

/** Informations a year per inhabitant at scale 1. */
export const IP_PER_INHABITANT = 0.0045;
const AGES = ['0_2', '3_5', '6_10', '11_15', '16_17', '18_20'] as const;
const AGE_SHARES = [16, 15, 27, 30, 10, 2];
const ISSUES = ['classement', 'accompagnement', 'mesure_administrative', 'saisine_juge'] as const;
const ISSUE_SHARES = [38, 27, 15, 20];
/** Beyond this, the unit exports CSV: a workbook that large is slow to write and to read. */
const XLSX_MAX_ROWS = 20_000;

export const IP_HEADER = ['ip_id', 'commune_residence', 'tranche_age_enfant', 'date_reception', 'date_fin_evaluation', 'issue'];

export async function writeAseInformationsPreoccupantes(demo: Demo): Promise<void> {
  const rng = new Rng(demo.options.seed, 'ase_informations_preoccupantes');
  const { dep, extraction } = demo;
  const communes = communesBy(demo, 1.5);
  const ages = new Weighted(AGE_SHARES);
  const issues = new Weighted(ISSUE_SHARES);
  const producteur = `crip-${dep.code}`;
  const perYear = IP_PER_INHABITANT * demo.volume * dep.population;
  let next = 0;
  for (const { periode, months } of periods(demo.months, 12)) {
    const rows: string[][] = [];
    for (const month of months) {
      const n = rng.count(perMonth(perYear, month));
      for (let i = 0; i < n; i++) {
        const received = month.first + rng.int(month.end - month.first);
        if (received > extraction) continue;
        next++;
        // Urgent situations are evaluated within days; most take two to three months; some far longer.
        const urgent = rng.chance(0.08);
        const done = workingDay(received + Math.round(urgent ? rng.lognormal(6, 0.5) : rng.lognormal(72, 0.42)));
        const evaluated = done <= extraction ? done : undefined;
        rows.push([`IP-${month.year}-${String(next).padStart(6, '0')}`, dep.communes[communes.draw(rng)].code, AGES[ages.draw(rng)],
          String(received), evaluated === undefined ? '' : String(evaluated), evaluated === undefined ? 'en_cours' : ISSUES[urgent ? 3 : issues.draw(rng)]]);
      }
    }
    if (rows.length === 0) continue;
    const day = (s: string) => (s === '' ? undefined : Number(s));
    if (rows.length > XLSX_MAX_ROWS) {
      const partial = demo.out.start('ase_informations_preoccupantes', deliveryName('ase_informations_preoccupantes', producteur, periode, 'csv'));
      const csv = new CsvWriter(partial, FRENCH_UTF8, IP_HEADER, [demo.first - 1, extraction + 1]);
      for (const r of rows) if (csv.push([r[0], r[1], r[2], csv.day(day(r[3])), csv.day(day(r[4])), r[5]].join(';'))) await csv.flush();
      await csv.close();
      demo.out.commit(partial, { source: 'ase_informations_preoccupantes', producteur, periode, rows: csv.rows });
      continue;
    }
    const partial = demo.out.start('ase_informations_preoccupantes', deliveryName('ase_informations_preoccupantes', producteur, periode, 'xlsx'));
    const cells: XlsxCell[][] = rows.map((r) => [r[0], r[1], r[2], jsDate(Number(r[3])), r[4] === '' ? null : jsDate(Number(r[4])), r[5]]);
    await writeWorkbook(partial, {
      name: 'IP',
      title: ['Cellule de recueil des informations préoccupantes — informations reçues', `Période : ${periode}`],
      header: IP_HEADER,
      rows: cells,
      notes: ['Date de fin d’évaluation vide : évaluation en cours à la date d’extraction.'],
    }, jsDate(extraction));
    demo.out.commit(partial, { source: 'ase_informations_preoccupantes', producteur, periode, rows: rows.length });
  }
}
