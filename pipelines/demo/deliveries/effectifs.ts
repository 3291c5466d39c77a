// `effectifs`: posts, vacancies, full-time equivalents and caseloads by site and job, one workbook
// a month from the human-resources department (a title above the table, a note below).
import { jsDate, MONTH_NAMES } from '../calendar.ts';
import type { Demo } from '../context.ts';
import { deliveryName } from '../output.ts';
import { writeWorkbook } from '../xlsx.ts';

export async function writeEffectifs(demo: Demo): Promise<void> {
  const producteur = `departement-${demo.dep.code}`;
  for (const [i, month] of demo.months.entries()) {
    const lines = demo.staff.lines[i];
    if (lines.length === 0) continue;
    const partial = demo.out.start('effectifs', deliveryName('effectifs', producteur, month.id, 'xlsx'));
    await writeWorkbook(partial, {
      name: 'Effectifs',
      title: [`Effectifs des services sociaux départementaux — ${MONTH_NAMES[month.month - 1]} ${month.year}`],
      header: ['mois', 'site_id', 'metier', 'etp', 'postes_ouverts', 'postes_vacants', 'file_active'],
      rows: lines.map((l) => [l.mois, l.site_id, l.metier, l.etp, l.postes_ouverts, l.postes_vacants, l.file_active ?? null]),
      notes: [
        'ETP : équivalents temps plein présents dans le mois (hors postes vacants, arrêts longs déduits).',
        'File active : personnes suivies dans le mois ; vide pour les métiers sans suivi individuel.',
      ],
      formats: { 3: '0.0' },
    }, jsDate(month.end + 4));
    demo.out.commit(partial, { source: 'effectifs', producteur, periode: month.id, rows: lines.length });
  }
}
