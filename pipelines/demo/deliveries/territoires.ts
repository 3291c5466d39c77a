// `territoires`: which action territory each commune belongs to, as a workbook the département's
// observatory keeps (a title above the table, a note below; codes typed as numbers, as Excel does).
import { jsDate } from '../calendar.ts';
import type { Demo } from '../context.ts';
import { deliveryName } from '../output.ts';
import { writeWorkbook } from '../xlsx.ts';

export async function writeTerritoires(demo: Demo): Promise<void> {
  const producteur = `departement-${demo.dep.code}`;
  const periode = demo.options.fin.slice(0, 4);
  const partial = demo.out.start('territoires', deliveryName('territoires', producteur, periode, 'xlsx'));
  const communes = [...demo.dep.communes].sort((a, b) => a.code.localeCompare(b.code));
  await writeWorkbook(partial, {
    name: 'Territoires',
    title: [`Territoires d’action sociale — ${demo.dep.nom} (${demo.dep.code})`],
    header: ['code_commune', 'territoire'],
    rows: communes.map((c) => [/^\d+$/.test(c.code) ? Number(c.code) : c.code, demo.dep.territoires[c.territoire].nom]),
    notes: [`${communes.length} communes (COG en vigueur). Découpage adopté par l’assemblée départementale ; source : direction des solidarités.`],
  }, jsDate(demo.extraction));
  demo.out.commit(partial, { source: 'territoires', producteur, periode, rows: communes.length });
}
